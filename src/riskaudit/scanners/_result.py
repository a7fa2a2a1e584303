"""The result objects of the scanners that live in this package: ``results.profile`` (column profile) and
``results.safe_harbor`` (HIPAA Safe Harbor evidence).

Pure pydantic: no numpy, scipy, pandas, Ibis or DuckDB here, so ``import riskaudit.scorecard`` stays light.
``profile.py`` and ``safe_harbor.py`` build these and re-export them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AgeColumn", "ColumnProfile", "DateColumn", "GeoColumn", "ProfileResult", "SafeHarborResult"]


class ColumnProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    nulls: int
    null_share: float
    distinct: int = Field(description="Distinct non-null values.")
    unique_share: float = Field(description="distinct / non-null values (1.0 = every value unique).")
    all_null: bool = False


class ProfileResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: int
    columns: dict[str, ColumnProfile]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GeoColumn(_M):
    values: int = Field(description="Non-null values.")
    more_than_3_digits: int = Field(description="Values with more than three digits (a full ZIP or finer).")
    zip3_counts: dict[str, int] = Field(description="3-digit prefix -> number of records.")


class DateColumn(_M):
    values: int
    finer_than_year: int = Field(description="Values with a month or day (HIPAA allows the year only).")
    birth: bool = Field(False, description="A birth date or birth year column.")
    year_counts: dict[str, int] = Field(
        default_factory=dict, description="Year -> records (birth columns only)."
    )


class AgeColumn(_M):
    values: int
    over_89: int
    max_age: float | None = None


class SafeHarborResult(_M):
    geographic: dict[str, GeoColumn] = Field(default_factory=dict)
    dates: dict[str, DateColumn] = Field(default_factory=dict)
    ages: dict[str, AgeColumn] = Field(default_factory=dict)

    def hipaa_by_column(self) -> dict[str, list[str]]:
        """column -> HIPAA letters its values show: B (ZIP with more than 3 digits), C (dates finer than the year,
        ages over 89)."""
        out: dict[str, set[str]] = {}
        for col, g in self.geographic.items():
            if g.more_than_3_digits:
                out.setdefault(col, set()).add("B")
        for col, d in self.dates.items():
            if d.finer_than_year:
                out.setdefault(col, set()).add("C")
        for col, a in self.ages.items():
            if a.over_89:
                out.setdefault(col, set()).add("C")
        return {k: sorted(v) for k, v in sorted(out.items())}
