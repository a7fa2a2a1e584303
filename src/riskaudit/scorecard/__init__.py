"""The due-diligence scorecard: results judged by a policy, bound to the exact data bytes."""

from ._model import SCHEMA_VERSION, Check, DatasetInfo, FileInfo, PolicyInfo, Results, Scorecard, ToolInfo
from ._status import MEASURED, SEVERITY, STATUSES, Status, count_statuses, summary_line, worst

__all__ = [
    "SCHEMA_VERSION",
    "MEASURED",
    "SEVERITY",
    "STATUSES",
    "Check",
    "DatasetInfo",
    "FileInfo",
    "PolicyInfo",
    "Results",
    "Scorecard",
    "Status",
    "ToolInfo",
    "count_statuses",
    "summary_line",
    "worst",
]
