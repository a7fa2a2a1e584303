"""Find every list of bias groups carrying an impact ratio, for the HTML report's figures."""

from __future__ import annotations

from typing import Any

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
