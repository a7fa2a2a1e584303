"""The re-identification result object (``results.reident`` in the scorecard)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ._prosecutor import ProsecutorRisk

__all__ = ["ReidentResult"]


class ReidentResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    quasi_identifiers: list[str]
    quasi_identifiers_source: str = Field("config", description="'config' or 'suggested' (by the PII scan).")
    missing: str = Field("value", description="How NULL is treated: its own value, or a wildcard.")
    records: int
    classes: int
    k: int = Field(description="Smallest equivalence class size.")
    k_threshold: int = Field(description="The policy's k: classes smaller than this are 'small'.")
    class_size_histogram: dict[str, int] = Field(description="Class size -> number of classes.")
    sample_uniques: int = Field(description="Records alone in their class.")
    records_in_small_classes: int
    share_in_small_classes: float
    prosecutor: ProsecutorRisk
    notes: list[str] = Field(default_factory=list)
    extra: dict[str, Any] | None = None
