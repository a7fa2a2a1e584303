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

__all__ = ["key_exprs", "group_rows", "hashed_groups", "md5"]

_HASHED = "\x1d#"  # marks a hashed long cell (no short cell starts with a group separator)


@ibis.udf.scalar.builtin(name="md5")
def md5(value: str) -> str:  # type: ignore[empty-body]
    """The engine's own md5 (hex text): DuckDB, Spark and PostgreSQL all have it."""


def _key(col: ir.Value, long_text: int, canonical: bool) -> ir.Value:
    t = col.type()
    if t.is_string():
        return ibis.cases((col.length() > long_text, ibis.literal(_HASHED).concat(md5(col))), else_=col)  # type: ignore[union-attr]
    if canonical:  # comparable across two tables whose column types may differ
        if (
            t.is_floating() or t.is_decimal()
        ):  # 4.0 (a float column: pandas with NaN) equals 4 (an integer column)
            x = col.cast("float64")
            whole = (x == x.floor()) & (x.abs() < 9e15)
            return ibis.cases((whole, x.cast("int64").cast("string")), else_=canonical_text(col))
        return canonical_text(col)
    return col


def key_exprs(
    table: ir.Table, columns: list[str], long_text: int, *, canonical: bool = False, prefix: str = "__k"
) -> dict[str, ir.Value]:
    """``{prefix<i>: key of column i}`` (long text hashed; with ``canonical`` every key is text)."""
    return {
        f"{prefix}{i}": _key(table[c], long_text, canonical).name(f"{prefix}{i}")
        for i, c in enumerate(columns)
    }


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
            top = (
                top.select(*cols, __h=row_hash(top, 0, keys, salt=salt))
                .order_by([ibis.desc("__n"), "__first"])
                .limit(largest)
            )
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
        item = {
            "group_hash": str(rec["__h"])[:16],
            "size": int(rec["__n"]),
            "rows": sorted(by_gid.get(gid, [])),
        }
        if extra:
            item["labels"] = int(rec[extra])
        out.append(item)
    return out


# ---------------------------------------------------------------- wide tables: groups by a row hash


def _exact_text(col: ir.Value) -> ir.StringValue:
    """Injective text of a key value, NULL included: its length, ':' and its text; NULL is '~'. Floats are
    normalised first (x + 0.0 makes -0.0 equal 0.0, as GROUP BY does)."""
    t = col.type()
    if t.is_floating():
        col = col + 0.0  # type: ignore[operator]
    v = col.cast("string")
    return ibis.coalesce(v.length().cast("string") + ":" + v, ibis.literal("~"))


def long_cells(engine: Engine, table: ir.Table, columns: list[str]) -> ir.Table:
    """A temporary table of ``(__row, __t)``: one row per non-NULL cell of ``columns``, ``__t`` the cell's exact
    text prefixed by its column's length-prefixed name (injective: equal texts, equal column and value; a NULL
    is the absence of its column's cell). Built from the long form (``_wide``: one UNPIVOT per column type)."""
    from .._wide import long_groups

    with long_groups(engine, table, columns, keep=lambda _t: True, row_number="__row") as (groups, _rest):
        parts = []
        for _cols, long in groups:
            name = long["__c"]
            parts.append(
                long.select("__row", __t=name.length().cast("string") + ":" + name + _exact_text(long["__v"]))
            )
        cells = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
        return engine.materialize(cells, "qcells")


def long_digests(engine: Engine, table: ir.Table, cells: ir.Table, extra: dict[str, str]) -> ir.Table:
    """A temporary table of ``__row``, ``extra`` (label) columns and ``__d``: per row, the md5 of its sorted
    ``cells`` texts: one GROUP BY row, where an expression over every column costs DuckDB super-linear planning
    time (10,000 columns: 7 s against 68 s)."""
    per_row = cells.group_by("__row").aggregate(
        __d=md5(cells["__t"].group_concat("|", order_by=cells["__t"]))
    )
    # every row (one of only NULLs has no cell), numbered as the long form was: no select of every column
    narrow = (
        table.select(*[table[c].name(k) for k, c in extra.items()])
        if extra
        else table.select(__one=ibis.literal(1))
    )
    rows = engine.with_row_number(narrow, "__row")
    joined = rows.left_join(per_row, "__row")
    out = joined.select(
        rows["__row"], *[rows[k] for k in extra], __d=ibis.coalesce(joined["__d"], md5(ibis.literal("")))
    )
    return engine.materialize(out, "qdigest")


