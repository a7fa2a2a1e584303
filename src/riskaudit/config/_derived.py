"""Derived-release privacy: a synthetic release (with train and holdout) and/or model membership scores."""

from __future__ import annotations

from pydantic import Field

from ._base import Section
from ._read import TableRead


class DerivedConfig(Section):
    """The audited dataset is the train set the synthetic release (or the model) was built from."""

    synthetic: str | None = Field(
        None, description="Synthetic release generated from the audited (train) data."
    )
    holdout: str | None = Field(
        None, description="Real records from the same source NOT used to build the release."
    )
    synthetic_read: TableRead = Field(
        default_factory=TableRead, description="How to read the synthetic file (default: as the dataset)."
    )
    holdout_read: TableRead = Field(
        default_factory=TableRead, description="How to read the holdout (default: as the dataset)."
    )
    columns: list[str] = Field(
        default_factory=list, description="Columns compared; default: all columns present in all three."
    )
    max_rows: int = Field(
        200_000, ge=2, description="Largest train/holdout sample held in memory (seeded hash sample beyond)."
    )
    max_pairs: int = Field(
        1_000_000_000,
        ge=1,
        description="Largest synthetic x reference distance count computed exactly; beyond, the synthetic rows are sampled (stated).",
    )
    domias_rows: int = Field(
        1000, ge=10, description="Members and non-members each in the DOMIAS-style attack."
    )
    domias_reference_rows: int = Field(
        5000, ge=10, description="Largest holdout and synthetic samples used for the two densities."
    )
    secret: str | None = Field(
        None, description="Column the inference attack guesses (Anonymeter-style attacks)."
    )
    aux_columns: list[str] = Field(
        default_factory=list, description="Columns the attacker knows; default: the compared columns."
    )
    n_attacks: int = Field(500, ge=1)
    attacks: bool = Field(
        True,
        description="Run the singling-out / linkability / inference attacks with the holdout as control.",
    )
    scores: str | None = Field(
        None, description="CSV of per-record membership scores of a trained model (member labels included)."
    )
    score_column: str = "score"
    label_column: str = Field(
        "member", description="1/true = the record was in the training set, 0/false = it was not."
    )
    higher_is_member: bool = Field(
        True, description="False for losses (a lower loss means more likely a member)."
    )
    n_bootstrap: int = Field(1000, ge=0)
    confidence_level: float = Field(0.95, gt=0, lt=1)
    seed: int = 0
