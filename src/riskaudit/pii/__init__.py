"""PII detection: offline Presidio plus riskaudit's recognizers, column roles and legal mapping."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "ColumnPii": "_result",
    "ENTITIES": "_roles",
    "EntityStat": "_result",
    "FreeTextColumn": "_result",
    "FreeTextEntity": "_result",
    "HIPAA_LETTERS": "_roles",
    "PiiResult": "_result",
    "QiCandidate": "_result",
    "ShapeStats": "_result",
    "analyze_column": "_column_scan",
    "build_analyzer": "_analyzer",
    "mask_value": "_mask",
    "name_hint": "_roles",
    "sample_columns": "_scan",
    "scan_free_text": "_free_text",
    "scan_pii": "_scan",
    "spacy_pipeline_available": "_analyzer",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "ColumnPii",
    "ENTITIES",
    "EntityStat",
    "FreeTextColumn",
    "FreeTextEntity",
    "HIPAA_LETTERS",
    "PiiResult",
    "QiCandidate",
    "ShapeStats",
    "analyze_column",
    "build_analyzer",
    "mask_value",
    "name_hint",
    "sample_columns",
    "scan_free_text",
    "scan_pii",
    "spacy_pipeline_available",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._analyzer import build_analyzer, spacy_pipeline_available
    from ._column_scan import analyze_column
    from ._free_text import scan_free_text
    from ._mask import mask_value
    from ._result import (
        ColumnPii,
        EntityStat,
        FreeTextColumn,
        FreeTextEntity,
        PiiResult,
        QiCandidate,
        ShapeStats,
    )
    from ._roles import ENTITIES, HIPAA_LETTERS, name_hint
    from ._scan import sample_columns, scan_pii