def hashed_groups(
    engine: Engine,
    table: ir.Table,
    columns: list[str],
    *,
    long_text: int,
    largest: int,
    rows_per_group: int,
    salt: str,
    label: str | None = None,
) -> tuple[int, int, list[dict]] | None:
    """Wide tables: the groups of equal rows over ``columns`` (``label``: the groups holding more than one label
    value), grouped by one md5 per row of its cells' exact texts instead of a GROUP BY and joins over every column.

    Returns (groups, rows in them, the largest groups as :func:`group_rows` gives them), or None when two rows
    with one digest differ in some cell (an md5 collision: the caller then groups on the columns). The check is
    exact: every row of a flagged digest is compared, cell by cell (exact text), with the digest's first row."""
    extra = {"__y": label} if label is not None else {}
    cells = long_cells(engine, table, columns)
    try:
        digests = long_digests(engine, table, cells, extra)
        try:
            aggs = {"__n": digests.count(), "__first": digests["__row"].min()}
            if label is not None:
                aggs["__labels"] = digests["__y"].nunique()
            g = digests.group_by("__d").aggregate(**aggs)
            g = g.filter((g["__n"] > 1) & (g["__labels"] > 1) if label is not None else g["__n"] > 1)
            flagged = engine.materialize(g, "qflag")
            try:
                stats = engine.execute(flagged.aggregate(g=flagged.count(), r=flagged["__n"].sum())).iloc[0]
                groups = int(stats["g"])
                if not groups:
                    return 0, 0, []
                members = engine.materialize(
                    digests.join(flagged, "__d").select("__row", "__first", "__d"), "qmemb"
                )
                try:
                    if not _all_equal_first(engine, cells, members):
                        return None
                    in_groups = int(stats["r"])
                    numbered = engine.with_row_number(table, "__row")
                    keyed = numbered.select("__row", **key_exprs(numbered, columns, long_text))
                    keys = [c for c in keyed.columns if c != "__row"]
                    out = _largest(
                        engine,
                        keyed,
                        flagged,
                        members,
                        keys,
                        largest,
                        rows_per_group,
                        salt,
                        "__labels" if label is not None else None,
                    )
                finally:
                    engine.drop(members)
            finally:
                engine.drop(flagged)
        finally:
            engine.drop(digests)
    finally:
        engine.drop(cells)
    return groups, in_groups, out


def _all_equal_first(engine: Engine, cells: ir.Table, members: ir.Table) -> bool:
    """Whether every member row has exactly its digest's first row's cells: as many cells, and each of its cells
    (column and exact text) among the first row's."""
    mine = members.join(cells, "__row").select("__row", "__first", "__t")
    per_row = mine.group_by("__row", "__first").aggregate(__n=mine.count())
    theirs = cells.select(__first=cells["__row"], __t=cells["__t"])
    first_n = theirs.group_by("__first").aggregate(__fn=theirs.count())
    matched = mine.join(theirs, ["__first", "__t"]).group_by("__row").aggregate(__m=ibis._.count())
    rows = members.select("__row", "__first")
    j = rows.left_join(per_row, ["__row", "__first"]).select(
        rows["__row"], rows["__first"], __n=ibis._["__n"]
    )
    j = j.left_join(first_n, "__first").select("__row", "__n", __fn=ibis._["__fn"])
    j = j.left_join(matched, "__row").select("__n", "__fn", __m=ibis._["__m"])
    n, fn, m = (j[k].fill_null(0) for k in ("__n", "__fn", "__m"))
    bad = engine.execute(j.filter((n != fn) | (m != n)).count())
    return int(bad) == 0


def _largest(
    engine: Engine,
    keyed: ir.Table,
    flagged: ir.Table,
    members: ir.Table,
    keys: list[str],
    largest: int,
    rows_per_group: int,
    salt: str,
    extra: str | None,
) -> list[dict]:
    """As :func:`group_rows`: the largest groups first (ties by first row), their smallest row numbers and the
    salted hash of the group's key values (computed on its first row: the same hash)."""
    if largest <= 0:
        return []
    top = flagged.order_by([ibis.desc("__n"), "__first"]).limit(largest)
    top = engine.materialize(top, "qtop")
    try:
        firsts = keyed.join(top, keyed["__row"] == top["__first"])
        cols = ["__d", "__n", "__first"] + ([extra] if extra else [])
        top_df = engine.execute(
            firsts.select(*cols, __h=row_hash(firsts, 0, keys, salt=salt)).order_by(
                [ibis.desc("__n"), "__first"]
            )
        )
        sel = members.join(top.select("__d"), "__d")
        rk = ibis.row_number().over(group_by=sel["__d"], order_by=sel["__row"])
        sel = sel.mutate(__rk=rk).filter(lambda t: t["__rk"] < rows_per_group).select("__d", "__row")
        rows_df = engine.execute(sel)
    finally:
        engine.drop(top)
    by_d: dict[str, list[int]] = {}
    for d, row in zip(rows_df["__d"].tolist(), rows_df["__row"].tolist(), strict=True):
        by_d.setdefault(str(d), []).append(int(row))
    out = []
    for rec in top_df.to_dict("records"):
        item = {
            "group_hash": str(rec["__h"])[:16],
            "size": int(rec["__n"]),
            "rows": sorted(by_d.get(str(rec["__d"]), [])),
        }
        if extra:
            item["labels"] = int(rec[extra])
        out.append(item)
    return out
