"""Compare two scorecards: pure functions over the models, no engine, no data.

Checks are matched by their stable ``Check.key``; the registered measures (``_measures.MEASURES``) by their key.
A value that is not measured in either release is *not comparable*, never unchanged or better. Direct identifiers
are compared column by column: one that appears in the new release is always worse.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

from ..scorecard import SEVERITY, Check, Scorecard
from ._measures import Measure, measure_values
from ._model import Change, ColumnDrift, DiffResult, ReleaseInfo, SchemaChange
from ._tolerance import Tolerance

__all__ = ["compare_scorecards", "release_info", "schema_changes"]

_ORDER = {"worse": 0, "not_comparable": 1, "better": 2, "appeared": 3, "disappeared": 4, "unchanged": 5}
_KIND = {"measure": 0, "identifier": 1, "schema": 2, "check": 3}


def release_info(sc: Scorecard) -> ReleaseInfo:
    r = sc.results.reident
    return ReleaseInfo(
        path=sc.dataset.path,
        sha256=sc.dataset.sha256,
        rows=sc.dataset.rows,
        columns=sc.dataset.columns,
        policy=sc.policy.name if sc.policy else None,
        policy_sha256=sc.policy.sha256 if sc.policy else None,
        tool_version=sc.tool.version,
        quasi_identifiers=list(r.quasi_identifiers) if r else None,
    )


def _badness(m: Measure, v: float) -> float:
    """Larger is worse, on the measure's own scale."""
    if m.direction == "up":
        return -v
    if m.direction == "toward_one":
        return abs(1.0 - v)
    return v


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def compare_measure(key: str, m: Measure, old: Any, new: Any, tol: Tolerance) -> Change:
    base = {"key": key, "kind": "measure", "direction": m.direction, "old": old, "new": new}
    o, n = _number(old), _number(new)
    if o is None or n is None:
        which = " and ".join(w for w, v in (("old", o), ("new", n)) if v is None)
        return Change(**base, change="not_comparable", note=f"not measured in the {which} release")
    allowed = tol.allowed(m, o)
    worsening = _badness(m, n) - _badness(m, o)
    delta = n - o
    if worsening > 0:
        beyond = worsening > allowed + 1e-12
        note = None if beyond else f"worse by {worsening:.6g}, within the tolerance {allowed:.6g}"
        return Change(
            **base, change="worse", delta=delta, tolerance=allowed, beyond_tolerance=beyond, note=note
        )
    return Change(**base, change="better" if worsening < 0 else "unchanged", delta=delta, tolerance=allowed)


def _check_value(c: Check) -> Any:
    return {"status": c.status, **({"value": c.value} if c.value is not None else {})}


def compare_check(key: str, old: Check | None, new: Check | None, tol: Tolerance) -> Change:
    floor = SEVERITY[tol.checks.worse_from]
    base = {
        "key": key,
        "kind": "check",
        "direction": "status",
        "old": old.status if old else None,
        "new": new.status if new else None,
    }
    if old is None and new is not None:
        failing = new.status != "not_measured" and SEVERITY[new.status] >= floor
        return Change(
            **base,
            change="appeared",
            beyond_tolerance=failing,
            note=f"new check with status {new.status}" + ("; counts as worse" if failing else ""),
        )
    if new is None:
        return Change(
            **base, change="disappeared", note="the new scorecard has no such check (column or rule gone)"
        )
    assert old is not None
    if "not_measured" in (old.status, new.status):
        which = " and ".join(w for w, c in (("old", old), ("new", new)) if c.status == "not_measured")
        return Change(**base, change="not_comparable", note=f"not measured in the {which} release")
    so, sn = SEVERITY[old.status], SEVERITY[new.status]
    if sn > so:
        return Change(
            **base,
            change="worse",
            beyond_tolerance=sn >= floor,
            note=None if sn >= floor else f"worse, below checks.worse_from={tol.checks.worse_from}",
        )
    return Change(**base, change="better" if sn < so else "unchanged")


def _direct_identifiers(sc: Scorecard) -> list[str] | None:
    return None if sc.results.pii is None else list(sc.results.pii.direct_identifiers)


def compare_identifiers(old: Scorecard, new: Scorecard) -> list[Change]:
    o, n = _direct_identifiers(old), _direct_identifiers(new)
    if o is None or n is None:
        return []  # the count measure says not comparable
    out = []
    for col in sorted(set(o) | set(n)):
        base = {
            "key": f"pii.direct_identifier[{col}]",
            "kind": "identifier",
            "direction": "presence",
            "old": col in o,
            "new": col in n,
        }
        if col in o and col in n:
            out.append(Change(**base, change="unchanged", note="still a direct identifier"))
        elif col in n:
            out.append(
                Change(
                    **base,
                    change="appeared",
                    beyond_tolerance=True,
                    note="a new direct identifier is always worse",
                )
            )
        else:
            out.append(
                Change(**base, change="disappeared", note="no longer a direct identifier (dropped or masked)")
            )
    return out


def _types(sc: Scorecard) -> dict[str, str] | None:
    p = sc.results.profile
    return None if p is None else {c: v.type for c, v in p.columns.items()}


