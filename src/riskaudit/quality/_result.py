"""The data-quality result object (``results.quality`` in the scorecard).

Only counts, shares, row numbers, column names and salted hashes: never a cell value. Row numbers are
1-based data rows in source order (the header is not a row). Shares are rounded to 6 decimals; an undefined
share is ``None`` (never NaN).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ClassBalance",
    "ColumnIssues",
    "ConflictingLabels",
    "Duplicates",
    "GroupRows",
    "LabelIssues",
    "ConstraintViolations",
    "LabelMissingness",
    "MixedTypes",
    "NearDuplicates",
    "Missing",
    "MissingColumn",
    "MissingPattern",
    "OutlierCounts",
    "QualityResult",
    "SentinelCount",
    "TrainTest",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupRows(_M):
    """One group of rows with identical values (compared columns), shown by row numbers and a salted hash."""

    group_hash: str = Field(
        description="Salted md5 (16 hex digits) of the group's compared values; never the values."
    )
    size: int = Field(description="Rows in the group.")
    rows: list[int] = Field(
        description="The group's smallest row numbers (1-based, source order), at most quality.rows_per_group."
    )
    labels: int | None = Field(
        None, description="Distinct non-null labels in the group (conflicting-label groups only)."
    )


class Duplicates(_M):
    """Exact duplicate rows over the compared columns; NULL equals NULL (pandas ``duplicated()``, SQL GROUP BY)."""

    columns: list[str] = Field(
        description="Columns compared (every column except quality.id/columns.id and columns.ignore)."
    )
    rows: int
    distinct_rows: int = Field(
        description="Groups of identical rows (unique rows plus one per duplicate group)."
    )
    duplicate_rows: int = Field(
        description="Rows beyond the first of each group of identical rows (rows - distinct_rows)."
    )
    ratio: float = Field(description="duplicate_rows / rows (Deepchecks DataDuplicates: 1 - unique/rows).")
    rows_in_duplicate_groups: int = Field(
        description="Rows in groups of two or more identical rows (every copy, first included)."
    )
    duplicate_groups: int = Field(description="Groups of two or more identical rows.")
    largest_groups: list[GroupRows] = Field(
        default_factory=list, description="Largest groups first, ties by first row."
    )


class ConflictingLabels(_M):
    """Rows whose feature values (every compared column but the label) occur with more than one label."""

    label: str
    features: list[str]
    rows: int = Field(
        description="Rows in feature groups with more than one distinct non-null label (every row of the group)."
    )
    ratio: float = Field(description="rows / all rows (Deepchecks ConflictingLabels).")
    groups: int = Field(description="Feature groups with more than one distinct non-null label.")
    largest_groups: list[GroupRows] = Field(default_factory=list)


class TrainTest(_M):
    """Test rows that also occur in the training data (leakage); compared on the columns both tables hold."""

    test_path: str
    test_rows: int
    features: list[str] = Field(
        description="Feature columns compared (in both tables; label, id and ignored columns excluded)."
    )
    label: str | None = Field(
        None, description="Label column used for exact_overlap_rows (when both tables hold it)."
    )
    feature_overlap_rows: int = Field(
        description="Test rows whose feature values occur in a training row (NULL equals NULL)."
    )
    feature_overlap_ratio: float = Field(
        description="feature_overlap_rows / test_rows (Deepchecks TrainTestSamplesMix)."
    )
    exact_overlap_rows: int | None = Field(
        None, description="Test rows whose feature values and label occur together in a training row."
    )
    exact_overlap_ratio: float | None = None
    id: str | None = Field(
        None, description="Id column compared (quality.id / columns.id), when both tables hold it."
    )
    id_overlap_rows: int | None = Field(
        None, description="Test rows with a non-null id that occurs in the training data."
    )
    id_overlap_ratio: float | None = None
    missing_columns: list[str] = Field(
        default_factory=list, description="Training feature columns the test table lacks (not compared)."
    )


class MissingColumn(_M):
    count: int
    share: float


class MissingPattern(_M):
    """A set of columns missing together in a row (the row's other columns hold values)."""

    columns: list[str] = Field(description="Columns missing in these rows (empty: complete rows).")
    rows: int
    share: float


class LabelMissingness(_M):
    """Missing share of one column among the rows of each label class, and a chi-square test of independence."""

    column: str
    shares: list[float] = Field(
        description="Missing share per label class, classes in the order of class_balance.counts."
    )
    max_difference: float = Field(description="Largest minus smallest missing share over classes.")
    p_value: float | None = Field(
        None, description="Chi-square test of independence (missing x label class); None when undefined."
    )


class Missing(_M):
    rows: int
    columns: dict[str, MissingColumn] = Field(
        description="Every column: NULL count and share (after dataset.null_values)."
    )
    cells: int = Field(description="Missing cells over all columns.")
    cell_share: float
    rows_with_any: int = Field(description="Rows with at least one missing column.")
    complete_rows: int = Field(description="Rows with no missing column (rows - rows_with_any).")
    patterns: list[MissingPattern] = Field(
        default_factory=list, description="Most frequent patterns, most rows first."
    )
    pattern_count: int = Field(
        0, description="Distinct missingness patterns among rows with a missing column."
    )
    by_label: list[LabelMissingness] | None = Field(
        None, description="Per column with missing values, when a label is configured."
    )


class SentinelCount(_M):
    value: str = Field(
        description="The configured sentinel (quality.numeric_sentinels / text_sentinels), not a data value."
    )
    count: int
    share: float


class OutlierCounts(_M):
    """Outliers of one numeric column: counts only (quartiles, median and fences stay in the engine)."""

    values: int = Field(description="Non-null values.")
    iqr_low: int = Field(
        description="Values below Q1 - quality.iqr_k * IQR (quartiles as DuckDB quantile_cont: linear interpolation)."
    )
    iqr_high: int = Field(description="Values above Q3 + quality.iqr_k * IQR.")
    iqr: int = Field(description="iqr_low + iqr_high.")
    iqr_share: float = Field(description="iqr / values.")
    mad: int | None = Field(
        None, description="Values with |0.6745 (x - median) / MAD| > quality.mad_z; None when MAD = 0."
    )
    mad_share: float | None = None


class MixedTypes(_M):
    """Non-null values of one text column by the type they parse as (the strict forms below, after trimming)."""

    values: int = Field(description="Non-null values.")
    integer: int = Field(description="Values written as an integer: optional sign and digits.")
    decimal: int = Field(
        description="Values written as a non-integer number: digits with a decimal point and/or exponent."
    )
    date: int = Field(
        description="Values that are a valid ISO date or timestamp (YYYY-MM-DD, optionally a time after it)."
    )
    text: int = Field(description="Every other value.")
    shares: dict[str, float] = Field(
        description="Share of values per non-empty kind (integer, decimal, date, text)."
    )
    minority_share: float = Field(description="Share of the rarest kind present.")


class ColumnIssues(_M):
    """Columns that carry no information or are suspicious as features."""

    constant: list[str] = Field(
        default_factory=list, description="Exactly one distinct non-null value (ydata-profiling CONSTANT)."
    )
    id_like: list[str] = Field(
        default_factory=list,
        description="Every row holds a distinct non-null value (ydata-profiling UNIQUE).",
    )
    high_cardinality: list[str] = Field(
        default_factory=list,
        description="Text columns, not id-like, with more than quality.high_cardinality distinct values.",
    )
    redundant_pairs: list[list[str]] = Field(
        default_factory=list,
        description="Column pairs that map 1:1 (each value of one goes with exactly one value of the other; NULL a value), "
        "e.g. education / education-num; constant and id-like columns are not paired.",
    )
    distinct: dict[str, int] = Field(default_factory=dict, description="Distinct non-null values per column.")
    sentinels: dict[str, list[SentinelCount]] = Field(
        default_factory=dict,
        description="Per column, configured placeholder values found, with counts (only columns with any).",
    )
    mixed_types: dict[str, MixedTypes] | None = Field(
        None,
        description="Text columns whose values parse as more than one kind (integer/decimal together count as numbers); "
        "None when quality.mixed_types is off.",
    )


class ClassBalance(_M):
    """Label class sizes over labelled rows, largest first (class values are not shown: counts only)."""

    label: str
    labelled_rows: int
    unlabelled_rows: int = Field(description="Rows whose label is NULL (not counted as a class).")
    classes: int
    counts: list[int] = Field(description="Rows per class, largest first.")
    minority_share: float | None = Field(None, description="Smallest class / labelled rows.")
    imbalance_ratio: float | None = Field(None, description="Largest class / smallest class.")
    imbalance_score: float | None = Field(
        None,
        description="1 - H(shares) / log2(classes) (ydata-profiling IMBALANCE): 0 balanced, 1 one class; None for one class.",
    )


class LabelIssues(_M):
    """Rows whose given label is likely wrong, by confident learning (Northcutt, Jiang & Chuang, JAIR 2021)."""

    method: str = Field(
        description="'pred_probs' (quality.pred_probs / --pred-probs) or 'cross_validation' (a seeded model)."
    )
    model: str | None = Field(
        None, description="The cross-validated model, folds and seed (cross_validation only)."
    )
    rows_examined: int = Field(
        description="Labelled rows the probabilities cover (a seeded sample for cross_validation)."
    )
    sample: bool = Field(description="Whether rows_examined is a sample of the labelled rows.")
    classes: int
    thresholds: list[float] = Field(
        description="Per-class threshold t_j = mean p(j) over rows labelled j; classes largest first."
    )
    confident_joint: list[list[int]] = Field(
        description="C[given label][confident class], classes largest first (ties by md5 of the class)."
    )
    issues: int = Field(description="Rows flagged by prune-by-noise-rate on the calibrated joint.")
    rate: float = Field(description="issues / rows_examined.")
    rows: list[int] = Field(
        default_factory=list,
        description="Flagged row numbers, largest margin p(j) - p(given) first (at most quality.label_issue_rows).",
    )


class NearDuplicates(_M):
    """Rows equal after normalisation (NULL equals NULL): the exact duplicates plus rows that differ only by case,
    whitespace, ASCII punctuation or numeric rounding."""

    columns: list[str] = Field(description="Columns compared (as duplicates.columns).")
    normalisation: list[str] = Field(
        description="Steps applied before comparing: case, whitespace, punctuation, round:<digits>."
    )
    rows: int
    duplicate_rows: int = Field(
        description="Rows beyond the first of each group of rows equal after normalisation."
    )
    ratio: float = Field(description="duplicate_rows / rows.")
    beyond_exact: int = Field(
        description="duplicate_rows - duplicates.duplicate_rows: rows that repeat another only after normalisation."
    )
    rows_in_duplicate_groups: int
    duplicate_groups: int
    largest_groups: list[GroupRows] = Field(
        default_factory=list, description="Largest groups first, ties by first row."
    )


class ConstraintViolations(_M):
    """Rows violating the constraints declared for one column (quality.constraints): counts and row numbers only."""

    values: int = Field(description="Non-null values checked (NULLs never violate).")
    below_min: int | None = None
    above_max: int | None = None
    not_allowed: int | None = None
    regex_mismatch: int | None = None
    violating_rows: int = Field(description="Rows violating at least one of the column's constraints.")
    ratio: float = Field(description="violating_rows / rows.")
    rows: list[int] = Field(
        default_factory=list,
        description="The smallest violating row numbers (at most quality.constraint_rows).",
    )


class QualityResult(_M):
    rows: int
    label: str | None = Field(None, description="Label column (quality.label, else columns.label).")
    id: str | None = Field(
        None, description="Record id column, left out of the compared columns (quality.id, else columns.id)."
    )
    duplicates: Duplicates
    missing: Missing
    columns: ColumnIssues
    class_balance: ClassBalance | None = None
    conflicting_labels: ConflictingLabels | None = None
    train_test: TrainTest | None = None
    label_issues: LabelIssues | None = Field(
        None, description="Confident learning (quality.label_issues or quality.pred_probs, with a label)."
    )
    outliers: dict[str, OutlierCounts] | None = Field(
        None,
        description="Per numeric compared column (not the label) with at least 3 distinct values; None when quality.outliers is off.",
    )
    near_duplicates: NearDuplicates | None = Field(
        None, description="None when quality.near_duplicates is off."
    )
    constraints: dict[str, ConstraintViolations] | None = Field(
        None, description="Per constrained column (quality.constraints); None when none are declared."
    )
    notes: list[str] = Field(default_factory=list)
