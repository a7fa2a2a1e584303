"""Typed results of `riskaudit mark` and `riskaudit detect` (no numpy or scipy here: plain pydantic models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "WatermarkSpec",
    "MarkParameters",
    "TrapDigest",
    "MarkResult",
    "WatermarkEvidence",
    "TrapEvidence",
    "ReceiptDetection",
    "DetectResult",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WatermarkSpec(_M):
    """One marked column: ``lsb`` (Agrawal-Kiernan, parity of the last kept decimal) or ``interval`` (keyed green
    half-intervals of ``width``)."""

    column: str
    kind: Literal["lsb", "interval"]
    decimals: int | None = Field(
        None, description="lsb: decimals kept; a mark changes a value by at most one unit of the last one."
    )
    width: float | None = Field(
        None,
        description="interval: interval width; a mark moves a value by at most 0.55 width (a mirror of width/2, kept 5 % of a half from its edges).",
    )

    @property
    def max_change(self) -> float:
        if self.kind == "lsb":
            return 10.0 ** -(self.decimals or 0)
        return float(self.width or 0.0) * 0.55

    def label(self) -> str:
        return f"{self.column}:{self.decimals}" if self.kind == "lsb" else f"{self.column}:~{self.width:g}"


class MarkParameters(_M):
    gamma: int = Field(description="About 1 row in gamma carries a watermark bit.")
    watermark: list[WatermarkSpec] = Field(default_factory=list)
    key_columns: list[str] = Field(
        default_factory=list, description="Columns whose values form the virtual primary key."
    )
    columns: list[str] = Field(
        default_factory=list, description="The data's columns, in order (trap rows are hashed over them)."
    )
    quasi_identifiers: list[str] = Field(default_factory=list)
    identifiers: list[str] = Field(
        default_factory=list, description="Columns whose trap values are fictitious identifiers."
    )
    traps: int = 0
    trap_group_size: int = Field(
        1, description="Traps sharing one fictitious QI combination (the original k, so k is kept)."
    )


class TrapDigest(_M):
    """A trap as the receipt keeps it: keyed hashes only, never values."""

    row: str = Field(description="Keyed hash of the whole trap row (columns in name order).")
    qi: str | None = Field(None, description="Keyed hash of the trap's QI combination.")
    ids: dict[str, str] = Field(
        default_factory=dict, description="Identifier column -> keyed hash of its normalised trap value."
    )
    id_space: float | None = Field(
        None, description="Number of values the identifiers were drawn from (bounds a chance match)."
    )


class MarkResult(_M):
    recipient: str
    source_sha256: str
    source_rows: int
    out_path: str
    out_sha256: str
    out_rows: int
    parameters: MarkParameters
    marks: dict[str, int] = Field(
        default_factory=dict, description="Watermark column -> cells selected for a mark."
    )
    changed: dict[str, int] = Field(
        default_factory=dict, description="Watermark column -> cells whose value changed."
    )
    marks_digest: str = Field(
        description="sha256 over the sorted keyed hashes of the marked rows (a commitment)."
    )
    traps: list[TrapDigest] = Field(default_factory=list)


class WatermarkEvidence(_M):
    marks: int = Field(
        description="Marks re-selected in the suspect (distinct virtual keys with a readable value)."
    )
    matches: int
    p_value: float | None = Field(
        None, description="P(Bin(marks, 1/2) >= matches), exact; None without marks."
    )
    threshold: int | None = Field(
        None, description="Least number of matches with tail probability below alpha."
    )
    per_column: dict[str, list[int]] = Field(default_factory=dict, description="column -> [marks, matches].")
    missing_columns: list[str] = Field(
        default_factory=list, description="Key or watermark columns absent from the suspect."
    )


class TrapEvidence(_M):
    traps: int
    exact: int = Field(description="Trap rows found whole (every column equal after normalisation).")
    fuzzy: int = Field(description="Traps whose fictitious identifier value occurs in the suspect.")
    qi: int = Field(description="Traps whose fictitious QI combination occurs in the suspect.")
    p_value: float | None = Field(
        None,
        description="Upper bound on P(this many fictitious identifiers occur by chance); None when not bounded.",
    )
    threshold: int | None = None


class ReceiptDetection(_M):
    recipient: str
    receipt: str
    watermark: WatermarkEvidence
    traps: TrapEvidence
    alpha: float
    detected: bool
    reason: str


class DetectResult(_M):
    suspect: str
    suspect_sha256: str
    rows: int
    alpha: float
    receipts: list[ReceiptDetection]
    detected: bool
    recipients: list[str] = Field(default_factory=list, description="Recipients whose marks were detected.")
