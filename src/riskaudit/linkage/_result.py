"""The linkage result object (``results.linkage`` in the scorecard)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._anonymeter import AnonymeterResult
from ._exact import ExactLinkage
from ._fuzzy import FuzzyLinkage

__all__ = ["LinkageResult"]


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
            out.append(("exact.correct_rate", float(ex.correct_rate)) if ex.correct_rate is not None
                       else ("exact.unique_match_rate", float(ex.unique_match_rate)))
        if self.fuzzy is not None:
            fz = self.fuzzy
            out.append(("fuzzy.correct_rate", float(fz.correct_rate)) if fz.correct_rate is not None
                       else ("fuzzy.link_rate", float(fz.link_rate)))
        if self.anonymeter is not None and self.anonymeter.linkability is not None:
            out.append(("anonymeter.linkability.risk.value", float(self.anonymeter.linkability.risk.value)))
        return out
