"""Bias audit settings."""

from __future__ import annotations

from pydantic import Field

from ._base import Section


class BiasConfig(Section):
    enabled: bool = True
    reference_population: dict[str, dict[str, float]] = Field(
        default_factory=dict, description="Per protected attribute: group -> expected share (e.g. census)."
    )
    min_group_size: int = Field(30, ge=1)
    min_group_share: float = Field(0.02, ge=0, le=1)
    intersections: bool = True
    label_threshold: float | None = Field(None, description="For a numeric label: positive when >= threshold.")
    n_boot: int = Field(200, ge=0)
    seed: int = 0
    alpha: float = Field(0.05, gt=0, lt=1)
    sample_size: int = Field(50_000, ge=100, description="Rows sampled where per-row arrays are needed.")
