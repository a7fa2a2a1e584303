"""One grouped scan for the bias audit's counts.

Every count the bias audit takes of the protected attributes, the label and the decision (the empty-column
check, the label's and the decision's values, the groups per attribute, the cube of group x label x decision
counts behind every single attribute and intersection) is a function of those few columns' raw values. So
the engine groups the rows once by the raw columns (``key_counts``: a small temporary table, one row per
distinct combination, with its row count ``W``) and every later count is a sum of ``W`` over that table,
with the same Ibis expressions rebound to it (``rebind``). The per-row work of the group labels (trim,
``Unknown`` for blanks, age bands) and of the label coding then runs on a few hundred rows instead of every
row, and the counts are the same integers: a sum over the distinct values of a function of the values equals
the count over the rows.

Falls back to counting the rows themselves (``None``) when the combinations barely compress the rows (a
continuous label, a free-text attribute) or when the decision is a thresholded score (not a raw column).
"""

from __future__ import annotations

from typing import TypeVar

import ibis.expr.types as ir

from ..engine import Engine

__all__ = ["W", "key_counts", "rebind", "weighted_count"]

#: the row-count column of the key-count table
W = "__riskaudit_rows"
#: the key-count table is used when it has at most this share of the rows (else counting rows is as cheap)
MAX_SHARE = 0.5

E = TypeVar("E", bound=ir.Expr)


def rebind(expr: E, table: ir.Table, counts: ir.Table | None) -> E:
    """``expr`` (built on ``table``) as the same expression over ``counts`` (same column names and types)."""
    if counts is None:
        return expr
    return expr.op().replace({table.op(): counts.op()}).to_expr()  # type: ignore[no-any-return]


def weighted_count(t: ir.Table) -> ir.IntegerScalar:
    """Rows represented by ``t``: the sum of ``W`` over a key-count table, else its row count."""
    return t[W].sum() if W in t.columns else t.count()


def key_counts(engine: Engine, table: ir.Table, columns: list[str], rows: int) -> ir.Table | None:
    """``columns`` grouped once, with their row count ``W``, materialised; None when that does not pay."""
    keys = list(dict.fromkeys(c for c in columns if c in table.columns))
    if not keys or W in table.columns:
        return None
    counts = engine.materialize(table.group_by(keys).aggregate(**{W: table.count()}), "biaskeys")
    if engine.count(counts) > max(1, int(rows * MAX_SHARE)) and rows > 1000:
        engine.drop(counts)
        return None
    return counts
