"""Per-column drift between two releases: PSI, Jensen-Shannon distance and normed Wasserstein distance, with
Evidently's documented definitions and defaults, computed from engine histograms (never a full column in Python).

Evidently (docs.evidentlyai.com/reference/data-drift-algorithm; evidently ``calculations/stattests``):

* default method, reference > 1000 rows: numerical columns with more than 5 distinct values -> Wasserstein
  distance (normed), categorical columns or numerical with <= 5 distinct values -> Jensen-Shannon distance;
  every threshold 0.1, drift when the value >= the threshold. (With <= 1000 reference rows Evidently uses
  statistical tests (KS, chi-squared, Z) that are not computed here: ``drifted`` is then left unjudged.)
* binning (``get_binned_data``): a numerical column with more than 20 distinct reference values is cut into
  equal-width bins over the min..max of both releases, as many as Sturges' rule gives for both releases'
  values (numpy ``histogram_bin_edges(bins="sturges")``: ceil(log2 n + 1)); otherwise one bin per value.
  Shares are counts / non-null values of each release.
* PSI = sum (ref - cur) * ln(ref / cur), with empty bins set to 0.0001 (or the smallest non-zero share / 10^6
  when that share is <= 0.0001); threshold 0.1.
* Jensen-Shannon: scipy's ``distance.jensenshannon`` (natural log) of the shares, no zero filling.
* Wasserstein (normed): the first Wasserstein distance / max(population std of the reference, 0.001). Here it is
  exact from value counts when both releases hold at most ``EXACT_VALUES`` distinct values together, else from a
  ``FINE_BINS``-bin histogram, with the approximation's bound (one bin width / norm) reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ._model import ColumnDrift
from ._tolerance import DriftTolerance

__all__ = [
    "EXACT_VALUES",
    "FINE_BINS",
    "column_drift",
    "jensen_shannon",
    "psi",
    "sturges_bins",
    "wasserstein",
]

EXACT_VALUES = 10_000
FINE_BINS = 1000
LARGE_REFERENCE = 1000


def sturges_bins(n: int) -> int:
    """numpy's Sturges bin count for ``n`` values: ceil(log2(n) + 1)."""
    return max(1, math.ceil(math.log2(n) + 1)) if n > 0 else 1


def _shares(counts: Sequence[float]) -> list[float]:
    total = float(sum(counts))
    return [c / total for c in counts]


def _fill_zeroes(p: list[float]) -> list[float]:
    nonzero = [x for x in p if x != 0]
    if not nonzero:
        return p
    m = min(nonzero)
    fill = m / 10**6 if m <= 0.0001 else 0.0001
    return [fill if x == 0 else x for x in p]


def psi(ref_counts: Sequence[float], cur_counts: Sequence[float]) -> float:
    """Population stability index of two histograms on the same bins (Evidently's zero filling)."""
    p, q = _fill_zeroes(_shares(ref_counts)), _fill_zeroes(_shares(cur_counts))
    return float(sum((a - b) * math.log(a / b) for a, b in zip(p, q, strict=True)))


def jensen_shannon(ref_counts: Sequence[float], cur_counts: Sequence[float]) -> float:
    """Jensen-Shannon distance (natural log): sqrt of the mean KL divergence of each to their midpoint."""
    p, q = _shares(ref_counts), _shares(cur_counts)
    kl_p = kl_q = 0.0
    for a, b in zip(p, q, strict=True):
        m = (a + b) / 2
        if a > 0:
            kl_p += a * math.log(a / m)
        if b > 0:
            kl_q += b * math.log(b / m)
    return math.sqrt(max((kl_p + kl_q) / 2, 0.0))


def wasserstein(points: Sequence[float], ref_counts: Sequence[float], cur_counts: Sequence[float]) -> float:
    """First Wasserstein distance of two distributions on the same sorted support points: integral |F - G|."""
    p, q = _shares(ref_counts), _shares(cur_counts)
    fr = fc = 0.0
    total = 0.0
    for i in range(len(points) - 1):
        fr += p[i]
        fc += q[i]
        total += abs(fr - fc) * (points[i + 1] - points[i])
    return total


