"""PII scanner settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section


class FreeTextConfig(Section):
    mode: Literal["sample", "full", "off"] = "sample"
    sample_rows: int = Field(2000, ge=1)
    max_cell_length: int = Field(
        2000, ge=16, description="Cells longer than this are cut before analysis (reported)."
    )
    min_score: float = Field(
        0.4, ge=0, le=1, description="Presidio score a span in free text needs (phone numbers score 0.4)."
    )
    min_mean_length: int = Field(
        40,
        ge=1,
        description="Free text: sampled values average at least this many characters (and min_mean_words words).",
    )
    min_mean_words: int = Field(
        6,
        ge=1,
        description="Free text: sampled values average at least this many words (and min_mean_length characters).",
    )


class PiiConfig(Section):
    enabled: bool = True
    sample_size: int = Field(1000, ge=10, description="Non-null values sampled per column.")
    seed: int = 0
    min_score: float = Field(0.5, ge=0, le=1)
    min_prevalence: float = Field(
        0.3, ge=0, le=1, description="Share of sampled values that must hit for a column-level finding."
    )
    jurisdictions: list[str] = Field(default_factory=lambda: ["US"])
    use_column_names: bool = True
    free_text: FreeTextConfig = Field(default_factory=FreeTextConfig)
    spacy_model: str | None = Field(
        None, description="Installed spaCy pipeline for PERSON/LOCATION in free text (optional)."
    )
