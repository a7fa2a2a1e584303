"""Deterministic, engine-neutral samples.

Ibis has no seeded sample on PySpark, and DuckDB's reservoir sample is only repeatable single-threaded.
riskaudit orders rows by ``md5(seed || row content)`` and keeps the first ``n``: the same seed gives the
same rows on every engine, in any thread count, and identical rows are interchangeable anyway.

"Row content" is a canonical text form per column type (:func:`canonical_text`), because engines cast
floats and timestamps to text differently (DuckDB ``1e+20``, Spark ``1.0E20``): integers, strings,
booleans and dates use their plain cast (identical on DuckDB, Spark and PostgreSQL); floats and decimals
are hashed as ``floor(x * 1e6)``; timestamps as ``YYYY-MM-DD HH:MM:SS``. Ties in the hash (rows equal in
that form) are broken by the selected values themselves, so the sample is the same on every engine.
"""

from __future__ import annotations

import functools
import inspect

import ibis
import ibis.expr.types as ir
import pandas as pd

from ._base import Engine

__all__ = ["canonical_text", "row_hash", "sample_rows", "sample_values"]

_SEP = "\x1f"


@ibis.udf.scalar.builtin(name="md5")
def _md5(value: str) -> str:  # type: ignore[empty-body]
    """The engine's own ``md5`` (hex text): DuckDB, Spark and PostgreSQL all have it; Ibis's hexdigest
    has no PostgreSQL rule."""


_NULL = "\x1e"  # PostgreSQL text cannot hold NUL


@functools.cache
def _concat_ws(arity: int):
    """The engine's own n-ary ``concat_ws(separator, ...)`` for ``arity`` arguments (DuckDB, Spark and PostgreSQL
    all have it). Ibis compiles ``a.concat(b, c, ...)`` to a chain of binary ``||`` that copies the growing text at
    every step: over 12 columns, 5.1 s against 2.9 s for the same hashes of 10M rows. The arguments are never
    null here (:func:`_texts` fills them), so the text is exactly the chain's."""

    def f(*args): ...

    names = [f"a{i}" for i in range(arity)]
    f.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=str) for n in names],
        return_annotation=str,
    )
    f.__annotations__ = {**dict.fromkeys(names, str), "return": str}
    f.__name__ = f"concat_ws_{arity}"
    return ibis.udf.scalar.builtin(name="concat_ws")(f)


#: PostgreSQL refuses a function call of more than 100 arguments (FUNC_MAX_ARGS)
_MAX_ARGS = 100


def _joined(head: ir.StringValue, values: list[ir.StringValue]) -> ir.StringValue:
    """``head || SEP || v1 || SEP || v2 ...`` (no value null), as n-ary calls of at most ``_MAX_ARGS`` arguments:
    ``concat_ws(SEP, concat_ws(SEP, head, v1 .. v98), v99 ..)`` is the same text."""
    out, step = head, _MAX_ARGS - 2
    for i in range(0, len(values), step):
        chunk = values[i : i + step]
        out = _concat_ws(len(chunk) + 2)(ibis.literal(_SEP), out, *chunk)
    return out


def canonical_text(col: ir.Value) -> ir.StringValue:
    """Engine-independent text of a value, for hashing (not for display)."""
    t = col.type()
    if t.is_string():
        return col  # type: ignore[return-value]
    if t.is_floating() or t.is_decimal():
        x = col.cast("float64")
        big = (x / 1e6).floor().cast("string")
        small = (x * 1e6).floor().cast("string")
        return ibis.cases(
            (x.isnan(), ibis.literal("nan")),
            (x.isinf() & (x > 0), ibis.literal("inf")),
            (x.isinf(), ibis.literal("-inf")),
            (x.abs() < 9e12, small),
            (x.abs() < 9e24, ibis.literal("M").concat(big)),
            else_=ibis.literal("huge"),
        )
    if t.is_timestamp():
        return col.strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[union-attr]
    return col.cast("string")  # type: ignore[return-value]


#: columns hashed in one flat concatenation; a wider row is hashed in groups of this many columns (see row_hash)
_HASH_GROUP = 200


def _texts(table: ir.Table, cols: list[str]) -> list[ir.StringValue]:
    return [canonical_text(table[c]).fill_null(_NULL) for c in cols]


def row_hash(
    table: ir.Table, seed: int, columns: list[str] | None = None, *, salt: str | None = None
) -> ir.StringValue:
    """md5 of a salt (default ``riskaudit:<seed>``) and the row's canonical text: the same value on every
    engine. A different salt gives an order independent of the default one.

    Up to ``_HASH_GROUP`` columns the text is one flat concatenation. A wider row (surveys, EHR extracts,
    genomics: thousands of columns) is hashed in two levels, md5 of the salt and the md5s of consecutive
    groups of ``_HASH_GROUP`` columns, so no expression nests deeper than a group: a single concatenation
    of thousands of terms overflows Python's recursion limit in the expression compiler and the SQL
    parsers' expression-depth limits (DuckDB: 1,000)."""
    cols = columns if columns is not None else list(table.columns)
    head = ibis.literal(salt if salt is not None else f"riskaudit:{seed}")
    if len(cols) <= _HASH_GROUP:
        return _md5(_joined(head, _texts(table, cols)) if cols else head)
    groups = [cols[i : i + _HASH_GROUP] for i in range(0, len(cols), _HASH_GROUP)]
    # each group's text starts with the separator, as the flat form's parts do after the head
    digests = [_md5(_joined(ibis.literal(""), _texts(table, g))) for g in groups]
    return _md5(_joined(head, digests))


def sample_rows(
    engine: Engine, table: ir.Table, n: int, seed: int, columns: list[str] | None = None
) -> pd.DataFrame:
    """Up to ``n`` whole rows (restricted to ``columns``), chosen by a seeded hash; deterministic."""
    cols = columns if columns is not None else list(table.columns)
    h = row_hash(table, seed, list(table.columns))
    expr = table.mutate(__h=h).order_by(["__h", *cols]).limit(n).select(*cols)
    return engine.execute(expr)


def sample_values(engine: Engine, table: ir.Table, column: str, n: int, seed: int) -> list[str]:
    """Up to ``n`` non-null, non-empty values of one column (as text), chosen by a seeded row hash."""
    v = table[column].cast("string")
    filtered = table.filter(v.notnull() & (v.strip() != ""))
    h = row_hash(filtered, seed, list(table.columns))
    expr = (
        filtered.mutate(__h=h, __v=filtered[column].cast("string"))
        .order_by(["__h", "__v"])
        .limit(n)
        .select("__v")
    )
    df = engine.execute(expr)
    return [str(x) for x in df["__v"].tolist()]
