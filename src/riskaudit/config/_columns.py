"""Column roles: which columns the scanners treat as what."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from ._base import Section

Role = Literal["direct_identifier", "quasi_identifier", "sensitive", "other"]


class ColumnsConfig(Section):
    quasi_identifiers: list[str] = Field(
        default_factory=list,
        description="Columns an attacker could know; empty = use the PII scan's suggestions.",
    )
    sensitive: list[str] = Field(
        default_factory=list, description="Attributes to protect (l-diversity, t-closeness)."
    )
    protected: list[str] = Field(default_factory=list, description="Protected attributes for the bias audit.")
    label: str | None = Field(None, description="Outcome column for outcome-rate disparities.")
    positive_label: str | None = Field(
        None, description="Value of the label that counts as the favourable/positive outcome."
    )
    prediction: str | None = Field(None, description="Model decision column (binary).")
    score: str | None = Field(None, description="Model score column (probability).")
    weight: str | None = Field(None, description="Survey weight column (individual risk).")
    id: str | None = Field(None, description="Record id column: never a quasi-identifier.")
    ignore: list[str] = Field(default_factory=list, description="Columns no scanner looks at.")
    roles: dict[str, Role] = Field(
        default_factory=dict, description="Overrides the PII scan's role for a column."
    )

    @field_validator("quasi_identifiers", "sensitive", "protected", "ignore")
    @classmethod
    def _no_duplicates(cls, v: list[str]) -> list[str]:
        seen: set[str] = set()
        for c in v:
            if c in seen:
                raise ValueError(f"column '{c}' is listed twice")
            seen.add(c)
        return v

    def record_columns(self) -> set[str]:
        """id, label, prediction, score and weight: never quasi-identifiers or protected attributes."""
        return {c for c in (self.id, self.label, self.prediction, self.score, self.weight) if c}

    def named_columns(self) -> dict[str, str]:
        """Every column the config names, mapped to the key that names it (for existence checks)."""
        out: dict[str, str] = {}
        for key in ("quasi_identifiers", "sensitive", "protected", "ignore"):
            for i, c in enumerate(getattr(self, key)):
                out.setdefault(c, f"columns.{key}.{i}")
        for key in ("label", "prediction", "score", "weight", "id"):
            c = getattr(self, key)
            if c:
                out.setdefault(c, f"columns.{key}")
        for c in self.roles:
            out.setdefault(c, f"columns.roles.{c}")
        return out
