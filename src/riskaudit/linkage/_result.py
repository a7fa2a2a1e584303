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
