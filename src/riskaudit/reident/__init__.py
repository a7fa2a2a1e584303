"""Re-identification risk over the quasi-identifiers, computed on the engine."""

from ._equivalence import class_size_histogram, class_sizes
from ._prosecutor import ProsecutorRisk, prosecutor_risk, size_threshold
from ._result import ReidentResult
from ._scan import scan_reident

__all__ = [
    "ProsecutorRisk",
    "ReidentResult",
    "class_size_histogram",
    "class_sizes",
    "prosecutor_risk",
    "scan_reident",
    "size_threshold",
]
