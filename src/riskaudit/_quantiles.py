"""Exact quantiles within the engine's memory.

A quantile aggregate keeps every value of its column: DuckDB's ``quantile_cont`` holds its values outside the
buffer manager, so ``engine.memory_limit`` does not bound it (measured, DuckDB 1.5, 2 threads: one
``quantile_cont(x, [0.25, 0.5, 0.75])`` over 20M doubles adds about 300 MiB to the process; three separate
``quantile_cont(x, q)`` over the same column 760 MiB; at 50M rows the quality scan's quartiles and medians of
three numeric columns alone were several GiB). :func:`exact_quantiles` gives the same numbers in bounded
memory:

* an engine that bounds its own aggregates (:meth:`Engine.distinct_budget` None: Spark, a warehouse), or
  columns whose values fit the budget together, get one list quantile per column
  (``quantile_cont(x, [q1, q2, ...])``: one sort per column, where separate quantiles sort once each);
* any other column is answered by **exact selection over histograms**: the order statistics that the linear
  interpolation needs (ranks floor and ceil of (n - 1) q, 0-based) are located by a histogram of ``BINS``
  equal-width bins over the column's range (one GROUP BY of a bin number, ``BINS`` rows back); the bin holding
  a rank becomes the next range (its own minimum and maximum), until the range holds one value (minimum =
  maximum) or at most ``FINAL_VALUES`` values, which come back as (value, count) rows. Each pass is a scan
  with a small GROUP BY; a bin's membership is the same expression in every later pass (the chain of
  predicates is re-evaluated, not recomputed from rounded bounds), so the ranks are exact. The
  interpolation is DuckDB's for doubles: ``lo * (1 - d) + hi * d``, ``d = RN - floor(RN)``, ``RN = (n - 1) q``
  in double precision, and the value itself when RN is a whole number (``tests/test_quantiles.py`` compares every path with DuckDB's own ``quantile_cont``).

Infinite and NaN values are counted (DuckDB orders -inf below every number, +inf above, NaN above +inf) and
only the finite values are selected. A column whose finite values span a range wider than the largest double
keeps the list quantile: its memory is not bounded. On Spark and warehouses
(``Engine.distinct_budget`` None) the list quantile is the engine's own (Spark's ``percentile`` keeps a column's
distinct values in executor memory; it does not spill). The selection path may return -0.0 where DuckDB
returns 0.0 (equal values).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

import ibis
import ibis.expr.types as ir

from ._aggregate import _int

__all__ = ["BINS", "BYTES_PER_VALUE", "FINAL_VALUES", "exact_quantiles", "float_literal"]

#: bytes a list quantile holds per value (measured about 15 for doubles, see the module docstring)
BYTES_PER_VALUE = 16
#: bins per histogram pass
BINS = 4096
#: a range with at most this many values is read back as (value, count) rows
FINAL_VALUES = 50_000
#: histogram passes per rank before its range is read back whatever its size. Each pass divides the range's
#: width by at least ``BINS`` (2^12): from the widest range of doubles (2^1025) to one whose width / BINS
#: underflows to 0 (then it holds at most ``BINS`` distinct doubles, and the read-back returns at most that many
#: rows) takes at most about 175 passes. Data spread evenly over a few orders of magnitude need 2-3 passes;
#: values spread over hundreds of orders of magnitude (10^U(-150, 150)) about 80, each a filtered scan.
MAX_PASSES = 200


def exact_quantiles(
    engine: Any, table: ir.Table, specs: Mapping[str, tuple[ir.NumericValue, Sequence[float]]]
) -> dict[str, list[float | None]]:
    """``name -> [quantile of expr at q for q in qs]`` for ``specs`` of ``name -> (numeric expression of table,
    qs)``, linear interpolation (DuckDB ``quantile_cont``, numpy's default); None for every q of an expression
    without non-NULL values. Exact on every path; memory bounded by the engine's budget (module docstring)."""
    if not specs:
        return {}
    x = {name: expr.cast("float64") for name, (expr, _) in specs.items()}
    qs = {name: [float(q) for q in q_list] for name, (_, q_list) in specs.items()}
    budget = engine.distinct_budget()
    if budget is None:
        return _listed(engine, table, list(specs), x, qs)
    finite = {name: x[name].notnull() & ~x[name].isinf() & ~x[name].isnan() for name in specs}
    finite_x = {name: ibis.ifelse(finite[name], x[name], ibis.null("float64")) for name in specs}
    inf = float("inf")
    stats = engine.execute(
        table.aggregate(
            [
                m
                for i, name in enumerate(specs)
                for m in (
                    x[name].count().name(f"n{i}"),
                    finite[name].ifelse(1, 0).sum().name(f"nf{i}"),
                    (x[name] == float_literal(-inf)).ifelse(1, 0).sum().name(f"nneg{i}"),
                    (x[name] == float_literal(inf)).ifelse(1, 0).sum().name(f"npos{i}"),
                    finite_x[name].min().name(f"lo{i}"),
                    finite_x[name].max().name(f"hi{i}"),
                )
            ]
        )
    ).iloc[0]
    out: dict[str, list[float | None]] = {}
    fit: list[list[str]] = [[]]
    used = 0
    for i, name in enumerate(specs):
        n = _int(stats[f"n{i}"])
        if n == 0:
            out[name] = [None] * len(qs[name])
            continue
        nf, nneg, npos = _int(stats[f"nf{i}"]), _int(stats[f"nneg{i}"]), _int(stats[f"npos{i}"])
        lo = float(stats[f"lo{i}"]) if nf else 0.0
        hi = float(stats[f"hi{i}"]) if nf else 0.0
        need = n * BYTES_PER_VALUE
        if need <= budget or not math.isfinite(hi - lo):  # a range of finite values past the largest double
            if fit[-1] and used + need > budget:
                fit.append([])
                used = 0
            fit[-1].append(name)
            used += need
            continue
        out[name] = _selected(engine, table, x[name], finite[name], qs[name], (n, nneg, nf, npos), lo, hi)
    for names in fit:
        if names:
            out.update(_listed(engine, table, names, x, qs))
    return {name: out[name] for name in specs}


def float_literal(v: float) -> ir.FloatingScalar:
    """``v`` as a double in the engine, exactly: ``CAST('<repr>' AS DOUBLE)``. A bare literal is not exact on
    DuckDB: ``0.9147514016097131`` parses as DECIMAL(17,16), whose cast to DOUBLE missed the double by one unit
    in the last place for 325 of 6,004 random doubles; the text is parsed with correct rounding (DuckDB, Spark,
    PostgreSQL alike)."""
    return ibis.literal(repr(float(v))).cast("float64")


def _listed(
    engine: Any, table: ir.Table, names: list[str], x: dict[str, ir.FloatingValue], qs: dict[str, list[float]]
) -> dict[str, list[float | None]]:
    """One list quantile per expression, all in one query."""
    row = engine.execute(
        table.aggregate([x[name].quantile(qs[name]).name(f"q{i}") for i, name in enumerate(names)])
    ).iloc[0]
    out: dict[str, list[float | None]] = {}
    for i, name in enumerate(names):
        got = row[f"q{i}"]
        vals = list(got) if got is not None and not (isinstance(got, float) and got != got) else []
        if len(vals) != len(qs[name]):
            vals = [None] * len(qs[name])
        # NaN stays NaN (a column holding NaN: DuckDB sorts it last); None only for a column without values
        out[name] = [None if v is None else float(v) for v in vals]
    return out


def _interpolate(lo: float, hi: float, d: float) -> float:
    """DuckDB's ``CastInterpolation::Interpolate`` for doubles (``lo * (1 - d) + hi * d``, not
    ``lo + (hi - lo) * d``: the two differ in the last bit)."""
    return lo * (1.0 - d) + hi * d


def _selected(
    engine: Any,
    table: ir.Table,
    x: ir.FloatingValue,
    finite: ir.BooleanValue,
    qs: list[float],
    counts: tuple[int, int, int, int],
    lo: float,
    hi: float,
) -> list[float | None]:
    """The quantiles of ``x`` by exact selection over histograms. ``counts``: (non-NULL values, -inf, finite,
    +inf); the rest are NaN. DuckDB orders -inf < finite values < +inf < NaN; only the finite values, in
    [lo, hi], need the engine."""
    n, nneg, nf, npos = counts
    plans = []
    ranks: set[int] = set()
    for q in qs:
        rn = (n - 1) * q
        f, c = math.floor(rn), math.ceil(rn)
        plans.append((rn, f, c))
        ranks.update((f, c))
    values: dict[int, float] = {}
    wanted = []
    for r in sorted(ranks):
        if r < nneg:
            values[r] = float("-inf")
        elif r < nneg + nf:
            wanted.append(r - nneg)
        else:
            values[r] = float("inf") if r < nneg + nf + npos else float("nan")
    if wanted:
        got = _order_statistics(engine, table, x, finite, wanted, nf, lo, hi)
        values.update({r + nneg: v for r, v in got.items()})
    out: list[float | None] = []
    for rn, f, c in plans:
        out.append(values[f] if f == c else _interpolate(values[f], values[c], rn - f))
    return out


def _order_statistics(
    engine: Any,
    table: ir.Table,
    x: ir.FloatingValue,
    where: ir.BooleanValue,
    ranks: list[int],
    n: int,
    lo: float,
    hi: float,
) -> dict[int, float]:
    """``rank -> value`` of the 0-based order statistics ``ranks`` of the ``n`` values of ``x`` where ``where``
    (finite, in [lo, hi])."""
    found: dict[int, float] = {}
    # a state: (predicate, values below the range, values in it, range minimum, range maximum, passes so far)
    pending: list[tuple[ir.BooleanValue, int, int, float, float, int, list[int]]] = [
        (where, 0, n, lo, hi, 0, list(ranks))
    ]
    while pending:
        pred, below, count, r_lo, r_hi, passes, wanted = pending.pop()
        if r_lo == r_hi:
            for r in wanted:
                found[r] = r_lo
            continue
        width = r_hi / BINS - r_lo / BINS  # (r_hi - r_lo) / BINS would overflow for ranges near +-1.8e308
        if count <= FINAL_VALUES or passes >= MAX_PASSES or not width > 0:
            df = engine.execute(table.filter(pred).group_by(__v=x).aggregate(__n=x.count()).order_by("__v"))
            vals = [float(v) for v in df["__v"]]
            cum = list(accumulate(int(k) for k in df["__n"]))
            for r in wanted:  # the first value whose cumulative count passes the rank
                found[r] = vals[bisect.bisect_right(cum, r - below)]
            continue
        bin_ = ibis.least(((x - float_literal(r_lo)) / float_literal(width)).floor(), BINS - 1).cast("int64")
        df = engine.execute(
            table.filter(pred)
            .group_by(__b=bin_)
            .aggregate(__n=x.count(), __lo=x.min(), __hi=x.max())
            .order_by("__b")
        )
        bins = [int(b) for b in df["__b"]]
        counts = [int(k) for k in df["__n"]]
        los = [float(v) for v in df["__lo"]]
        his = [float(v) for v in df["__hi"]]
        cum = list(accumulate(counts))
        by_bin: dict[int, list[int]] = {}
        for r in wanted:  # the bin whose cumulative count passes the rank
            by_bin.setdefault(bisect.bisect_right(cum, r - below), []).append(r)
        for j, rs in by_bin.items():
            before = cum[j - 1] if j else 0
            pending.append(
                (pred & (bin_ == bins[j]), below + before, counts[j], los[j], his[j], passes + 1, rs)
            )
    return found
