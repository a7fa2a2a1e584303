"""The re-identification result object (``results.reident`` in the scorecard)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ._closeness import DeltaDisclosure, TCloseness
from ._diversity import LDiversity
from ._drivers import Drivers
from ._individual import IndividualRisk
from ._population import JournalistRisk, MarketerRisk
from ._population_model import PopulationModel
from ._prosecutor import ProsecutorRisk

__all__ = ["PopulationUniqueness", "ReidentResult"]


class PopulationUniqueness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    estimate: float | None = Field(None, description="Estimated share of the population that is unique on the QIs (uniques / N).")
    uniques: float | None = Field(None, description="Estimated number of population uniques.")
    model: str = Field(description="Estimator chosen: loglinear-independence | loglinear-selected-pairs | loglinear-tree (rule loglinear-aic); "
                                   "pitman | zayatz | snb | none (rule dankar-2012, used when the log-linear model falls back).")
    rule: str = Field("dankar-2012", description="loglinear-aic (docs/reident.md) or dankar-2012.")
    dankar: float | None = Field(None, description="The Dankar et al. 2012 rule's estimate of population uniques (alternative).")
    dankar_model: str | None = Field(None, description="The estimator the Dankar rule chose.")
    loglinear: float | None = Field(None, description="The log-linear model's estimate of population uniques (results.reident.population_model).")
    population_size: int
    sampling_fraction: float
    pitman: float | None = Field(None, description="Pitman estimate of population uniques (None: no valid solution).")
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
    class_size_histogram: dict[str, int] = Field(description="Class size -> number of classes (wildcard: patterns).")
    record_size_histogram: dict[str, int] | None = Field(
        None, description="Only with missing: wildcard: class size -> number of records with that size.")
    sample_uniques: int = Field(description="Records alone in their class.")
    records_in_small_classes: int
    share_in_small_classes: float
    prosecutor: ProsecutorRisk
    journalist: JournalistRisk | None = None
    marketer: MarketerRisk | None = None
    population_uniqueness: PopulationUniqueness | None = None
    population_model: PopulationModel | None = Field(
        None, description="Skinner & Shlomo 2008 log-linear model of the population (with a sampling fraction or size).")
    population_not_measured: str | None = Field(
        None, description="Why journalist, marketer and population uniqueness are not measured (None when they are).")
    l_diversity: dict[str, LDiversity] | None = Field(None, description="Per sensitive attribute.")
    t_closeness: dict[str, TCloseness] | None = Field(None, description="Per sensitive attribute.")
    delta_disclosure: dict[str, DeltaDisclosure] | None = Field(None, description="Per sensitive attribute.")
    individual_risk: IndividualRisk | None = None
    drivers: Drivers | None = None
    per_record_output: str | None = Field(None, description="File with row, class_size, risk per record (no QI values).")
    notes: list[str] = Field(default_factory=list)
    extra: dict[str, Any] | None = None

    def min_distinct_l(self) -> float | None:
        """The smallest distinct l-diversity over the sensitive attributes; None when none was measured."""
        vals = [float(v.distinct_l) for v in (self.l_diversity or {}).values()]
        return min(vals) if vals else None