def schema_changes(
    old_types: dict[str, str], new_types: dict[str, str], new_direct: list[str] | None
) -> list[SchemaChange]:
    """Columns added, removed or retyped; an added column the new PII scan calls a direct identifier is worse."""
    direct = set(new_direct or [])
    out: list[SchemaChange] = []
    for col in sorted(set(old_types) | set(new_types)):
        if col not in new_types:
            out.append(SchemaChange(column=col, change="removed", old_type=old_types[col]))
        elif col not in old_types:
            di = col in direct
            out.append(
                SchemaChange(
                    column=col, change="added", new_type=new_types[col], direct_identifier=di, worse=di
                )
            )
        elif old_types[col] != new_types[col]:
            out.append(
                SchemaChange(column=col, change="retyped", old_type=old_types[col], new_type=new_types[col])
            )
    return out


def compare_scorecards(
    old: Scorecard, new: Scorecard, tolerance: Tolerance | None = None, drift: list[ColumnDrift] | None = None
) -> DiffResult:
    """The diff of two scorecards (``drift`` from :func:`riskaudit.diff.column_drift` when both data sets are at hand)."""
    tol = tolerance or Tolerance()
    notes: list[str] = []
    changes: list[Change] = []
    mo, mn = measure_values(old), measure_values(new)
    for key in sorted(set(mo) | set(mn)):
        if key in mo and key in mn:
            changes.append(compare_measure(key, mo[key][0], mo[key][1], mn[key][1], tol))
        else:
            m, v = mo.get(key) or mn[key]
            changes.append(
                Change(
                    key=key,
                    kind="measure",
                    direction=m.direction,
                    change="appeared" if key in mn else "disappeared",
                    old=None if key in mn else v,
                    new=v if key in mn else None,
                    note="only in one release (an attribute added or removed)",
                )
            )
    changes.extend(compare_identifiers(old, new))
    co = {c.key: c for c in old.checks}
    cn = {c.key: c for c in new.checks}
    ignored = 0
    for key in sorted(set(co) | set(cn), key=str):
        if any(fnmatchcase(str(key), pat) for pat in tol.checks.ignore):
            ignored += 1
            continue
        changes.append(compare_check(str(key), co.get(key), cn.get(key), tol))
    if ignored:
        notes.append(f"{ignored} check(s) not compared (checks.ignore in the tolerance file)")
    ro, rn = old.results.reident, new.results.reident
    if ro is not None and rn is not None and list(ro.quasi_identifiers) != list(rn.quasi_identifiers):
        notes.append(
            f"the releases are measured on different quasi-identifiers (old: {', '.join(ro.quasi_identifiers)}; "
            f"new: {', '.join(rn.quasi_identifiers)}): re-identification figures compare each release's own risk"
        )
    if (old.policy and new.policy) and old.policy.sha256 != new.policy.sha256:
        notes.append(
            f"the scorecards were judged by different policies ({old.policy.name} {old.policy.sha256[:12]}, "
            f"{new.policy.name} {new.policy.sha256[:12]}): check statuses may differ for that reason"
        )
    to, tn = _types(old), _types(new)
    schema: list[SchemaChange] = []
    if to is None or tn is None:
        notes.append("schema not compared: a scorecard has no column profile")
    else:
        schema = schema_changes(to, tn, _direct_identifiers(new))
    return finish(old, new, changes, schema, drift, notes, tol)


def finish(
    old: Scorecard,
    new: Scorecard,
    changes: list[Change],
    schema: list[SchemaChange],
    drift: list[ColumnDrift] | None,
    notes: list[str],
    tol: Tolerance,
) -> DiffResult:
    changes = sorted(changes, key=lambda c: (not c.beyond_tolerance, _ORDER[c.change], _KIND[c.kind], c.key))
    counts = {k: sum(1 for c in changes if c.change == k) for k in _ORDER}
    counted = {c.key for c in changes if c.beyond_tolerance}
    beyond = len(counted) + sum(
        1 for s in schema if s.worse and f"pii.direct_identifier[{s.column}]" not in counted
    )
    nc_fail = tol.not_comparable == "fail" and counts["not_comparable"] > 0
    drift_fail = tol.drift.fail and any(d.drifted for d in (drift or []))
    if beyond or nc_fail or drift_fail:
        verdict = "worse"
    elif counts["not_comparable"]:
        verdict = "not_comparable"
    else:
        verdict = "same_or_better"
    by_change = {k: [c.key for c in changes if c.change == k] for k in _ORDER}
    by_change["fails"] = [c.key for c in changes if c.beyond_tolerance] + [
        f"schema.added[{s.column}]"
        for s in schema
        if s.worse and f"pii.direct_identifier[{s.column}]" not in counted
    ]
    return DiffResult(
        old=release_info(old),
        new=release_info(new),
        changes=changes,
        schema_changes=schema,
        drift=drift,
        notes=notes,
        counts=counts,
        by_change=by_change,
        worse_beyond_tolerance=beyond,
        not_comparable_fails=nc_fail,
        drift_fails=drift_fail,
        verdict=verdict,
    )
