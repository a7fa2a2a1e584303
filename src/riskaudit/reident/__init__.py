"""Re-identification risk over the quasi-identifiers, computed on the engine."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "ProsecutorRisk": "_result",
    "ReidentResult": "_result",
    "class_size_histogram": "_equivalence",
    "class_sizes": "_equivalence",
    "prosecutor_risk": "_prosecutor",
    "scan_reident": "_scan",
    "size_threshold": "_prosecutor",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "ProsecutorRisk",
    "ReidentResult",
    "class_size_histogram",
    "class_sizes",
    "prosecutor_risk",
    "scan_reident",
    "size_threshold",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._equivalence import class_size_histogram, class_sizes
    from ._prosecutor import prosecutor_risk, size_threshold
    from ._result import ProsecutorRisk, ReidentResult
    from ._scan import scan_reident
