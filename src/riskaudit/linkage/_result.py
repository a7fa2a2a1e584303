"""The linkage result objects (``results.linkage`` in the scorecard).

Pure pydantic: no numpy, scipy, pandas, Ibis or DuckDB here, so ``import riskaudit.scorecard`` stays light.
The compute modules (``_exact``, ``_fuzzy``, ``_anonymeter``, ``_stats``) build these and re-export them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnonymeterResult",
    "AttackResult",
    "ExactLinkage",
    "FuzzyLinkage",
    "LinkageResult",
    "Rate",
    "Risk",
]


class Rate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: float
    error: float
    successes: int
    trials: int


class Risk(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: float
    ci: tuple[float, float]


class AttackResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attack: Rate
    baseline: Rate
    control: Rate
    risk: Risk
    trustworthy: bool = Field(
        description="False when the random baseline does at least as well as the attack."
    )
    lower_bound: bool = Field(
        False,
        description="True when the attack searched only part of the release (a cap was "
        "hit): the rates and the risk are lower bounds, never evidence of safety.",
    )


class AnonymeterResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n_attacks: int
    seed: int
    confidence_level: float
    aux_columns: list[str]
    secret: str | None = None
    control_source: str = Field(description="'file' or 'split' (a seeded share of the original held out).")
    rows: dict[str, int]
    singling_out: AttackResult
    linkability: AttackResult | None = None
    inference: AttackResult | None = None
    notes: list[str] = Field(default_factory=list)

    def lower_bound_reason(self) -> str | None:
        """Why linkability and inference risks are only lower bounds (a seeded sample of the release was searched,
        so a target's nearest release row may have been left out), or None when the whole release was searched."""
        searched, release = self.rows.get("release_searched"), self.rows.get("release")
        if searched is not None and release is not None and searched < release:
            return (
                f"linkability and inference searched {searched:,} of the release's {release:,} rows "
                "(linkage.anonymeter.max_rows)"
            )
        return None


class ExactLinkage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aux_rows: int
    matched_any: int = Field(description="Auxiliary rows matching at least one record.")
    matched_unique: int = Field(
        description="Auxiliary rows matching exactly one record (a claimed re-identification)."
    )
    matched_several: int
    unique_match_rate: float = Field(description="matched_unique / aux_rows.")
    correct: int | None = Field(
        None, description="Unique matches whose record has the auxiliary row's true id."
    )
    correct_rate: float | None = Field(None, description="correct / aux_rows.")
    precision: float | None = Field(None, description="correct / matched_unique.")
    aux_in_data: int | None = Field(None, description="Auxiliary rows whose true id is in the data.")
    correct_rate_of_overlap: float | None = Field(None, description="correct / aux_in_data.")


class FuzzyLinkage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    library: str = "splink"
    threshold: float = Field(description="Match probability a pair needs to count as a link.")
    blocking_rules: list[list[str]]
    compared: dict[str, str] = Field(description="Auxiliary column -> data column, with the comparison used.")
    aux_rows: int
    linked: int = Field(description="Auxiliary rows whose best match (above threshold) is a single record.")
    link_rate: float
    correct: int | None = None
    correct_rate: float | None = None
    precision: float | None = None
    match_probability_histogram: dict[str, int] = Field(
        description="Best match probability per linked auxiliary row, in tenths ('0.9' = [0.9, 1.0])."
    )


class LinkageResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aux: str | None = Field(None, description="Auxiliary dataset (as given).")
    on: list[str] = Field(default_factory=list)
    id_column: str | None = Field(None, description="True id used only to score the attack.")
    exact: ExactLinkage | None = None
    fuzzy: FuzzyLinkage | None = None
    release: str | None = Field(None, description="Released file attacked Anonymeter-style.")
    anonymeter: AnonymeterResult | None = None
    notes: list[str] = Field(default_factory=list)

    def linkage_rates(self) -> list[tuple[str, float]]:
        """The measured linkage rates, each named by its path: exact linkage ``exact.correct_rate`` (else
        ``exact.unique_match_rate``), fuzzy ``fuzzy.correct_rate`` (else ``fuzzy.link_rate``) and Anonymeter
        ``anonymeter.linkability.risk.value``; only those that ran."""
        out: list[tuple[str, float]] = []
        if self.exact is not None:
            ex = self.exact
            out.append(
                ("exact.correct_rate", float(ex.correct_rate))
                if ex.correct_rate is not None
                else ("exact.unique_match_rate", float(ex.unique_match_rate))
            )
        if self.fuzzy is not None:
            fz = self.fuzzy
            out.append(
                ("fuzzy.correct_rate", float(fz.correct_rate))
                if fz.correct_rate is not None
                else ("fuzzy.link_rate", float(fz.link_rate))
            )
        if self.anonymeter is not None and self.anonymeter.linkability is not None:
            out.append(("anonymeter.linkability.risk.value", float(self.anonymeter.linkability.risk.value)))
        return out
