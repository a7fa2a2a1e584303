"""The due-diligence scorecard: results judged by a policy, bound to the exact data bytes."""

from ._model import SCHEMA_VERSION, Check, DatasetInfo, FileInfo, PolicyInfo, Results, Scorecard, ToolInfo
from ._status import SEVERITY, Status, worst

__all__ = [
    "SCHEMA_VERSION",
    "SEVERITY",
    "Check",
    "DatasetInfo",
    "FileInfo",
    "PolicyInfo",
    "Results",
    "Scorecard",
    "Status",
    "ToolInfo",
    "worst",
]
