"""Outliers per numeric column (counts only) and redundant 1:1 column pairs.

* IQR (Tukey 1977): below Q1 - k*IQR or above Q3 + k*IQR, k = quality.iqr_k (1.5); quartiles with linear
  interpolation between order statistics, as DuckDB ``quantile_cont`` and numpy's default compute them.
* MAD (Iglewicz & Hoaglin 1993): modified z = 0.6745 (x - median) / MAD, MAD = median |x - median|; an outlier
  when |z| > quality.mad_z (3.5). Undefined (None) when MAD = 0 (more than half the values equal the median).

Quartiles and medians are exact and computed within the engine's memory (``riskaudit._quantiles``); they
come back as numbers for the fences (used in the next queries, never reported); only counts are reported.
"""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir

from ..engine import Engine

__all__ = ["outlier_counts", "redundant_pairs"]


OUTLIER_SLICE = (
    100  # columns per set of three aggregates: 3 quantiles x 1,000 columns in one query is super-linear
)


def outlier_counts(
    engine: Engine, table: ir.Table, columns: list[str], iqr_k: float, mad_z: float
) -> dict[str, dict]:
    """``column -> {values, iqr_low, iqr_high, mad}`` (counts; ``mad`` None when MAD is 0) in three aggregates
    per slice of ``OUTLIER_SLICE`` columns (each column's numbers depend on that column only)."""
    from .._wide import is_wide

    if is_wide(columns):
        return _outliers_long(engine, table, columns, iqr_k, mad_z)
    out: dict[str, dict] = {}
    for i in range(0, len(columns), OUTLIER_SLICE):
        out.update(_outlier_slice(engine, table, columns[i : i + OUTLIER_SLICE], iqr_k, mad_z))
    return out


def _outlier_slice(
    engine: Engine, table: ir.Table, columns: list[str], iqr_k: float, mad_z: float
) -> dict[str, dict]:
    if not columns:
        return {}
    from .._quantiles import exact_quantiles, float_literal

    table = table.select(columns)  # the slice only: compiles stay the size of the slice
    x = {c: table[c].cast("float64") for c in columns}
    # 1: quartiles and medians (exact, within the engine's memory: riskaudit._quantiles)
    quart = exact_quantiles(engine, table, {c: (x[c], [0.25, 0.5, 0.75]) for c in columns})
    present = [c for c in columns if quart[c][1] is not None]
    # 2: MAD, the median of |x - median|
    mad = exact_quantiles(
        engine, table, {c: ((x[c] - float_literal(quart[c][1])).abs(), [0.5]) for c in present}
    )
    # 3: counts against the fences; the fences are computed in double precision as the engine would
    aggs = {}
    for i, c in enumerate(columns):
        v = x[c]
        aggs[f"n_{i}"] = v.count()
        if c not in present:
            continue
        q1, q2, q3 = quart[c]
        md = mad[c][0]
        iqr = q3 - q1
        aggs[f"lo_{i}"] = (v < float_literal(q1 - iqr_k * iqr)).ifelse(1, 0).sum()
        aggs[f"hi_{i}"] = (v > float_literal(q3 + iqr_k * iqr)).ifelse(1, 0).sum()
        if md > 0 or md != md:  # as the engine compared before: DuckDB orders NaN above every number
            z = (0.6745 * (v - float_literal(q2)) / float_literal(md)).abs()
            aggs[f"mad_{i}"] = (z > mad_z).ifelse(1, 0).sum()
    row = engine.execute(table.aggregate(**aggs)).iloc[0]

    def n(v) -> int:
        return int(v) if v is not None and v == v else 0

    out = {}
    for i, c in enumerate(columns):
        values = n(row[f"n_{i}"])
        if not values:
            continue
        out[c] = {
            "values": values,
            "iqr_low": n(row[f"lo_{i}"]),
            "iqr_high": n(row[f"hi_{i}"]),
            "mad": n(row[f"mad_{i}"]) if f"mad_{i}" in row.index else None,
        }
    return out


def _outliers_long(
    engine: Engine, table: ir.Table, columns: list[str], iqr_k: float, mad_z: float
) -> dict[str, dict]:
    """Wide tables: the same three aggregates as :func:`_outlier_slice`, each one GROUP BY column over the long
    form of all ``columns`` (values cast to float64 as there), whatever the number of columns."""
    from .._wide import long_groups

    with long_groups(engine, table, columns) as (groups, _rest):  # numeric columns only: nothing is left out
        parts = [long.select("__c", __x=long["__v"].cast("float64")) for _cols, long in groups]
        if not parts:
            return {}
        long = parts[0] if len(parts) == 1 else ibis.union(*parts, distinct=False)
        # 1: quartiles and medians
        s = engine.materialize(
            long.group_by("__c").aggregate(
                q1=long["__x"].quantile(0.25), q2=long["__x"].quantile(0.5), q3=long["__x"].quantile(0.75)
            ),
            "qquart",
        )
        try:
            # 2: MAD
            j = long.join(s, "__c")
            m = engine.materialize(
                j.group_by("__c").aggregate(mad=(j["__x"] - j["q2"]).abs().quantile(0.5)).join(s, "__c"),
                "qstats",
            )
        finally:
            engine.drop(s)
        try:
            # 3: counts against the fences
            k = long.join(m, "__c")
            v, q1, q3, q2, md = k["__x"], k["q1"], k["q3"], k["q2"], k["mad"]
            iqr = q3 - q1
            z = (0.6745 * (v - q2) / md).abs()
            df = engine.execute(
                k.group_by("__c").aggregate(
                    n=v.count(),
                    lo=(v < q1 - iqr_k * iqr).ifelse(1, 0).sum(),
                    hi=(v > q3 + iqr_k * iqr).ifelse(1, 0).sum(),
                    mad=ibis.cases((md > 0, (z > mad_z).ifelse(1, 0)), else_=0).sum(),
                    madok=(md > 0).ifelse(1, 0).max(),
                )
            )
        finally:
            engine.drop(m)
    got = {str(r["__c"]): r for r in df.to_dict("records")}

    def n(v) -> int:
        return int(v) if v is not None and v == v else 0

    out = {}
    for c in columns:  # column order, as the per-column path returns them
        r = got.get(c)
        if r is None or not n(r["n"]):
            continue
        out[c] = {
            "values": n(r["n"]),
            "iqr_low": n(r["lo"]),
            "iqr_high": n(r["hi"]),
            "mad": n(r["mad"]) if n(r["madok"]) else None,
        }
    return out


