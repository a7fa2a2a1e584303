"""Typed results of the PII scan (they go into ``results.pii`` of the scorecard)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["direct_identifier", "quasi_identifier", "sensitive", "other"]

__all__ = [
    "EntityStat",
    "ShapeStats",
    "ColumnPii",
    "FreeTextEntity",
    "FreeTextColumn",
    "PiiResult",
    "QiCandidate",
    "Role",
    "Evidence",
]

Evidence = Literal["values", "name", "values+name", "context", "distribution", "config"]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntityStat(_M):
    prevalence: float = Field(description="Share of sampled non-null values with a hit at >= min_score.")
    mean_score: float = Field(
        description="Mean Presidio score of those hits (after the column-name hint, if any)."
    )


class ShapeStats(_M):
    sampled: int = Field(description="Non-null values analysed.")
    distinct: int = Field(description="Distinct values among them.")
    unique_share: float
    length_min: int
    length_median: float
    length_max: int
    digits_min: int
    digits_max: int
    letters_share: float = Field(description="Share of values containing a letter.")
    numeric_share: float = Field(description="Share of values that are plain numbers (amounts, counts).")
    capped: int = Field(0, description="Values longer than the analysed length (cut before analysis).")


class ColumnPii(_M):
    entities: dict[str, float] = Field(
        description="Entity type -> prevalence (only entities at or above min_prevalence)."
    )
    entity_stats: dict[str, EntityStat] = Field(
        default_factory=dict, description="Every entity seen, with mean score."
    )
    decision: str | None = Field(
        None, description="The column's entity type (None: no personal data found; omitted from JSON)."
    )
    confidence: float
    role: Role
    reason: str
    role_source: Literal["scan", "config"] = "scan"
    name_hint: str | None = Field(None, description="Entity suggested by the column name's word tokens.")
    hint_supported: bool | None = Field(
        None, description="Whether the values agree with the name hint (None: no hint)."
    )
    suggested_quasi_identifier: bool = False
    suggested_protected: bool = False
    free_text: bool = False
    hipaa: list[str] = Field(default_factory=list, description="HIPAA Safe Harbor identifier letters (A-R).")
    gdpr_special: list[str] = Field(default_factory=list, description="GDPR Art. 9 special categories.")
    ccpa_spi: list[str] = Field(
        default_factory=list, description="CCPA 1798.140(ae) sensitive personal information."
    )
    shape: ShapeStats | None = None
    examples: list[str] = Field(default_factory=list, description="At most 3 masked examples of hits.")
    evidence: Evidence | None = Field(
        None,
        description="What decided the column: its values, its name, both, the table's other columns (context), "
        "its distribution alone, or the config.",
    )


class FreeTextEntity(_M):
    spans: int = Field(description="Entity spans found in the analysed cells.")
    rows: int = Field(description="Analysed cells with at least one span.")
    row_share: float


class FreeTextColumn(_M):
    mode: Literal["sample", "full"]
    rows_analysed: int
    rows_with_pii: int
    share_rows_with_pii: float
    capped_cells: int = Field(description="Cells cut to max_cell_length before analysis.")
    max_cell_length: int
    entities: dict[str, FreeTextEntity]
    examples: list[str] = Field(default_factory=list, description="Masked examples of spans.")


class QiCandidate(_M):
    column: str
    entity: str | None = Field(
        None, description="The column's entity (None: a quasi-identifier by distribution only)."
    )
    evidence: Evidence
    confidence: float
    suggested: bool = Field(
        description="Whether it is in suggested_quasi_identifiers (fed to re-identification)."
    )
    reason: str = Field(description="Why it was suggested, or why it was left out.")


class PiiResult(_M):
    columns: dict[str, ColumnPii]
    free_text: dict[str, FreeTextColumn] = Field(default_factory=dict)
    free_text_analysis: Literal["off"] | None = Field(
        None,
        description="'off' when free-text analysis was switched off (pii.free_text.mode: off): free-text columns "
        "were neither looked for nor analysed. Absent when it ran.",
    )
    direct_identifiers: list[str] = Field(default_factory=list)
    suggested_quasi_identifiers: list[str] = Field(default_factory=list)
    sensitive: list[str] = Field(default_factory=list)
    suggested_protected: list[str] = Field(default_factory=list)
    hipaa_letters: list[str] = Field(default_factory=list, description="Union of the columns' HIPAA letters.")
    gdpr_special: list[str] = Field(default_factory=list)
    ccpa_spi: list[str] = Field(default_factory=list)
    sample_size: int
    seed: int
    jurisdictions: list[str]
    ner: bool = Field(
        False, description="Whether a spaCy NER pipeline was used (else pattern/list recognizers only)."
    )
    notes: list[str] = Field(default_factory=list)
    qi_candidates: list[QiCandidate] = Field(
        default_factory=list,
        description="Every quasi-identifier candidate: suggested ones with their evidence and "
        "confidence, and the ones left out with the reason.",
    )
    quasi_identifiers_source: Literal["config", "suggested", "none"] = Field(
        "suggested",
        description="Whether the audit's quasi-identifiers come from the config (confirmed) or from "
        "this scan's suggestion (unconfirmed).",
    )

    # ---- queries the rules and renderers share (one source per fact)

    def entities_of(self, column: str) -> dict[str, float]:
        """Entity type -> prevalence for ``column`` (empty when the column was not scanned or has none)."""
        c = self.columns.get(column)
        return dict(c.entities) if c is not None else {}

    def columns_with_role(self, role: str) -> list[str]:
        return sorted(n for n, c in self.columns.items() if c.role == role)

    def hipaa_by_column(self) -> dict[str, list[str]]:
        """column -> HIPAA Safe Harbor letters the scan found in it (columns with none left out)."""
        return {n: sorted(set(c.hipaa)) for n, c in sorted(self.columns.items()) if c.hipaa}

    def gdpr_by_column(self) -> dict[str, list[str]]:
        """column -> GDPR Art. 9 special categories the scan found in it (columns with none left out)."""
        return {n: sorted(set(c.gdpr_special)) for n, c in sorted(self.columns.items()) if c.gdpr_special}
