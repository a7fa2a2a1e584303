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
    label_threshold: float | None = Field(
        None,
        description="For a numeric label: positive when >= threshold (default: the overall median, LL144 scoring rate).",
    )
    n_boot: int = Field(200, ge=0)
    seed: int = 0
    alpha: float = Field(0.05, gt=0, lt=1)
    sample_size: int = Field(50_000, ge=100, description="Rows sampled where per-row arrays are needed.")
    # --- added for the bias audit (issue 5) ---
    four_fifths: float = Field(
        0.8, gt=0, le=1, description="Impact ratio below which a group is flagged (EEOC 29 CFR 1607.4(D))."
    )
    underrepresentation_ratio: float = Field(
        0.8,
        gt=0,
        le=1,
        description="Observed/reference share below which a group is under-represented (if also significant).",
    )
    age_bands: list[int] = Field(
        default_factory=lambda: [18, 25, 35, 45, 55, 65, 75],
        description="Band edges (years) for numeric ages / dates of birth.",
    )
    age_reference_date: str | None = Field(
        None,
        description="ISO date ages are computed at for a date-of-birth column (default: 1 Jan after the latest birth date).",
    )
    max_groups: int = Field(
        100, ge=2, description="Attributes with more groups are reported without intersections."
    )
    max_intersection_cells: int = Field(
        10_000, ge=1, description="Largest product of group counts for which intersections are computed."
    )
    max_classes: int = Field(20, ge=2, description="Most classes of a multi-class label audited one-vs-rest.")
    score_threshold: float = Field(
        0.5, description="Decision threshold for a score column when no prediction column is given."
    )
    calibration_bins: int = Field(10, ge=2, le=100)
    missingness_min_difference: float = Field(
        0.02,
        ge=0,
        le=1,
        description="Smallest max-min gap in missing rate between groups that is flagged (besides significance).",
    )
    proxies: bool = True
    proxy_max_levels: int = Field(
        200, ge=2, description="Text columns with more distinct values are not proxy candidates."
    )
    proxy_top: int = Field(5, ge=1, description="Strongest proxies named per protected attribute.")
    proxy_strong: float = Field(
        0.3, gt=0, le=1, description="Cramer's V at or above which a column is named a strong proxy."
    )
    proxy_sample_size: int = Field(20_000, ge=100, description="Seeded row sample for the proxy classifier.")
    cv_folds: int = Field(3, ge=2, le=10)
