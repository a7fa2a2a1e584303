"""Group counts for attributes and their intersections from one engine aggregation.

The engine groups by every protected attribute at once (plus label and decision values) when the
product of their group counts is at most ``bias.max_intersection_cells``; single attributes and
intersections are then sums over that small cube. Otherwise each attribute is counted on its own and
intersections are skipped (with a note).
"""

from __future__ import annotations

from itertools import combinations

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import Engine
from ._counts import W, weighted_count

__all__ = ["SEP", "count_cube", "group_sets", "marginal", "group_label"]

SEP = " x "


def group_sets(attributes: list[str], intersections: bool, max_size: int = 3) -> list[tuple[str, ...]]:
    """Single attributes, then intersections of 2..max_size attributes in config order."""
    sets: list[tuple[str, ...]] = [(a,) for a in attributes]
    if intersections:
        for k in range(2, min(len(attributes), max_size) + 1):
            sets.extend(combinations(attributes, k))
    return sets


def count_cube(
    engine: Engine, table: ir.Table, groups: dict[str, ir.StringValue], y: ir.Value | None, p: ir.Value | None
) -> pd.DataFrame:
    """Rows counted by (every group column, label value, decision value): columns g0.., __y, __p, __n.
    ``table`` may be the key-count table of bias/_counts.py (rows are then the sum of its ``W``)."""
    names = {f"g{i}": e for i, e in enumerate(groups.values())}
    sel = dict(names)
    sel["__y"] = y if y is not None else ibis.null("int64")
    sel["__p"] = p if p is not None else ibis.null("int64")
    if W in table.columns:
        sel[W] = table[W]
    t = table.select(**sel)
    df = engine.execute(t.group_by([*names, "__y", "__p"]).aggregate(__n=weighted_count(t)))
    df = df.rename(columns={f"g{i}": a for i, a in enumerate(groups)})
    return df


def group_label(values: tuple) -> str:
    return SEP.join(str(v) for v in values)


def marginal(
    cube: pd.DataFrame, attrs: tuple[str, ...], binary: bool, classes: list[str] | None = None
) -> pd.DataFrame:
    """Per group of ``attrs``: n, n_labelled, positives (binary) or pos_<class> (multi-class), and confusion counts."""
    c = cube
    n = c["__n"].astype("int64")
    p = pd.to_numeric(c["__p"], errors="coerce").astype("float64")
    y = pd.to_numeric(c["__y"], errors="coerce").astype("float64") if binary else c["__y"]
    parts = {
        "n": n,
        "n_labelled": n.where(y.notna(), 0),
        "pred_n": n.where(p.notna(), 0),
        "pred_pos": n.where(p == 1, 0),
    }
    if binary:
        parts["positives"] = n.where(y == 1, 0)
        both = y.notna() & p.notna()
        parts["tp"] = n.where(both & (y == 1) & (p == 1), 0)
        parts["fp"] = n.where(both & (y == 0) & (p == 1), 0)
        parts["fn"] = n.where(both & (y == 1) & (p == 0), 0)
        parts["tn"] = n.where(both & (y == 0) & (p == 0), 0)
    for k, cls in enumerate(classes or []):
        parts[f"pos_{k}"] = n.where(
            y.map(lambda v, cls=cls: v is not None and v == v and str(v) == cls).astype(bool), 0
        )
    frame = pd.DataFrame(
        {a: c[a].astype(str) for a in attrs} | {k: v.fillna(0).astype("int64") for k, v in parts.items()}
    )
    agg = frame.groupby(list(attrs), sort=True, dropna=False).sum().reset_index()
    agg.insert(
        0, "group", [group_label(tuple(r)) for r in agg[list(attrs)].itertuples(index=False, name=None)]
    )
    return agg.drop(columns=list(attrs))
