"""Linkage-attack settings."""

from __future__ import annotations

from pydantic import Field

from ._base import Section
from ._read import TableRead


class AnonymeterConfig(Section):
    """Release-vs-original attacks (Anonymeter definitions): the audited data is the original."""

    release: str | None = Field(
        None, description="The released (synthetic/de-identified) file derived from the data."
    )
    control: str | None = Field(
        None, description="Original records held out of the release; default: a seeded split of the data."
    )
    release_read: TableRead = Field(
        default_factory=TableRead, description="How to read the release (default: as the dataset)."
    )
    control_read: TableRead = Field(
        default_factory=TableRead, description="How to read the control (default: as the dataset)."
    )
    control_fraction: float = Field(
        0.3, gt=0, lt=1, description="Share of the data held out as control when no control file is given."
    )
    aux_columns: list[str] = Field(
        default_factory=list, description="Columns the attacker knows; default: linkage.on."
    )
    secret: str | None = Field(None, description="Column the inference attacker guesses.")
    n_attacks: int = Field(500, ge=1)
    confidence_level: float = Field(0.95, gt=0, lt=1)
    max_rows: int | None = Field(
        None,
        ge=10,
        description="Search only this many release rows in the linkability and inference attacks (a seeded sample; "
        "their risks are then flagged lower bounds). Default: the whole release. Singling out always counts over "
        "whole tables.",
    )
    max_pairs: int = Field(
        20_000_000_000,
        ge=1,
        description="Largest (targets without a release row closer than 0.84) x (release rows) the attacks compare "
        "in their whole-release fallback; beyond it those targets search a seeded sample and the risks are flagged "
        "lower bounds.",
    )


class LinkageConfig(Section):
    aux: str | None = Field(None, description="Auxiliary dataset an attacker holds.")
    aux_read: TableRead = Field(
        default_factory=TableRead, description="How to read the auxiliary table (default: as the dataset)."
    )
    on: list[str] = Field(
        default_factory=list, description="Shared columns; default: the QIs present in both."
    )
    id: str | None = Field(None, description="True person id present on both sides, for evaluation only.")
    fuzzy: bool = False
    compare: dict[str, str] = Field(
        default_factory=dict,
        description="Fuzzy only: extra auxiliary column -> data column pairs (e.g. names).",
    )
    match_threshold: float = Field(0.9, gt=0, lt=1)
    max_pairs: int = Field(
        5_000_000, ge=1, description="Fuzzy: largest candidate-pair count a blocking rule may generate."
    )
    seed: int = 0
    anonymeter: AnonymeterConfig = Field(default_factory=AnonymeterConfig)
