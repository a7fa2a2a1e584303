"""The re-identification result objects (``results.reident`` in the scorecard).

Pure pydantic: no numpy, scipy, pandas, Ibis or DuckDB here, so ``import riskaudit.scorecard`` stays light.
The compute modules (``_prosecutor``, ``_diversity``, ``_closeness``, ``_drivers``, ``_individual``,
``_population``, ``_population_model``) build these and re-export them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "DeltaDisclosure",
    "Drivers",
    "IndividualRisk",
    "JournalistRisk",
    "LDiversity",
    "MarketerRisk",
    "ModelAlternative",
    "PopulationModel",
    "PopulationUniqueness",
    "ProsecutorRisk",
    "RecursiveCL",
    "ReidentResult",
    "SubsetStats",
    "Suggestion",
    "TCloseness",
]


class ProsecutorRisk(BaseModel):
    model_config = ConfigDict(extra="allow")

    highest: float = Field(description="1 / smallest class size (1/k).")
    lowest: float = Field(description="1 / largest class size.")
    average: float = Field(description="Records-weighted average risk = classes / records (El Emam, ARX).")
    average_records_weighted: float = Field(
        description="Same as average; named to avoid pycanon's class-weighted mean."
    )
    average_class_weighted: float = Field(description="Mean over classes of 1/size (pycanon's average_rir).")
    threshold: float = Field(description="Risk threshold t for 'records at risk'.")
    threshold_class_size: int = Field(description="t translated to a class size as ARX does.")
    records_at_risk: float = Field(description="Share of records whose risk 1/size exceeds t.")


class TCloseness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    t: float | None = Field(
        None, description="Largest distance between a class's distribution and the table's."
    )
    distance: str = Field(description="'equal' (categorical) or 'ordered' (numeric).")
    values: int = Field(description="Distinct values of the attribute.")
    note: str | None = None


class DeltaDisclosure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delta: float = Field(description="max over classes and present values of |ln(q/p)|.")


class RecursiveCL(BaseModel):
    model_config = ConfigDict(extra="forbid")

    l: int  # noqa: E741
    c_required: float | None = Field(
        None, description="Any c above this satisfies recursive (c,l); None: impossible."
    )
    classes_with_fewer_than_l_values: int


class LDiversity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    distinct_l: int = Field(description="Smallest number of distinct sensitive values in a class.")
    entropy_l: float = Field(description="exp(smallest class entropy), natural log.")
    recursive: RecursiveCL
    classes_below_l: int = Field(description="Classes with fewer distinct values than the configured l.")
    l_threshold: int


class SubsetStats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attributes: list[str]
    distinction: float = Field(description="ARX: classes / records on this subset.")
    separation: float = Field(description="ARX: share of record pairs that differ on this subset.")
    sample_uniques: int = Field(description="Records unique on this subset.")
    minimal_sample_uniques: int = Field(
        description="Records for which this subset is a minimal sample unique."
    )


class Suggestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    column: str
    action: str = Field(description="e.g. 'date -> year', '5-digit -> 3-digit prefix', 'suppress column'.")
    k_before: int
    k_after: int
    average_risk_before: float
    average_risk_after: float
    sample_uniques_after: int
    text: str


class Drivers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_subset_size: int
    subsets_examined: int
    records_with_msu: int = Field(
        description="Records with at least one minimal sample unique (SUDA 'special uniques')."
    )
    msu_count_by_size: dict[str, int]
    attribute_contributions: dict[str, float] = Field(
        description="Percent of the total SUDA score from MSUs containing the attribute."
    )
    subsets: list[SubsetStats] = Field(
        description="Per subset, ordered by minimal sample uniques, then size."
    )
    suggestions: list[Suggestion] = Field(default_factory=list)
    note: str | None = None


class IndividualRisk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    method: str = "benedetti-franconi approx (sdcMicro indivRisk)"
    weight_column: str
    global_risk: float = Field(description="Mean individual risk over records (sum r / n).")
    expected_reidentifications: float = Field(description="Sum of individual risks.")
    highest: float
    threshold: float
    records_above_threshold: int


class JournalistRisk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    highest: float = Field(description="1 / smallest population class size F.")
    average: float = Field(description="Success rate max(J / sum F, (1/n) sum f/F) (ARX).")
    records_at_risk: float = Field(description="Share of sample records whose 1/F exceeds the threshold t.")
    population_source: str = Field(
        description="'table' (population counts) or 'model:<model>' (E(1/F|f) from the log-linear model)."
    )
    classes_not_in_population_table: int = 0


class MarketerRisk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    average: float = Field(description="Expected share of records re-identified: (1/n) sum_j f_j / F_j.")
    population_source: str


class ModelAlternative(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tau1: float
    tau2: float
    population_uniques: float
    population_uniqueness: float
    marketer_average: float
    journalist_highest: float


class PopulationModel(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = Field(
        description="Log-linear model used: independence | selected-pairs (two-way interactions passing AIC, by IPF) | tree (Chow-Liu forest of them, for grids too large for IPF)."
    )
    rule: str = Field(
        "loglinear-aic",
        description="Selection rule (docs/reident.md); validated by benchmarks/sim_population_risk.py.",
    )
    reason: str = Field(description="Why this model was chosen.")
    fallback: bool = Field(
        False,
        description="True: one QI (saturated model); population_uniqueness then comes from the Dankar rule.",
    )
    interactions: list[list[str]] = Field(
        default_factory=list, description="QI pairs whose interaction the model includes."
    )
    grid_cells: float = Field(
        description="Cells of the QI cross-classification (categories seen in the sample)."
    )
    sampling_fraction: float
    population_size: int
    tau1: float = Field(
        description="Expected sample uniques that are population unique: sum_{f=1} P(F=1|f=1)."
    )
    tau2: float = Field(description="Expected correct matches of sample uniques: sum_{f=1} E(1/F|f=1).")
    population_uniques: float = Field(description="tau1 + sum over empty cells of P(F=1|f=0).")
    population_uniqueness: float = Field(description="population_uniques / population_size.")
    journalist_highest: float = Field(description="Largest E(1/F|f) over the sample's classes.")
    journalist_average: float = Field(
        description="max(J / sum E(F|f), marketer_average) (ARX's success rate with F estimated)."
    )
    marketer_average: float = Field(description="(1/n) sum over classes of f E(1/F|f).")
    records_at_risk: float = Field(
        description="Share of records in classes with E(1/F|f) > the risk threshold."
    )
    threshold: float
    alternatives: dict[str, ModelAlternative] = Field(
        default_factory=dict, description="Every fitted model's figures (independence always)."
    )


class PopulationUniqueness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    estimate: float | None = Field(
        None, description="Estimated share of the population that is unique on the QIs (uniques / N)."
    )
    uniques: float | None = Field(None, description="Estimated number of population uniques.")
    model: str = Field(
        description="Estimator chosen: loglinear-independence | loglinear-selected-pairs | loglinear-tree (rule loglinear-aic); "
        "pitman | zayatz | snb | none (rule dankar-2012, used when the log-linear model falls back)."
    )
    rule: str = Field("dankar-2012", description="loglinear-aic (docs/reident.md) or dankar-2012.")
    dankar: float | None = Field(
        None, description="The Dankar et al. 2012 rule's estimate of population uniques (alternative)."
    )
    dankar_model: str | None = Field(None, description="The estimator the Dankar rule chose.")
    loglinear: float | None = Field(
        None,
        description="The log-linear model's estimate of population uniques (results.reident.population_model).",
    )
    population_size: int
    sampling_fraction: float
    pitman: float | None = Field(
        None, description="Pitman estimate of population uniques (None: no valid solution)."
    )
    zayatz: float | None = None
    snb: float | None = None
    sample_uniques_share: float = Field(description="Sample uniques / records, for comparison.")


class ReidentResult(BaseModel):
    model_config = ConfigDict(extra="allow")

    quasi_identifiers: list[str]
    quasi_identifiers_source: str = Field("config", description="'config' or 'suggested' (by the PII scan).")
    missing: str = Field("value", description="How NULL is treated: its own value, or a wildcard.")
    records: int
    classes: int = Field(description="Equivalence classes (with missing: wildcard, distinct QI patterns).")
    k: int = Field(description="Smallest equivalence class size.")
    k_threshold: int = Field(description="The policy's k: classes smaller than this are 'small'.")
    class_size_histogram: dict[str, int] = Field(
        description="Class size -> number of classes (wildcard: patterns)."
    )
    record_size_histogram: dict[str, int] | None = Field(
        None, description="Only with missing: wildcard: class size -> number of records with that size."
    )
    sample_uniques: int = Field(description="Records alone in their class.")
    records_in_small_classes: int
    share_in_small_classes: float
    prosecutor: ProsecutorRisk
    journalist: JournalistRisk | None = None
    marketer: MarketerRisk | None = None
    population_uniqueness: PopulationUniqueness | None = None
    population_model: PopulationModel | None = Field(
        None,
        description="Skinner & Shlomo 2008 log-linear model of the population (with a sampling fraction or size).",
    )
    population_not_measured: str | None = Field(
        None,
        description="Why journalist, marketer and population uniqueness are not measured (None when they are).",
    )
    l_diversity: dict[str, LDiversity] | None = Field(None, description="Per sensitive attribute.")
    t_closeness: dict[str, TCloseness] | None = Field(None, description="Per sensitive attribute.")
    delta_disclosure: dict[str, DeltaDisclosure] | None = Field(None, description="Per sensitive attribute.")
    individual_risk: IndividualRisk | None = None
    drivers: Drivers | None = None
    per_record_output: str | None = Field(
        None, description="File with row, class_size, risk per record (no QI values)."
    )
    notes: list[str] = Field(default_factory=list)
    extra: dict[str, Any] | None = None

    def min_distinct_l(self) -> float | None:
        """The smallest distinct l-diversity over the sensitive attributes; None when none was measured."""
        vals = [float(v.distinct_l) for v in (self.l_diversity or {}).values()]
        return min(vals) if vals else None