# --- engine side: histograms by Ibis aggregations (a few rows per column come back) -----------------------------


def _x(t: Any, col: str) -> Any:
    """The column as float64; dates and timestamps as days since 1970-01-01 (so Wasserstein is in days)."""
    c = t[col]
    if c.type().is_temporal():
        return c.epoch_seconds().cast("float64") / 86400.0
    return c.cast("float64")


def _all_stats(engine: Any, t: Any, cols: dict[str, bool]) -> dict[str, dict[str, Any]]:
    """Non-null count, distinct count (and min, max, population std for numerical columns) of every column in
    ``cols`` (name -> numerical), in one aggregate query."""
    from .._aggregate import distinct_counts

    aggs = []
    for i, (col, numeric) in enumerate(cols.items()):
        c = t[col]
        aggs += [c.count().name(f"n_{i}")]
        if numeric:
            x = _x(t, col)
            aggs += [x.min().name(f"lo_{i}"), x.max().name(f"hi_{i}"), x.std(how="pop").name(f"sd_{i}")]
    if not aggs:
        return {}
    # distinct counts within the engine's memory (a near-unique text column may not fit one pass)
    nd, row = distinct_counts(engine, t, {f"d_{i}": t[col] for i, col in enumerate(cols)}, extra=aggs)
    row = {**row, **nd}
    out: dict[str, dict[str, Any]] = {}
    for i, (col, numeric) in enumerate(cols.items()):
        keys = ("n", "d", "lo", "hi", "sd") if numeric else ("n", "d")
        vals = {k: row[f"{k}_{i}"] for k in keys}
        out[col] = {
            k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in vals.items()
        }
    return out


def _value_counts(engine: Any, t: Any, col: str, as_float: bool) -> dict[Any, int]:
    f = t.filter(t[col].notnull())
    c = _x(f, col) if as_float else f[col]
    g = f.group_by(c.name("v")).aggregate(n=f.count())
    df = engine.execute(g)
    return {(float(v) if as_float else v): int(n) for v, n in zip(df["v"], df["n"], strict=True)}


def _edge_index(x: Any, edges: list[float]) -> Any:
    """Bin of ``x`` as numpy's histogram assigns it: the number of interior edges <= x (last bin closed)."""
    import ibis

    idx = ibis.literal(0)
    for e in edges[1:-1]:
        idx = idx + (x >= e).cast("int64")
    return idx


def _binned(engine: Any, t: Any, col: str, edges: list[float]) -> list[int]:
    f = t.filter(t[col].notnull())
    x = _x(f, col)
    g = f.group_by(_edge_index(x, edges).name("b")).aggregate(n=f.count())
    df = engine.execute(g)
    counts = [0] * (len(edges) - 1)
    for b, n in zip(df["b"], df["n"], strict=True):
        counts[int(b)] += int(n)
    return counts


def _fine(engine: Any, t: Any, col: str, lo: float, width: float, bins: int) -> list[int]:
    import ibis

    f = t.filter(t[col].notnull())
    x = _x(f, col)
    idx = ibis.least(((x - lo) / width).floor().cast("int64"), bins - 1)
    g = f.group_by(idx.name("b")).aggregate(n=f.count())
    df = engine.execute(g)
    counts = [0] * bins
    for b, n in zip(df["b"], df["n"], strict=True):
        counts[min(max(int(b), 0), bins - 1)] += int(n)
    return counts


def _linspace(lo: float, hi: float, n: int) -> list[float]:
    step = (hi - lo) / n
    return [lo + i * step for i in range(n)] + [hi]


def _kind(dtype: Any) -> str | None:
    if dtype.is_boolean() or dtype.is_string():
        return "categorical"
    if dtype.is_numeric() or dtype.is_date() or dtype.is_timestamp():
        return "numerical"
    return None


