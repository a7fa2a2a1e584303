"""Inputs that cannot be judged are refused (exit 2, one line), never turned into an all-zero or all-Unknown result."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .errors import ColumnError

__all__ = ["refuse_empty_columns"]


def _text(v: ir.Value) -> ir.StringValue:
    s = v.cast("string").strip()
    return ibis.ifelse(s == "", ibis.null("string"), s)


def refuse_empty_columns(
    engine,
    table: ir.Table,
    columns: list[str],
    what: str,
    where: str,
    rows: int | None = None,
    *,
    weight: str | None = None,
) -> None:
    """One query: a column of ``columns`` with no non-empty value in any row is an input error naming it.

    ``what`` names the role ("protected attribute", "quasi-identifier"), ``where`` the option or config key.
    ``weight``: ``table`` is a table of distinct values with their row counts in this column (bias/_counts.py).
    """
    cols = [c for c in columns if c in table.columns]
    if not cols:
        return
    if weight is not None:
        aggs = [
            ibis.ifelse(_text(table[c]).notnull(), table[weight], 0).sum().coalesce(0).name(f"n{i}")
            for i, c in enumerate(cols)
        ]
    else:
        aggs = [_text(table[c]).count().name(f"n{i}") for i, c in enumerate(cols)]
    if rows is None:
        aggs.append((table[weight].sum() if weight is not None else table.count()).name("__rows"))
    got = engine.execute(table.aggregate(aggs)).iloc[0]
    n = int(got["__rows"]) if rows is None else rows
    for i, c in enumerate(cols):
        if int(got[f"n{i}"]) == 0:
            raise ColumnError(
                f"{what} '{c}' holds no value in any of the {n:,} rows (0 distinct values); "
                f"fix the export or remove it from {where}"
            )
