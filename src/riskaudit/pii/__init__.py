"""PII detection: offline Presidio plus riskaudit's recognizers, column roles and legal mapping."""

from ._analyzer import build_analyzer, spacy_pipeline_available
from ._column_scan import analyze_column
from ._free_text import scan_free_text
from ._mask import mask_value
from ._result import ColumnPii, EntityStat, FreeTextColumn, FreeTextEntity, PiiResult, ShapeStats
from ._roles import ENTITIES, HIPAA_LETTERS, name_hint
from ._scan import sample_columns, scan_pii

__all__ = [
    "ENTITIES", "HIPAA_LETTERS", "ColumnPii", "EntityStat", "FreeTextColumn", "FreeTextEntity", "PiiResult", "ShapeStats",
    "analyze_column", "build_analyzer", "mask_value", "name_hint", "sample_columns", "scan_free_text", "scan_pii",
    "spacy_pipeline_available",
]
