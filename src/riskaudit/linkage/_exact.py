"""Exact linkage attack on the engine: join an auxiliary table to the data on shared quasi-identifiers.

Both sides are compared as text (the all-text tables: ``07302`` stays ``07302``), NULL matching NULL
(missing is its own value, as in the re-identification scan). For each auxiliary row: how many data
records share its key. With a true id on both sides (evaluation only), a unique match is *correct*
when the matched record carries the auxiliary row's id.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .._keys import value_key
from ..engine import Engine
from ._result import ExactLinkage

__all__ = ["ExactLinkage", "exact_linkage"]


def exact_linkage(
    engine: Engine, data: ir.Table, aux: ir.Table, on: list[str], id_column: str | None = None
) -> ExactLinkage:
    keys = [f"__k{i}" for i in range(len(on))]
    d = data.select(
        *[value_key(data[c]).name(k) for c, k in zip(on, keys, strict=True)],
        __id=data[id_column].cast("string") if id_column else ibis.literal(None, "string"),
    )
    g = d.group_by(keys).agg(__m=ibis._.count(), __did=d["__id"].min())
    g = g.rename(**{f"__g{i}": k for i, k in enumerate(keys)})
    a = aux.select(
        *[value_key(aux[c]).name(k) for c, k in zip(on, keys, strict=True)],
        __aid=aux[id_column].cast("string") if id_column else ibis.literal(None, "string"),
    )
    j = a.left_join(g, [a[k].identical_to(g[f"__g{i}"]) for i, k in enumerate(keys)])
    m = j["__m"].fill_null(0)
    aggs = dict(
        n=j.count(),
        any=ibis.ifelse(m >= 1, 1, 0).sum(),
        uniq=ibis.ifelse(m == 1, 1, 0).sum(),
        several=ibis.ifelse(m > 1, 1, 0).sum(),
        correct=ibis.ifelse((m == 1) & (j["__did"] == j["__aid"]), 1, 0).sum(),
    )
    row = engine.execute(j.aggregate(**aggs)).iloc[0]
    n, uniq = int(row["n"]), int(row["uniq"])
    out = ExactLinkage(
        aux_rows=n,
        matched_any=int(row["any"]),
        matched_unique=uniq,
        matched_several=int(row["several"]),
        unique_match_rate=uniq / n if n else 0.0,
    )
    if id_column:
        correct = int(row["correct"])
        ids = d.select("__id").distinct()
        overlap = int(engine.execute(a.filter(a["__aid"].isin(ids["__id"])).count()))
        out.correct = correct
        out.correct_rate = correct / n if n else 0.0
        out.precision = correct / uniq if uniq else None
        out.aux_in_data = overlap
        out.correct_rate_of_overlap = correct / overlap if overlap else None
    return out
