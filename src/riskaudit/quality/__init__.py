"""Data-quality due diligence: duplicates, missingness, broken columns, class balance, conflicting labels and
train/test overlap, as counts, shares and row numbers (never cell values)."""

from ._result import (
    ClassBalance,
    ColumnIssues,
    ConflictingLabels,
    Duplicates,
    GroupRows,
    LabelIssues,
    LabelMissingness,
    Missing,
    MissingColumn,
    MissingPattern,
    OutlierCounts,
    QualityResult,
    SentinelCount,
    TrainTest,
)
from ._scan import scan_quality

__all__ = [
    "ClassBalance",
    "ColumnIssues",
    "ConflictingLabels",
    "Duplicates",
    "GroupRows",
    "LabelIssues",
    "LabelMissingness",
    "Missing",
    "MissingColumn",
    "MissingPattern",
    "OutlierCounts",
    "QualityResult",
    "SentinelCount",
    "TrainTest",
    "scan_quality",
]
