"""Typed results of the erasure commands: the ledger (what `erasure register` writes) and the verification
result (what `erasure verify` reports). No numpy/scipy here; no field ever holds a raw personal value."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "LEDGER_FORMAT",
    "LedgerEntry",
    "ClkParams",
    "Ledger",
    "StageCounts",
    "ResidualRow",
    "ErasureResult",
    "canonical_json",
]

LEDGER_FORMAT = "riskaudit-erasure-ledger/v1"
Role = Literal["name", "date", "text"]


def canonical_json(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LedgerEntry(_Model):
    """One erasure request: keyed HMAC-SHA256 digests (hex) and optionally a keyed CLK (base64)."""

    exact: str = Field(description="HMAC of the identifier tuple as read (trimmed text).")
    normalised: list[str] = Field(
        description="HMACs of the normalised tuple, then of its day/month-swapped date variants."
    )
    block: list[str] = Field(
        default_factory=list,
        description="Fuzzy: HMACs of the normalised non-name fields (blocking keys), with date variants.",
    )
    clk: str | None = Field(
        None, description="Fuzzy: keyed bigram Bloom filter (CLK) of the normalised name fields, base64."
    )
    qi: str | None = Field(
        None, description="HMAC of the request's quasi-identifier tuple (for de-identified releases)."
    )
    sha256: str = Field(description="sha256 of this entry's other fields (canonical JSON).")

    def digest(self) -> str:
        return hashlib.sha256(canonical_json(self.model_dump(mode="json", exclude={"sha256"}))).hexdigest()


class ClkParams(_Model):
    bits: int = 1000
    k: int = 30
    ngram: int = 2


class Ledger(_Model):
    format: str = LEDGER_FORMAT
    tool_version: str
    key_id: str = Field(
        description="HMAC of a fixed label under the key: says which key the ledger was made with (not the key)."
    )
    id_roles: list[Role] = Field(
        description="Role of each identifier column, in --id-cols order (columns are matched by position)."
    )
    id_columns: list[str] = Field(
        description="The requests file's identifier column names (names only, no values)."
    )
    normalize: bool
    fuzzy: bool
    clk: ClkParams | None = None
    qi: list[str] = Field(
        default_factory=list, description="Quasi-identifier names whose tuple is hashed per request."
    )
    qi_derived: dict[str, str] = Field(
        default_factory=dict, description="How each QI not present in the requests was derived."
    )
    requests: int
    entries: list[LedgerEntry]
    entries_sha256: str = Field(description="sha256 of the entries' own sha256 values, one per line.")

    @staticmethod
    def entries_digest(entries: list[LedgerEntry]) -> str:
        return hashlib.sha256("".join(e.sha256 + "\n" for e in entries).encode("ascii")).hexdigest()


class StageCounts(_Model):
    exact: int = Field(description="Requests found with the identifiers exactly as read.")
    normalised: int = Field(
        description="Requests found only after normalisation (case, whitespace, 'LAST, First', swapped date)."
    )
    fuzzy: int | None = Field(
        None, description="Requests found only by fuzzy (CLK Dice) matching; None when not run."
    )
    not_found: int


class ResidualRow(_Model):
    row: int = Field(description="1-based data row number in the release (file order).")
    stage: Literal["exact", "normalised", "fuzzy"]


class ErasureResult(_Model):
    release: str
    release_sha256: str
    rows: int
    ledger_sha256: str
    requests: int
    key_matches_ledger: bool = Field(
        description="False: the key is not the one the ledger was made with; nothing can be found."
    )
    id_columns: list[str] = Field(default_factory=list)
    direct_measured: bool = Field(
        description="Identifier matching ran (the release has the identifier columns)."
    )
    stages: StageCounts | None = None
    found: int | None = Field(None, description="Requests found in the release at any stage.")
    threshold: float | None = Field(None, description="Dice threshold of the fuzzy stage.")
    fuzzy_candidates: int | None = Field(
        None, description="Release rows compared fuzzily (blocked candidates)."
    )
    residual_rows: list[ResidualRow] = Field(default_factory=list)
    qi: list[str] = Field(default_factory=list)
    qi_present: int | None = Field(
        None, description="Requests whose QI tuple occurs in the release (any class size)."
    )
    possibly_present: int | None = Field(
        None, description="Requests whose QI tuple is unique in the release."
    )
    notes: list[str] = Field(default_factory=list)
