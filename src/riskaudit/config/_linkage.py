"""Linkage-attack settings."""

from __future__ import annotations

from pydantic import Field

from ._base import Section


class LinkageConfig(Section):
    aux: str | None = Field(None, description="Auxiliary dataset an attacker holds.")
    on: list[str] = Field(default_factory=list, description="Shared columns; default: the QIs present in both.")
    id: str | None = Field(None, description="True person id present on both sides, for evaluation only.")
    fuzzy: bool = False
    match_threshold: float = Field(0.9, gt=0, lt=1)
    seed: int = 0
