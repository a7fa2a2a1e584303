"""Data-quality due diligence: duplicates, missingness, broken columns, class balance, conflicting labels and
train/test overlap, as counts, shares and row numbers (never cell values)."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "ClassBalance": "_result",
    "ColumnIssues": "_result",
    "ConflictingLabels": "_result",
    "Duplicates": "_result",
    "GroupRows": "_result",
    "LabelIssues": "_result",
    "LabelMissingness": "_result",
    "Missing": "_result",
    "MissingColumn": "_result",
    "MissingPattern": "_result",
    "OutlierCounts": "_result",
    "QualityResult": "_result",
    "SentinelCount": "_result",
    "TrainTest": "_result",
    "scan_quality": "_scan",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
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

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
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
