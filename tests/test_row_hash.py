"""The seeded row hash behind every sample (engine/_sampling.py row_hash) is md5 of the seed and the row's canonical
text joined by a separator: checked against hashlib on hand-built rows, flat and in the two-level form of wide
rows, so that building it differently (one n-ary concat_ws instead of a chain of ||) cannot change a sample."""

from __future__ import annotations

import hashlib

import pandas as pd

from riskaudit.engine import DuckDBEngine
from riskaudit.engine._sampling import _HASH_GROUP, _NULL, _SEP, row_hash


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def test_row_hash_is_md5_of_the_seed_and_the_rows_text():
    df = pd.DataFrame(
        {
            "s": ["a", None, "ü x", ""],
            "i": pd.array([1, 2, None, 40], dtype="Int64"),
            "t": ["x", "y", "z", None],
        }
    )
    engine = DuckDBEngine()
    try:
        table, _ = engine.from_pandas(df)
        got = engine.execute(table.select(h=row_hash(table, 7))).h.tolist()
        text = engine.execute(
            table.select(i=table["i"].cast("string"))
        ).i.tolist()  # the engine's integer text
    finally:
        engine.close()
    want = []
    for (s, t), i in zip(df[["s", "t"]].itertuples(index=False), text, strict=True):
        cells = [_NULL if v is None or v != v else v for v in (s, i, t)]
        want.append(_md5("riskaudit:7" + "".join(_SEP + c for c in cells)))
    assert got == want


def test_wide_rows_hash_groups_of_columns_first():
    n = _HASH_GROUP + 30
    rows = [{f"c{j}": f"v{(r * 7 + j) % 5}" if (r + j) % 11 else None for j in range(n)} for r in range(3)]
    df = pd.DataFrame(rows)
    engine = DuckDBEngine()
    try:
        table, _ = engine.from_pandas(df)
        got = engine.execute(table.select(h=row_hash(table, 0, salt="s"))).h.tolist()
    finally:
        engine.close()
    want = []
    for row in rows:
        cells = [_NULL if row[f"c{j}"] is None else row[f"c{j}"] for j in range(n)]
        groups = [cells[i : i + _HASH_GROUP] for i in range(0, n, _HASH_GROUP)]
        want.append(_md5("s" + "".join(_SEP + _md5("".join(_SEP + c for c in g)) for g in groups)))
    assert got == want


def test_no_call_exceeds_postgresqls_argument_limit_and_the_text_stays_the_same():
    # PostgreSQL refuses a call of more than 100 arguments: 150 columns (one flat group) and 450 (three groups)
    # are joined by nested calls, whose text is the flat join's
    import ibis
    import sqlglot

    for n in (150, 450):
        table = ibis.table({f"c{j}": "string" for j in range(n)}, name="t")
        sql = ibis.to_sql(table.select(h=row_hash(table, 0)), dialect="postgres")
        calls = list(sqlglot.parse_one(sql, read="postgres").find_all(sqlglot.exp.ConcatWs))
        assert calls and max(len(c.expressions) for c in calls) <= 100
    rows = [{f"c{j}": f"{r}:{j}" if (r + j) % 7 else None for j in range(150)} for r in range(3)]
    engine = DuckDBEngine()
    try:
        table, _ = engine.from_pandas(pd.DataFrame(rows))
        got = engine.execute(table.select(h=row_hash(table, 2))).h.tolist()
    finally:
        engine.close()
    want = [
        _md5(
            "riskaudit:2"
            + "".join(_SEP + (_NULL if row[f"c{j}"] is None else row[f"c{j}"]) for j in range(150))
        )
        for row in rows
    ]
    assert got == want
