"""Grouping helpers shared by duplicates, conflicting labels and train/test overlap.

Rows are grouped by *keys*: one expression per compared column. Text cells longer than
``quality.long_text`` characters are replaced by a marker plus their md5 before grouping (a free-text column
then costs 33 bytes per cell in the hash table, and equal texts still group together). NULL equals NULL: the
grouping is a GROUP BY (which groups NULLs together) and the joins back use IS NOT DISTINCT FROM.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..engine import Engine, row_hash
from ..engine._sampling import canonical_text

__all__ = ["key_exprs", "group_rows", "md5"]

_HASHED = "\x1d#"  # marks a hashed long cell (no short cell starts with a group separator)


@ibis.udf.scalar.builtin(name="md5")
def md5(value: str) -> str:  # type: ignore[empty-body]
    """The engine's own md5 (hex text): DuckDB, Spark and PostgreSQL all have it."""


def _key(col: ir.Value, long_text: int, canonical: bool) -> ir.Value:
    t = col.type()
    if t.is_string():
        return ibis.cases((col.length() > long_text, ibis.literal(_HASHED).concat(md5(col))), else_=col)  # type: ignore[union-attr]
    if canonical:  # comparable across two tables whose column types may differ
        if t.is_floating() or t.is_decimal():  # 4.0 (a float column: pandas with NaN) equals 4 (an integer column)
            x = col.cast("float64")
            whole = (x == x.floor()) & (x.abs() < 9e15)
            return ibis.cases((whole, x.cast("int64").cast("string")), else_=canonical_text(col))
        return canonical_text(col)
    return col


def key_exprs(table: ir.Table, columns: list[str], long_text: int, *, canonical: bool = False, prefix: str = "__k") -> dict[str, ir.Value]:
    """``{prefix<i>: key of column i}`` (long text hashed; with ``canonical`` every key is text)."""
    return {f"{prefix}{i}": _key(table[c], long_text, canonical).name(f"{prefix}{i}") for i, c in enumerate(columns)}


def group_rows(
    engine: Engine,
    numbered: ir.Table,
    groups: ir.Table,
    keys: list[str],
    *,
    largest: int,
    rows_per_group: int,
    salt: str,
    extra: str | None = None,
) -> list[dict]:
    """The ``largest`` groups of ``groups`` (a materialized table: ``keys``, ``__n`` and optionally ``extra``),
    largest first, ties broken by their first row; each with its smallest row numbers and a salted hash.

    ``numbered`` holds ``__row`` (1-based source order) and the same ``keys``. Only row numbers, sizes and
    hashes are fetched."""
    if largest <= 0:
        return []
    g = groups.mutate(__gid=ibis.row_number())
    g = engine.materialize(g, "qgroups")
    try:
        preds = [numbered[k].identical_to(g[k]) for k in keys]
        joined = numbered.join(g, preds).select(numbered["__row"], g["__gid"])
        joined = engine.materialize(joined, "qrows")
        try:
            firsts = joined.group_by("__gid").aggregate(__first=joined["__row"].min())
            top = g.join(firsts, "__gid")
            cols = ["__gid", "__n", "__first"] + ([extra] if extra else [])
            top = top.select(*cols, __h=row_hash(top, 0, keys, salt=salt)).order_by([ibis.desc("__n"), "__first"]).limit(largest)
            top_df = engine.execute(top)
            if top_df.empty:
                return []
            gids = [int(x) for x in top_df["__gid"].tolist()]
            sel = joined.filter(joined["__gid"].isin(gids))
            rk = ibis.row_number().over(group_by=sel["__gid"], order_by=sel["__row"])
            sel = sel.mutate(__rk=rk).filter(lambda t: t["__rk"] < rows_per_group).select("__gid", "__row")
            rows_df = engine.execute(sel)
        finally:
            engine.drop(joined)
    finally:
        engine.drop(g)
    by_gid: dict[int, list[int]] = {}
    for gid, row in zip(rows_df["__gid"].tolist(), rows_df["__row"].tolist(), strict=True):
        by_gid.setdefault(int(gid), []).append(int(row))
    out = []
    for rec in top_df.to_dict("records"):
        gid = int(rec["__gid"])
        item = {"group_hash": str(rec["__h"])[:16], "size": int(rec["__n"]), "rows": sorted(by_gid.get(gid, []))}
        if extra:
            item["labels"] = int(rec[extra])
        out.append(item)
    return out
