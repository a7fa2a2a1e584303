"""Per-column statistics of wide tables in long form.

One aggregate expression per column is what a narrow table needs; at thousands of columns the cost is in the
expressions themselves (Ibis compiling tens of thousands of them, the engine planning SELECTs of thousands of
aggregates): 10,000 columns x 200 rows took minutes per step for 2M cells. Past ``WIDE`` columns the steps that
compute one number per column (profile counts, sentinels, outlier quartiles) read the columns once in long
form instead, ``(column, value)`` with NULL cells left out (:meth:`Engine.long_values`: DuckDB's UNPIVOT), and
aggregate ``GROUP BY column``: a few queries whatever the width, the same numbers as the per-column expressions
(the same aggregate functions over the same values). A table of at most ``WIDE`` columns keeps the per-column
path unchanged.

Columns are unpivoted in groups of one type (the value keeps its type, so distinct counts and comparisons are
exactly those of the column); types without a plain comparable value (nested, binary, JSON...) stay on the
per-column path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["WIDE", "column_counts", "is_wide", "long_groups", "per_column", "simple_type"]

#: more columns than this in one per-column step: the long form (same as the DuckDB engine's wide-read bound)
WIDE = 256


def is_wide(columns: list[str] | int) -> bool:
    return (columns if isinstance(columns, int) else len(columns)) > WIDE


def simple_type(t: Any) -> bool:
    """A type whose values unpivot into one comparable column (numbers, text, booleans, dates, timestamps)."""
    return bool(
        t.is_integer()
        or t.is_floating()
        or t.is_decimal()
        or t.is_string()
        or t.is_boolean()
        or t.is_date()
        or t.is_timestamp()
    )


def type_groups(
    table: ir.Table, columns: list[str], keep: Callable[[Any], bool] = simple_type
) -> tuple[dict[str, list[str]], list[str]]:
    """``({type text: columns of that type}, other columns)`` in column order."""
    schema = table.schema()
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for c in columns:
        t = schema[c]
        if keep(t):
            groups.setdefault(str(t).replace("!", ""), []).append(c)
        else:
            rest.append(c)
    return groups, rest


@contextmanager
def long_groups(
    engine: Any,
    table: ir.Table,
    columns: list[str],
    keep: Callable[[Any], bool] = simple_type,
    ids: tuple[str, ...] = (),
    row_number: str | None = None,
) -> Iterator[tuple[list[tuple[list[str], ir.Table]], list[str]]]:
    """``([(columns, long table (*ids, __c, __v)) per type group], columns left out)``; the long tables are
    dropped on exit whatever happens."""
    groups, rest = type_groups(table, columns, keep)
    made: list[tuple[list[str], ir.Table]] = []
    try:
        for cols in groups.values():
            made.append((cols, engine.long_values(table, cols, "__c", "__v", ids=ids, row_number=row_number)))
        yield made, rest
    finally:
        for _cols, t in made:
            engine.drop(t)


def per_column(
    engine: Any, long: ir.Table, **aggs: Callable[[ir.Table], ir.Scalar]
) -> dict[str, dict[str, Any]]:
    """``column -> {name: value}`` of ``aggs`` (functions of the long table) grouped by column name; columns
    with no non-NULL cell are absent."""
    g = long.group_by("__c").aggregate(**{k: f(long) for k, f in aggs.items()})
    df = engine.execute(g)
    out: dict[str, dict[str, Any]] = {}
    for rec in df.to_dict("records"):
        c = rec.pop("__c")
        out[str(c)] = rec
    return out


def column_counts(engine: Any, t: ir.Table, columns: list[str]) -> dict[str, tuple[int, int]]:
    """``column -> (non-null values, distinct non-null values)``: one aggregate per 500 expressions, or past
    ``_wide.WIDE`` columns one GROUP BY per column type over the long form (the same counts)."""
    from ._aggregate import distinct_counts

    out: dict[str, tuple[int, int]] = {}
    rest = columns
    if is_wide(columns):
        with long_groups(engine, t, columns) as (groups, rest):
            for cols, long in groups:
                got = per_column(engine, long, nn=lambda x: x.count(), nd=lambda x: x["__v"].nunique())
                for c in cols:
                    r = got.get(c)
                    out[c] = (int(r["nn"]), int(r["nd"])) if r else (0, 0)
    if (
        rest
    ):  # in slices: one query per 500 expressions; within the engine's memory (_aggregate.distinct_counts)
        nd, row = distinct_counts(
            engine,
            t,
            {c: t[c] for c in rest},
            extra=[t[c].count().name(f"nn_{i}") for i, c in enumerate(rest)],
        )
        for i, c in enumerate(rest):
            out[c] = (int(row[f"nn_{i}"]), nd[c])
    return out
