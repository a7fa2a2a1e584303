"""Data-quality scan settings (``quality:``): duplicates, missingness, broken columns, class balance, leakage."""

from __future__ import annotations

import re
from datetime import date, datetime

from pydantic import Field, field_validator, model_validator

from ._base import Section

# Values exporters write instead of NULL. Counted per column (never treated as missing): -1 and 99999 are
# real values in some columns, so the count is evidence for a reader, not a verdict.
DEFAULT_NUMERIC_SENTINELS: list[float] = [-1, -99, -999, -9999, 999, 9999, 99999, 999999]
DEFAULT_TEXT_SENTINELS: list[str] = [
    "1900-01-01",
    "1970-01-01",
    "9999-12-31",
    "-",
    "--",
    "unknown",
    "missing",
    "none",
]


class ColumnConstraint(Section):
    """Declared expectations of one column (Great Expectations / pandera style). NULLs never violate them."""

    min: float | date | datetime | None = Field(
        None,
        description="Smallest allowed value (numeric columns: a number; date/timestamp columns: YYYY-MM-DD).",
    )
    max: float | date | datetime | None = Field(None, description="Largest allowed value (as min).")
    allowed: list[str | float | bool] | None = Field(
        None,
        description="Allowed values (text compared exactly, numbers numerically); any other non-null value violates.",
    )
    regex: str | None = Field(
        None,
        description="Regular expression every non-null text value must contain a match of (search, as Great "
        "Expectations' expect_column_values_to_match_regex; anchor with ^...$ for a full match). RE2 syntax: no "
        "look-around or back-references.",
    )

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not v:
            raise ValueError("an empty regex matches every value; remove the key or write a pattern")
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc.msg} at position {exc.pos}") from None
        if re.search(r"\(\?(<?[=!])|\\[1-9]|\(\?P=", v):
            raise ValueError(
                "look-around and back-references are not supported by the engines' regex (RE2); rewrite the pattern"
            )
        return v

    @field_validator("allowed")
    @classmethod
    def _allowed(cls, v: list | None) -> list | None:
        if v is not None and not v:
            raise ValueError(
                "an empty allowed list makes every non-null value a violation; list the allowed values"
            )
        return v

    @model_validator(mode="after")
    def _min_max(self) -> ColumnConstraint:
        if self.min is None and self.max is None and self.allowed is None and self.regex is None:
            raise ValueError("a constraint needs at least one of min, max, allowed, regex")
        if self.min is not None and self.max is not None:
            try:
                bad = self.min > self.max  # type: ignore[operator]
            except TypeError:
                raise ValueError("min and max must be of the same kind (two numbers or two dates)") from None
            if bad:
                raise ValueError("min is greater than max")
        return self


class QualityConfig(Section):
    enabled: bool = Field(True, description="Run the data-quality scan (results.quality).")
    label: str | None = Field(
        None, description="Label column for conflicting labels and class balance (default: columns.label)."
    )
    test: str | None = Field(
        None,
        description="Test split (file, glob or directory, read with default options): train/test overlap.",
    )
    id: str | None = Field(
        None, description="Record id column for the train/test id overlap (default: columns.id)."
    )
    largest_groups: int = Field(
        10, ge=0, le=1000, description="Duplicate/conflict groups listed (largest first)."
    )
    rows_per_group: int = Field(
        10, ge=1, le=1000, description="Row numbers listed per listed group (the smallest)."
    )
    missing_patterns: int = Field(10, ge=0, le=1000, description="Most frequent missingness patterns listed.")
    long_text: int = Field(
        64,
        ge=8,
        description="Text cells longer than this many characters are grouped by their md5 (bounds memory).",
    )
    high_cardinality: int = Field(
        50,
        ge=1,
        description="Text columns with more distinct values than this are high-cardinality (ydata-profiling: 50).",
    )
    numeric_sentinels: list[float] = Field(
        default_factory=lambda: list(DEFAULT_NUMERIC_SENTINELS),
        description="Numeric placeholder values counted in numeric columns.",
    )
    text_sentinels: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TEXT_SENTINELS),
        description="Text/date placeholder values counted in text and date columns (text compared case-insensitively).",
    )
    max_classes: int = Field(
        1000, ge=2, description="A label with more distinct values is not treated as classes."
    )
    outliers: bool = Field(True, description="Count outliers per numeric column (IQR and MAD).")
    iqr_k: float = Field(
        1.5, gt=0, description="IQR fence multiplier: outside [Q1 - k*IQR, Q3 + k*IQR] (Tukey: 1.5)."
    )
    mad_z: float = Field(
        3.5,
        gt=0,
        description="Modified z-score |0.6745 (x - median) / MAD| above which a value is an outlier (Iglewicz & Hoaglin: 3.5).",
    )
    max_redundant_pairs: int = Field(
        200,
        ge=0,
        description="Most column pairs (with equal distinct counts) tested for a 1:1 mapping; 0 turns the test off.",
    )
    label_issues: bool = Field(
        False,
        description="Find label issues by confident learning with a seeded cross-validated model (needs a label; "
        "implied by pred_probs).",
    )
    pred_probs: str | None = Field(
        None,
        description="CSV of out-of-sample predicted probabilities: one row per data row in data order, one column "
        "per class named as the class is written in the data.",
    )
    label_issues_sample: int = Field(
        20_000, ge=100, description="Seeded sample of labelled rows the cross-validated model uses."
    )
    folds: int = Field(
        5, ge=2, le=20, description="Stratified cross-validation folds for the label-issue model."
    )
    seed: int = Field(0, description="Seed of the label-issue sample, folds and model.")
    label_issue_rows: int = Field(
        100, ge=0, le=100_000, description="Flagged row numbers listed (largest margin first)."
    )
    near_duplicates: bool = Field(
        True,
        description="Count near duplicates: rows equal after quality.near_* normalisation (results.quality.near_duplicates).",
    )
    near_case: bool = Field(True, description="Near duplicates: text compared case-insensitively (lower()).")
    near_whitespace: bool = Field(
        True, description="Near duplicates: text trimmed and runs of whitespace made one space."
    )
    near_punctuation: bool = Field(True, description="Near duplicates: ASCII punctuation removed from text.")
    near_digits: int | None = Field(
        2,
        ge=0,
        le=12,
        description="Near duplicates: floating/decimal values rounded to this many decimals (null: not rounded).",
    )
    near_max_columns: int = Field(
        500,
        ge=1,
        description="Near duplicates are not computed for more compared columns than this (a note says so): "
        "the normalising expressions of a very wide table cost minutes to compile and run.",
    )
    mixed_types: bool = Field(
        True, description="Classify the values of text columns as integer / decimal / date / other text."
    )
    mixed_max_columns: int = Field(
        500,
        ge=1,
        description="Mixed types are not classified for tables with more text columns than this (a note says so).",
    )
    constraints: dict[str, ColumnConstraint] = Field(
        default_factory=dict,
        description="Per column: min, max, allowed, regex; violating rows counted (row numbers, never values).",
    )
    constraint_rows: int = Field(
        20, ge=0, le=10_000, description="Violating row numbers listed per constrained column (the smallest)."
    )
