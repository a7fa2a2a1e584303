"""One-row aggregates over many columns, in slices.

A single aggregate of tens of thousands of expressions (a 10,000-column table profiled in one query) costs the
engine and Ibis more than linearly in the expressions (planning, expression walks); the same aggregates in
slices of ``PER_QUERY`` expressions are linear in the columns and return the same numbers. A table with fewer
expressions than a slice is still aggregated in one query, exactly as before.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

__all__ = ["PER_QUERY", "aggregate_row"]

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
