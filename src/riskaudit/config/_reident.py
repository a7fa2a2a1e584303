"""Re-identification risk settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section
from ._read import TableRead


class DriversConfig(Section):
    enabled: bool = True
    max_subset_size: int = Field(
        3, ge=1, le=12, description="Largest QI combination examined (bound on work)."
    )
    max_quasi_identifiers: int = Field(12, ge=1, le=16)
    suggest: bool = Field(True, description="Suggest which column to generalise or suppress first.")
    top: int = Field(20, ge=1, description="Subsets listed in the result (all are examined).")


class DiversityConfig(Section):
    l: int = Field(  # noqa: E741
        2, ge=1, description="Classes with fewer distinct sensitive values are counted (classes_below_l)."
    )
    recursive_l: int = Field(
        2, ge=2, description="l of recursive (c,l)-diversity; the required c is reported."
    )
    closeness: bool = Field(
        True, description="Also t-closeness and delta-disclosure for each sensitive attribute."
    )
    ordered_max_cells: int = Field(
        50_000_000, ge=1, description="Classes x values grid bound for the ordered t-closeness distance."
    )


class ReidentConfig(Section):
    enabled: bool = True
    k: int = Field(5, ge=1, description="Records in classes smaller than k are 'at risk'.")
    risk_threshold: float = Field(
        0.2, gt=0, le=1, description="Prosecutor risk threshold t (records at risk)."
    )
    missing: Literal["value", "wildcard"] = Field(
        "value", description="NULL is its own value, or matches anything."
    )
    population_size: int | None = Field(None, ge=1)
    sampling_fraction: float | None = Field(None, gt=0, le=1)
    population_table: str | None = Field(
        None, description="File with the QI columns and a population count column."
    )
    population_count_column: str = "count"
    population_read: TableRead = Field(
        default_factory=TableRead, description="How to read the population table (default: as the dataset)."
    )
    drivers: DriversConfig = Field(default_factory=DriversConfig)
    per_record_output: str | None = Field(
        None, description="Write row number, class size and risk per record here."
    )
    diversity: DiversityConfig = Field(default_factory=DiversityConfig)
