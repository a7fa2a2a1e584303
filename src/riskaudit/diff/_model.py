"""Typed results of a release-to-release comparison (``riskaudit diff``); JSON-ready, no numpy/scipy."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Change", "ChangeKind", "ColumnDrift", "DiffResult", "Direction", "ReleaseInfo", "SchemaChange"]

Direction = Literal["up", "down", "toward_one", "status", "presence"]
ChangeKind = Literal["better", "worse", "unchanged", "appeared", "disappeared", "not_comparable"]

DIFF_VERSION = "1.0"


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Change(_M):
    """One measure or check compared between the old and the new release."""

    key: str = Field(
        description="The measure's key (e.g. 'reident.k', 'bias.min_impact_ratio[race]') or the check's Check.key."
    )
    kind: Literal["measure", "check", "identifier", "schema"] = Field(description="What is compared.")
    direction: Direction = Field(
        description="Which way is better: up, down, toward_one (|1 - x| smaller), status "
        "(pass < warn < fail < error), presence (present is worse)."
    )
    change: ChangeKind
    old: Any = None
    new: Any = None
    delta: float | None = Field(None, description="new - old (numeric measures only).")
    tolerance: float | None = Field(
        None,
        description="How far the measure may get worse before it counts (absolute, "
        "after the relative part is applied to the old value).",
    )
    beyond_tolerance: bool = Field(
        False, description="Worse, and by more than the tolerance: this fails the diff."
    )
    note: str | None = None


class SchemaChange(_M):
    column: str
    change: Literal["added", "removed", "retyped"]
    old_type: str | None = None
    new_type: str | None = None
    direct_identifier: bool = Field(
        False, description="The new release's PII scan calls this (added) column a direct identifier."
    )
    worse: bool = Field(False, description="An added direct identifier: always worse.")


class ColumnDrift(_M):
    """Drift of one column between the releases, computed from engine histograms (Evidently's definitions)."""

    column: str
    kind: Literal["numerical", "categorical"]
    bins: int | None = Field(
        None, description="Bins (numerical: Sturges on both releases) or categories compared."
    )
    psi: float | None = None
    jensen_shannon: float | None = Field(
        None, description="Jensen-Shannon distance (natural log), not the divergence."
    )
    wasserstein_normed: float | None = Field(
        None, description="First Wasserstein distance / max(std of the old release, 0.001)."
    )
    wasserstein_max_error: float | None = Field(
        None,
        description="Upper bound of the histogram approximation of wasserstein_normed (one fine bin width / norm); "
        "0 when computed from exact value counts.",
    )
    method: Literal["wasserstein", "jensenshannon"] | None = Field(
        None,
        description="Evidently's default test for this column (reference > 1000 rows: Wasserstein for numerical "
        "columns with more than 5 distinct values, else Jensen-Shannon).",
    )
    threshold: float | None = None
    drifted: bool | None = Field(
        None, description="The default method's value >= threshold (None: not measured)."
    )
    not_measured: str | None = Field(None, description="Why the drift of this column was not computed.")


class ReleaseInfo(_M):
    path: str
    sha256: str
    rows: int
    columns: int
    policy: str | None = None
    policy_sha256: str | None = None
    tool_version: str | None = None
    quasi_identifiers: list[str] | None = None


class DiffResult(_M):
    diff_version: str = DIFF_VERSION
    old: ReleaseInfo
    new: ReleaseInfo
    changes: list[Change] = Field(description="Every measure, identifier and check compared, worst first.")
    schema_changes: list[SchemaChange] = Field(default_factory=list)
    drift: list[ColumnDrift] | None = Field(
        None, description="Per-column drift (only with --drift and both data sets)."
    )
    notes: list[str] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict, description="Changes per kind of change.")
    by_change: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Kind of change -> the keys (for scripts); "
        "'fails' lists the keys worse beyond tolerance.",
    )
    worse_beyond_tolerance: int = 0
    not_comparable_fails: bool = Field(
        False, description="The tolerance file makes not comparable items fail."
    )
    drift_fails: bool = Field(False, description="The tolerance file makes drifted columns fail.")
    verdict: Literal["worse", "not_comparable", "same_or_better"] = Field(
        description="worse: something got worse beyond tolerance (or a failing not-comparable/drift item); "
        "not_comparable: nothing worse, but some items could not be compared (never a pass); "
        "same_or_better: every compared item is unchanged, better or within tolerance."
    )

    @property
    def exit_code(self) -> int:
        return 1 if self.verdict == "worse" else 0

    def to_json(self) -> str:
        return (
            json.dumps(
                self.model_dump(mode="json", exclude_none=True),
                indent=2,
                sort_keys=True,
                ensure_ascii=False,
                allow_nan=False,
            )
            + "\n"
        )
