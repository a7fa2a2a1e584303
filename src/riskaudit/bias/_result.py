"""The bias result object (``results.bias`` in the scorecard).

Sign conventions (stated once here and in every field description):

* ``impact_ratio`` = group rate / rate of the most favoured eligible group (EEOC, NYC LL144, AIF360
  ``disparate_impact`` with the most favoured group as privileged); <= 1 for every group except
  ineligible (small or Unknown) groups, which may exceed 1.
* ``parity_difference`` = group rate - most favoured group's rate: **signed**, unprivileged minus privileged
  (AIF360 ``statistical_parity_difference``); negative means disadvantaged.
* ``demographic_parity_difference`` / ``equalized_odds_difference`` / ``equal_opportunity_difference``:
  **unsigned** max - min over eligible groups (fairlearn ``MetricFrame.difference()``);
  ``demographic_parity_ratio`` = min / max over eligible groups (fairlearn ``MetricFrame.ratio()``).

No float is ever NaN or infinite: an undefined value is ``None``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AttributeBias",
    "BiasResult",
    "CalibrationBin",
    "ClassOutcome",
    "GroupCalibration",
    "GroupModelMetrics",
    "GroupOutcome",
    "Interval",
    "MissingnessColumn",
    "ModelMetrics",
    "OutcomeSummary",
    "ProxyColumn",
    "ProxyResult",
    "RepresentationGroup",
    "Representation",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Interval(_M):
    """A bootstrap percentile interval at level 1 - bias.alpha."""

    low: float | None = None
    high: float | None = None


class GroupOutcome(_M):
    """One group of a protected attribute (or intersection): size, and the outcome rate if a label is audited."""

    group: str
    n: int = Field(description="Rows in the group (every row, labelled or not).")
    share: float = Field(description="n / all rows.")
    unknown: bool = Field(
        False,
        description="The explicit Unknown group (missing/empty protected value); LL144 requires its count.",
    )
    small: bool = Field(
        False,
        description="Below bias.min_group_size or below bias.min_group_share of rows: reported, never dropped.",
    )
    eligible: bool = Field(
        True,
        description="Counts for the most favoured group, min/max ratios and policy checks (not Unknown, not small).",
    )
    n_labelled: int | None = Field(None, description="Rows with a non-missing label.")
    positives: int | None = None
    base_rate: float | None = Field(
        None, description="positives / n_labelled (selection rate when the label is a decision)."
    )
    base_rate_ci: Interval | None = None
    impact_ratio: float | None = Field(
        None,
        description="base_rate / base_rate of the most favoured eligible group (AIF360 disparate impact, unpriv/priv).",
    )
    impact_ratio_ci: Interval | None = None
    parity_difference: float | None = Field(
        None,
        description="Signed: base_rate - most favoured group's base_rate (AIF360 statistical parity difference, unpriv - priv).",
    )
    parity_difference_ci: Interval | None = None
    p_value: float | None = Field(
        None,
        description="Test of this group's rate against the most favoured group's (Fisher exact or chi-square 2x2).",
    )
    p_value_adjusted: float | None = Field(
        None, description="Holm-adjusted over the eligible groups of this attribute."
    )
    test: str | None = Field(
        None, description="'fisher' (an expected cell < 5) or 'chi2' (2x2 with Yates correction)."
    )
    significant: bool | None = Field(None, description="p_value_adjusted < bias.alpha.")
    below_four_fifths: bool | None = Field(None, description="impact_ratio < bias.four_fifths.")


class OutcomeSummary(_M):
    column: str
    positive: str = Field(
        description="The value (or rule, e.g. '>= 12.5') counted as the positive/favourable outcome."
    )
    reference_group: str | None = Field(
        None, description="Most favoured eligible group (highest base rate): the 'privileged' group."
    )
    min_impact_ratio: float | None = Field(None, description="Lowest impact ratio over eligible groups.")
    min_impact_ratio_group: str | None = None
    min_impact_ratio_ci: Interval | None = None
    demographic_parity_ratio: float | None = Field(
        None, description="min/max base rate over eligible groups (fairlearn ratio(); unsigned)."
    )
    demographic_parity_ratio_ci: Interval | None = None
    demographic_parity_difference: float | None = Field(
        None, description="max-min base rate over eligible groups (fairlearn difference(); unsigned)."
    )
    demographic_parity_difference_ci: Interval | None = None
    p_value: float | None = Field(
        None, description="Chi-square test of independence of outcome and group over eligible groups."
    )
    groups_below_four_fifths: list[str] = Field(default_factory=list)
    significantly_disadvantaged: list[str] = Field(
        default_factory=list,
        description="Eligible groups with significant adjusted p-value and impact-ratio CI upper bound < 1.",
    )


class ClassOutcome(_M):
    """One class of a multi-class label, audited one-vs-rest."""

    outcome: OutcomeSummary
    groups: list[GroupOutcome]


class GroupModelMetrics(_M):
    group: str
    n: int = Field(description="Rows with both a label and a prediction.")
    eligible: bool = True
    selection_rate: float | None = None
    selection_rate_ci: Interval | None = None
    impact_ratio: float | None = Field(None, description="selection_rate / highest eligible selection_rate.")
    impact_ratio_ci: Interval | None = None
    tpr: float | None = None
    tpr_ci: Interval | None = None
    fpr: float | None = None
    fpr_ci: Interval | None = None
    fnr: float | None = None
    fnr_ci: Interval | None = None


class CalibrationBin(_M):
    bin: int
    n: int
    mean_score: float | None = None
    positive_rate: float | None = None


class GroupCalibration(_M):
    group: str
    n: int = Field(description="Rows with a label and a score.")
    mean_score: float | None = None
    base_rate: float | None = None
    ece: float | None = Field(
        None, description="Expected calibration error: sum over bins of n_b/n * |mean score - positive rate|."
    )
    bins: list[CalibrationBin] = Field(default_factory=list)


class ModelMetrics(_M):
    """Metrics of a model decision (prediction, or score >= bias.score_threshold) against the label, by group."""

    prediction: str = Field(description="Column (or 'score >= t') used as the decision.")
    groups: list[GroupModelMetrics]
    reference_group: str | None = Field(None, description="Eligible group with the highest selection rate.")
    min_impact_ratio: float | None = None
    min_impact_ratio_group: str | None = None
    demographic_parity_difference: float | None = Field(
        None, description="Unsigned max-min selection rate (fairlearn)."
    )
    demographic_parity_difference_ci: Interval | None = None
    demographic_parity_ratio: float | None = Field(None, description="min/max selection rate (fairlearn).")
    demographic_parity_ratio_ci: Interval | None = None
    equalized_odds_difference: float | None = Field(
        None,
        description="Unsigned: max(TPR max-min, FPR max-min) over eligible groups (fairlearn agg='worst_case').",
    )
    equalized_odds_difference_ci: Interval | None = None
    equal_opportunity_difference: float | None = Field(
        None, description="Unsigned TPR max-min over eligible groups (fairlearn)."
    )
    equal_opportunity_difference_ci: Interval | None = None
    calibration_score: str | None = Field(None, description="Score column used for calibration by group.")
    calibration: list[GroupCalibration] = Field(default_factory=list)


class RepresentationGroup(_M):
    group: str
    n: int
    share: float = Field(description="Share among rows of the groups listed in the reference population.")
    reference_share: float
    ratio: float | None = Field(None, description="share / reference_share (< 1: under-represented).")
    p_value: float | None = Field(
        None, description="Two-sided exact binomial test of n against reference_share."
    )
    under_represented: bool = False


class Representation(_M):
    reference: str = Field(
        "config", description="Where the reference shares come from (bias.reference_population)."
    )
    groups: list[RepresentationGroup]
    not_in_reference: list[str] = Field(
        default_factory=list,
        description="Groups present in the data but absent from the reference (not tested).",
    )
    chi2: float | None = None
    p_value: float | None = Field(
        None, description="Chi-square goodness of fit (scipy.stats.chisquare) over the reference groups."
    )
    min_ratio: float | None = None
    under_represented: list[str] = Field(default_factory=list)


class MissingnessColumn(_M):
    column: str
    missing_rate: float = Field(description="Overall share of missing values.")
    by_group: dict[str, float] = Field(
        description="Missing rate per group (every group, including Unknown and small ones)."
    )
    difference: float | None = Field(None, description="Unsigned max-min missing rate over eligible groups.")
    p_value: float | None = Field(
        None,
        description="Chi-square test of missingness x group over eligible groups (Bonferroni-adjusted over columns).",
    )
    flagged: bool = False


class ProxyColumn(_M):
    column: str
    levels: int = Field(description="Distinct levels after binning (numeric: quantile bins; dates: year).")
    cramers_v: float | None = None
    mutual_information: float | None = Field(None, description="In nats.")
    uncertainty_coefficient: float | None = Field(
        None, description="MI / H(group): share of the group's entropy explained (0..1)."
    )


class ProxyResult(_M):
    columns: list[ProxyColumn] = Field(description="Every candidate column, strongest (Cramer's V) first.")
    strongest: list[str] = Field(
        default_factory=list, description="Top bias.proxy_top columns by Cramer's V."
    )
    strong: list[str] = Field(
        default_factory=list, description="Columns with Cramer's V >= bias.proxy_strong."
    )
    skipped: dict[str, str] = Field(default_factory=dict, description="Column -> why it was not a candidate.")
    classifier: str | None = Field(
        None, description="Model used to predict the group from all candidate columns."
    )
    classifier_auc: float | None = Field(
        None, description="Cross-validated ROC AUC (one-vs-rest, weighted, for > 2 groups); 0.5 = no signal."
    )
    classifier_sample: int | None = Field(None, description="Rows in the seeded sample the classifier used.")
    classifier_folds: int | None = None
    classifier_note: str | None = None


class AttributeBias(_M):
    attribute: str = Field(description="Column name, or 'a x b' for an intersection.")
    columns: list[str]
    intersection: bool = False
    grouping: str = Field(description="How values became groups.")
    rows: int
    unknown_count: int = Field(
        description="Rows in the Unknown group (missing/empty protected value in any of the columns)."
    )
    groups: list[GroupOutcome] = Field(
        description="Every group, largest first; outcome fields filled for a binary or thresholded label."
    )
    small_groups: list[str] = Field(default_factory=list)
    outcome: OutcomeSummary | None = None
    one_vs_rest: list[ClassOutcome] = Field(
        default_factory=list, description="Multi-class label: one entry per class."
    )
    model: ModelMetrics | None = None
    representation: Representation | None = None
    missingness: list[MissingnessColumn] = Field(
        default_factory=list, description="Columns with any missing value."
    )
    proxies: ProxyResult | None = None


class BiasResult(_M):
    protected: list[str]
    protected_source: str = Field(
        "config", description="'config', 'pii' (suggested by the PII scan) or 'name' (column-name hints)."
    )
    label: str | None = None
    label_kind: str | None = Field(None, description="'binary', 'multiclass' or 'numeric'.")
    positive: str | None = None
    prediction: str | None = None
    score: str | None = None
    rows: int
    min_group_size: int
    min_group_share: float
    four_fifths: float
    alpha: float
    n_boot: int
    ci_method: str = Field(
        "binomial bootstrap from engine group counts (per-group n fixed), percentile interval",
        description="How intervals are computed.",
    )
    seed: int
    attributes: list[AttributeBias]
    notes: list[str] = Field(default_factory=list)
