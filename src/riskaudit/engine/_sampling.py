"""Deterministic, engine-neutral samples.

Ibis has no seeded sample on PySpark, and DuckDB's reservoir sample is only repeatable single-threaded.
riskaudit orders rows by ``md5(seed || row content)`` and keeps the first ``n``: the same seed gives the
same rows on every engine, in any thread count, and identical rows are interchangeable anyway.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pandas as pd

from ._base import Engine

__all__ = ["row_hash", "sample_rows", "sample_values"]

_SEP = "\x1f"


def row_hash(table: ir.Table, seed: int, columns: list[str] | None = None) -> ir.StringValue:
    cols = columns if columns is not None else list(table.columns)
    parts: list[ir.StringValue] = [ibis.literal(f"riskaudit:{seed}")]
    for c in cols:
        parts.append(ibis.literal(_SEP))
        parts.append(table[c].cast("string").fill_null("\x00"))
    key = parts[0]
    for p in parts[1:]:
        key = key.concat(p)
    return key.hexdigest("md5")


def sample_rows(
    engine: Engine, table: ir.Table, n: int, seed: int, columns: list[str] | None = None
) -> pd.DataFrame:
    """Up to ``n`` whole rows (restricted to ``columns``), chosen by a seeded hash; deterministic."""
    cols = columns if columns is not None else list(table.columns)
    h = row_hash(table, seed, list(table.columns))
    expr = table.mutate(__h=h).order_by("__h").limit(n).select(*cols)
    return engine.execute(expr)


def sample_values(engine: Engine, table: ir.Table, column: str, n: int, seed: int) -> list[str]:
    """Up to ``n`` non-null, non-empty values of one column (as text), chosen by a seeded row hash."""
    v = table[column].cast("string")
    filtered = table.filter(v.notnull() & (v.strip() != ""))
    h = row_hash(filtered, seed, list(table.columns))
    expr = filtered.mutate(__h=h).order_by("__h").limit(n).select(__v=filtered[column].cast("string"))
    df = engine.execute(expr)
    return [str(x) for x in df["__v"].tolist()]
