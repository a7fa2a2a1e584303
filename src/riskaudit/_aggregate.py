"""One-row aggregates over many columns, in slices.

A single aggregate of tens of thousands of expressions (a 10,000-column table profiled in one query) costs the
engine and Ibis more than linearly in the expressions (planning, expression walks); the same aggregates in
slices of ``PER_QUERY`` expressions are linear in the columns and return the same numbers. A table with fewer
expressions than a slice is still aggregated in one query, exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis.expr.types as ir

__all__ = ["PER_QUERY", "BYTES_PER_DISTINCT", "aggregate_row", "distinct_counts"]

PER_QUERY = 500


def aggregate_row(
    engine: Any, table: ir.Table, metrics: list[ir.Scalar], per_query: int = PER_QUERY
) -> dict[str, Any]:
    """``name -> value`` of the named scalar ``metrics`` over ``table``, ``per_query`` expressions per query."""
    out: dict[str, Any] = {}
    for i in range(0, len(metrics), per_query):
        row = engine.execute(table.aggregate(metrics[i : i + per_query])).iloc[0]
        out.update(row.to_dict())
    return out


def _int(v: Any) -> int:
    """An aggregate's value as int; NULL (None or NaN, an empty table) as 0."""
    return 0 if v is None or v != v else int(v)


#: bytes a DuckDB ``count(DISTINCT x)`` hash table holds per distinct value (a generous figure for short text:
#: the value, its hash and the table's slack), used to decide which columns fit one pass
BYTES_PER_DISTINCT = 64
#: HyperLogLog's relative error is about 1.6 %; the plan takes 10 % more than the estimate
APPROX_SLACK = 1.1


def distinct_counts(
    engine: Any,
    table: ir.Table,
    named: Mapping[str, ir.Value],
    extra: list[ir.Scalar] | None = None,
    per_query: int = PER_QUERY,
) -> tuple[dict[str, int], dict[str, Any]]:
    """Exact distinct non-NULL counts of the ``named`` column expressions of ``table`` (``name -> count``), and
    the ``extra`` named scalars computed in the first pass, within the engine's memory.

    An engine that bounds distinct aggregates itself (:meth:`Engine.distinct_budget` None), or a table so small
    that every value of every expression could be distinct and still fit the budget, gets one pass of
    ``count(DISTINCT ...)`` as before. Otherwise a first pass estimates each count with HyperLogLog
    (``approx_count_distinct``, a few KiB per column); the expressions whose estimates fit the budget together
    are counted exactly in one pass, and each of the others by its own ``SELECT count(*) FROM (SELECT DISTINCT
    x ... WHERE x IS NOT NULL)``, a hash aggregate the engine spills to disk. Every count is exact either way:
    the estimate only chooses the query."""
    names = list(named)
    extra = list(extra or [])
    keys = {n: f"__d{i}" for i, n in enumerate(names)}
    exact, alone, first = names, [], None
    budget = engine.distinct_budget()
    if budget is not None and names and engine.count(table) * len(names) * BYTES_PER_DISTINCT > budget:
        approx = aggregate_row(
            engine, table, [named[n].approx_nunique().name(keys[n]) for n in names] + extra, per_query
        )
        first = {k: v for k, v in approx.items() if k not in keys.values()}
        exact, alone, used = [], [], 0.0
        order = {n: i for i, n in enumerate(names)}
        for n in sorted(names, key=lambda n: (_int(approx[keys[n]]), order[n])):
            need = _int(approx[keys[n]]) * APPROX_SLACK * BYTES_PER_DISTINCT
            if used + need <= budget:
                exact.append(n)
                used += need
            else:
                alone.append(n)
        extra = []  # computed with the estimates
    row = aggregate_row(engine, table, [named[n].nunique().name(keys[n]) for n in exact] + extra, per_query)
    out = {n: _int(row[keys[n]]) for n in exact}
    for n in alone:
        v = table.select(__v=named[n])
        out[n] = int(engine.execute(v.filter(v["__v"].notnull()).distinct().count()))
    if first is None:
        first = {k: v for k, v in row.items() if k not in keys.values()}
    return {n: out[n] for n in names}, first
