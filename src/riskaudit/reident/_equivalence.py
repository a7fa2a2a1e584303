"""Equivalence classes over the quasi-identifiers, computed on the engine.

One GROUP BY gives the class sizes; a second GROUP BY over sizes gives the class-size histogram
(size -> number of classes). Only the histogram (a few hundred rows at most) leaves the engine, and
every prosecutor-model measure is a function of it.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..engine import Engine

__all__ = ["class_sizes", "class_size_histogram"]


def class_sizes(table: ir.Table, quasi_identifiers: list[str]) -> ir.Table:
    """One row per equivalence class with its size ``__size``; NULL is its own value."""
    return table.group_by([table[c] for c in quasi_identifiers]).agg(__size=ibis._.count())


def class_size_histogram(engine: Engine, table: ir.Table, quasi_identifiers: list[str]) -> dict[int, int]:
    """Class size -> number of classes of that size."""
    sizes = class_sizes(table, quasi_identifiers)
    hist = sizes.group_by("__size").agg(__classes=ibis._.count())
    df = engine.execute(hist)
    return {int(s): int(c) for s, c in sorted(zip(df["__size"], df["__classes"], strict=True))}
