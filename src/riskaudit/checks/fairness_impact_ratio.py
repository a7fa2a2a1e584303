"""fairness.impact_ratio: lowest impact ratio per protected attribute (four-fifths rule / NYC LL144).

Reads ``results.bias`` only: every list of groups carrying ``impact_ratio`` (per attribute and intersection).
Groups flagged ``eligible: false`` by the bias scan (Unknown, or below its minimum size/share) are left out of
the minimum, as the scan does for its own rules. Parameter ``exclude_share_below`` (LL144 s. 5-301(d) lets an auditor exclude categories under 2% of the data
from the impact-ratio calculation; they are still reported): groups below that share are left out of the minimum.
"""

from __future__ import annotations

from typing import Any

from ..scorecard import Check
from ._registry import register_rule, threshold_check

ID = "fairness.impact_ratio"
SOURCE = "EEOC Uniform Guidelines 29 CFR 1607.4(D) (four-fifths rule); NYC Local Law 144, 6 RCNY 5-301"


_CONTAINERS = {"groups", "attributes", "intersections", "outcome", "outcomes", "by_group"}


def _dump(x: Any) -> Any:
    return x.model_dump(mode="json") if hasattr(x, "model_dump") else x


def group_lists(bias: Any, path: str = "") -> list[tuple[str, list[dict]]]:
    """(attribute path, groups) for every list of dicts with an ``impact_ratio`` key, in a stable order."""
    bias = _dump(bias)
    out: list[tuple[str, list[dict]]] = []
    if isinstance(bias, dict):
        for k in sorted(bias, key=str):
            out += group_lists(bias[k], f"{path}.{k}" if path else str(k))
    elif isinstance(bias, list) and bias and all(isinstance(g, dict) for g in bias):
        if any("impact_ratio" in g for g in bias):
            out.append((path, bias))
        else:
            for i, g in enumerate(bias):
                name = g.get("attribute") or g.get("name") or str(i)
                out += group_lists(g, f"{path}.{name}" if path else str(name))
    return out


@register_rule(ID, scanner="bias", title="impact ratio (four-fifths)", direction="lower_is_worse", source=SOURCE)
def evaluate(results, cfg):
    params = cfg.model_extra or {}
    min_share = float(params.get("exclude_share_below", 0.0))
    out = []
    for path, groups in group_lists(results["bias"]):
        ratios = [(g.get("impact_ratio"), g.get("group")) for g in groups
                  if isinstance(g.get("impact_ratio"), int | float) and g.get("eligible", True)
                  and (g.get("share") is None or g["share"] >= min_share)]
        if not ratios:
            continue
        v, grp = min(ratios, key=lambda t: t[0])
        parts = [p for p in path.split(".") if p not in _CONTAINERS]
        attr = parts[-1] if parts else path
        where = attr if len(parts) <= 1 else f"{attr} ({'.'.join(parts[:-1])})"
        c = threshold_check(ID, float(v), cfg, what=f"lowest impact ratio for {where} (group {grp})", direction="lower_is_worse", fmt="{:.3f}")
        c.column = attr or None
        out.append(c)
    if not out:
        out.append(Check(id=ID, status="error", value=None, scanner="bias", source=cfg.source or SOURCE,
                         message="impact ratio: the bias result has no groups with an impact ratio (is a label configured?)"))
    return out