def column_drift(old: Any, new: Any, tol: DriftTolerance | None = None) -> list[ColumnDrift]:
    """Drift of every column the two releases share (``old``/``new``: opened :class:`riskaudit.dataset.Dataset`)."""
    tol = tol or DriftTolerance()
    so, sn = old.table.schema(), new.table.schema()
    out: list[ColumnDrift] = []
    todo: dict[str, bool] = {}
    for col in [c for c in old.columns if c in sn]:
        ko, kn = _kind(so[col]), _kind(sn[col])
        if ko is None or kn is None or ko != kn:
            out.append(
                ColumnDrift(
                    column=col,
                    kind=ko or kn or "categorical",
                    not_measured="times of day, intervals and nested types are not compared"
                    if ko == kn
                    else f"retyped between the releases ({so[col]} -> {sn[col]})",
                )
            )
            continue
        todo[col] = ko == "numerical"
    sa, sb = _all_stats(old.engine, old.table, todo), _all_stats(new.engine, new.table, todo)
    for col in todo:
        out.append(_one(old, new, col, "numerical" if todo[col] else "categorical", tol, sa[col], sb[col]))
    return sorted(out, key=lambda d: old.columns.index(d.column))


def _one(
    old: Any, new: Any, col: str, kind: str, tol: DriftTolerance, a: dict[str, Any], b: dict[str, Any]
) -> ColumnDrift:
    numeric = kind == "numerical"
    if not a["n"] or not b["n"]:
        return ColumnDrift(column=col, kind=kind, not_measured="no non-null value in one of the releases")
    large = old.rows > LARGE_REFERENCE
    res: dict[str, Any] = {}
    if numeric and a["d"] > 20:
        lo, hi = min(a["lo"], b["lo"]), max(a["hi"], b["hi"])
        edges = _linspace(lo, hi, sturges_bins(int(a["n"]) + int(b["n"])))
        ca, cb = _binned(old.engine, old.table, col, edges), _binned(new.engine, new.table, col, edges)
    else:
        if not numeric and max(a["d"], b["d"]) > tol.max_categories:
            return ColumnDrift(
                column=col,
                kind=kind,
                not_measured=f"more than drift.max_categories={tol.max_categories} "
                "distinct values (an identifier-like column): no categorical histogram",
            )
        va, vb = (
            _value_counts(old.engine, old.table, col, numeric),
            _value_counts(new.engine, new.table, col, numeric),
        )
        keys = sorted(set(va) | set(vb), key=lambda v: (str(type(v)), v))
        ca, cb = [va.get(k, 0) for k in keys], [vb.get(k, 0) for k in keys]
    res["bins"] = len(ca)
    res["psi"] = psi(ca, cb)
    res["jensen_shannon"] = jensen_shannon(ca, cb)
    method = "wasserstein" if numeric and a["d"] > 5 else "jensenshannon"
    if numeric:
        norm = max(float(a["sd"] or 0.0), 0.001)
        if a["d"] + b["d"] <= EXACT_VALUES:
            va, vb = (
                _value_counts(old.engine, old.table, col, True),
                _value_counts(new.engine, new.table, col, True),
            )
            pts = sorted(set(va) | set(vb))
            w, err = wasserstein(pts, [va.get(p, 0) for p in pts], [vb.get(p, 0) for p in pts]), 0.0
        else:
            lo, hi = min(a["lo"], b["lo"]), max(a["hi"], b["hi"])
            width = (hi - lo) / FINE_BINS or 1.0
            fa, fb = (
                _fine(old.engine, old.table, col, lo, width, FINE_BINS),
                _fine(new.engine, new.table, col, lo, width, FINE_BINS),
            )
            centers = [lo + (i + 0.5) * width for i in range(FINE_BINS)]
            w, err = wasserstein(centers, fa, fb), width / norm
        res["wasserstein_normed"] = w / norm
        res["wasserstein_max_error"] = err
    threshold = tol.wasserstein if method == "wasserstein" else tol.jensenshannon
    value = res.get("wasserstein_normed") if method == "wasserstein" else res["jensen_shannon"]
    drifted = bool(value >= threshold) if large and value is not None else None
    return ColumnDrift(
        column=col,
        kind=kind,
        method=method,
        threshold=threshold,
        drifted=drifted,
        **{k: (round(v, 10) if isinstance(v, float) else v) for k, v in res.items()},
    )