PAIR_SLICE = 100  # pair distinct counts per query
#: most value combinations of the tested columns for which pairs are counted over their distinct combinations
PAIR_CUBE_MAX = 1_000_000


def _pair_key(table: ir.Table, c: str) -> ir.StringValue:
    """Injective text of a value, NULL included: its length, ':' and its text; NULL is '~' (never of that form)."""
    v = table[c].cast("string")
    return ibis.coalesce(v.length().cast("string") + ":" + v, ibis.literal("~"))


def _text_exact(t) -> bool:
    """Types whose GROUP BY equality is equality of their text (``_pair_key``): integers, decimals of one scale,
    text, booleans, dates, timestamps."""
    return bool(
        t.is_integer() or t.is_decimal() or t.is_string() or t.is_boolean() or t.is_date() or t.is_timestamp()
    )


def redundant_pairs(
    engine: Engine,
    table: ir.Table,
    distinct: dict[str, int],
    candidates: list[str],
    max_pairs: int,
    nulls: dict[str, int] | None = None,
) -> tuple[list[list[str]], int]:
    """Pairs (a, b) of ``candidates`` that map 1:1 (each value of a goes with one value of b and back; NULL is
    a value), found among columns with equal distinct counts; returns the pairs and how many were tested.

    A pair maps 1:1 when its distinct (a, b) combinations number as many as the distinct values of a and of b;
    those counts are batched, one query per ``PAIR_SLICE`` pairs and one per 250 columns, instead of one query
    per pair. With ``nulls`` (per column, as ``distinct`` counted by the profile) a column's values, NULL included,
    are ``distinct + (nulls > 0)`` and need no query; each column's key text is selected once for all its pairs."""
    from .._aggregate import distinct_counts

    by_d: dict[int, list[str]] = {}
    for c in candidates:
        by_d.setdefault(distinct[c], []).append(c)
    pairs = [(a, b) for cols in by_d.values() for i, a in enumerate(cols) for b in cols[i + 1 :]]
    pairs = pairs[:max_pairs]
    if not pairs:
        return [], 0
    used = sorted({c for p in pairs for c in p}, key=candidates.index)
    if nulls is not None and all(c in nulls for c in used):
        d = {c: int(distinct[c]) + (1 if int(nulls[c]) > 0 else 0) for c in used}
    else:
        # distinct values with NULL as one more value; within the engine's memory (_aggregate.distinct_counts)
        nd, per_col = distinct_counts(
            engine,
            table,
            {c: table[c] for c in used},
            extra=[table[c].isnull().ifelse(1, 0).max().name(f"n_{i}") for i, c in enumerate(used)],
        )
        d = {c: nd[c] + (1 if per_col[f"n_{i}"] == 1 else 0) for i, c in enumerate(used)}
    # few value combinations (the product of the columns' value counts is small), all of plain scalar types: the
    # pairs are counted over the table's distinct combinations of the used columns (one GROUP BY of native values)
    # instead of over every row; a pair's combinations are the same set either way, as long as a GROUP BY merges
    # exactly the values whose key text is equal. Floats (0.0 and -0.0 group together, their texts differ),
    # intervals (1 month = 30 days) and nested types stay on the rows.
    schema = table.schema()
    cube = None
    if math.prod(d[c] for c in used) <= PAIR_CUBE_MAX and all(_text_exact(schema[c]) for c in used):
        cube = engine.materialize(table.group_by(used).aggregate(__n=table.count()), "qpairs")
    try:
        src = cube if cube is not None else table
        keyed = src.select(**{f"__pk{i}": _pair_key(src, c) for i, c in enumerate(used)})
        keys = {c: keyed[f"__pk{i}"] for i, c in enumerate(used)}
        per_pair, _ = distinct_counts(
            engine,
            keyed,
            {k: keys[a] + "|" + keys[b] for k, (a, b) in enumerate(pairs)},
            per_query=PAIR_SLICE,
        )
    finally:
        if cube is not None:
            engine.drop(cube)
    found = [[a, b] for k, (a, b) in enumerate(pairs) if int(per_pair[k]) == d[a] == d[b]]
    return found, len(pairs)
