"""Exact quantiles within the engine's memory (``riskaudit._quantiles.exact_quantiles``).

DuckDB's quantile aggregates hold every value outside its memory limit; past the budget riskaudit selects the
order statistics by histogram passes instead. These tests force tiny budgets and small ``FINAL_VALUES`` /
``BINS`` so that every path (list quantile, histogram passes, one-value ranges, the final read-back, the pass
cap) runs on small data, and compare each result with numpy's linear interpolation computed on the same rows
and with DuckDB's own ``quantile_cont`` (bit for bit).
"""

from __future__ import annotations

import random

import duckdb
import numpy as np
import pandas as pd
import pytest

from riskaudit import _quantiles
from riskaudit._quantiles import exact_quantiles
from riskaudit.config import EngineConfig
from riskaudit.engine import connect

QS = [0.0, 0.1, 0.25, 1 / 3, 0.5, 0.75, 0.9, 0.999, 1.0]


def _frame(n: int = 20_000, seed: int = 11) -> pd.DataFrame:
    rnd = random.Random(seed)
    return pd.DataFrame(
        {
            # continuous, heavy right tail: most values crowd the first bins
            "income": [None if i % 9 == 0 else round(rnd.lognormvariate(10, 1.2), 2) for i in range(n)],
            # few distinct integers: histogram bins of one value each
            "age": [rnd.randrange(18, 95) for _ in range(n)],
            # one value for 90 % of rows, a handful of others (ties across the ranks)
            "tied": [7.5 if rnd.random() < 0.9 else rnd.choice([-1e9, 0.0, 3.25, 1e12]) for _ in range(n)],
            # negatives and values that differ in the last bits
            "close": [1.0 + k * 2.0**-50 for k in (rnd.randrange(-5000, 5000) for _ in range(n))],
            "single": [None] * (n - 1) + [42.0],
            "empty": [None] * n,
        }
    )


def _duckdb_quantiles(df: pd.DataFrame, col: str) -> list[float | None]:
    con = duckdb.connect()
    con.register("f", df[[col]])
    got = con.execute(f"SELECT quantile_cont(CAST({col} AS DOUBLE), {QS!r}) FROM f").fetchone()[0]
    return [None] * len(QS) if got is None else [float(v) for v in got]


def _numpy_quantiles(df: pd.DataFrame, col: str) -> list[float | None]:
    v = df[col].dropna().astype("float64").to_numpy()
    return [None] * len(QS) if not len(v) else [float(x) for x in np.quantile(v, QS)]


@pytest.mark.parametrize(
    "budget,bins,final",
    [
        (None, 4096, 50_000),  # the engine bounds itself: one list quantile per column
        (10**12, 4096, 50_000),  # everything fits the budget
        (1, 4096, 50_000),  # nothing fits: histogram passes, ranges read back at <= 50,000 values
        (1, 16, 50),  # tiny bins and read-backs: several passes per rank
        (1, 2, 1),  # two bins a pass: the pass cap ends the selection with a read-back
        (16 * 20_000, 64, 100),  # some columns fit together, the others are selected
    ],
)
def test_quantiles_equal_duckdb_and_numpy(monkeypatch, budget, bins, final):
    df = _frame()
    monkeypatch.setattr(_quantiles, "BINS", bins)
    monkeypatch.setattr(_quantiles, "FINAL_VALUES", final)
    eng = connect(EngineConfig())
    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: budget)
        t, _ = eng.from_pandas(df)
        got = exact_quantiles(eng, t, {c: (t[c], QS) for c in df.columns})
    finally:
        eng.close()
    for c in df.columns:
        assert got[c] == _duckdb_quantiles(df, c), c  # bit for bit
        want = _numpy_quantiles(df, c)
        if want[0] is None:
            assert got[c] == [None] * len(QS)
        else:
            assert got[c] == pytest.approx(want, rel=1e-12, abs=1e-300), c


def _spy_execute(monkeypatch, eng) -> tuple[list[str], list[int]]:
    """Record each query ``eng`` runs: its SQL (lower case) and the number of rows it returned."""
    sqls: list[str] = []
    sizes: list[int] = []
    real = type(eng).execute

    def spy(self, expr, *a, **k):
        sqls.append(str(ibis_to_sql(expr)).lower())
        res = real(self, expr, *a, **k)
        sizes.append(len(res) if hasattr(res, "__len__") else 1)
        return res

    monkeypatch.setattr(type(eng), "execute", spy)
    return sqls, sizes


def test_selection_runs_bounded_queries(monkeypatch):
    """Past the budget no query holds a quantile aggregate, and each query returns at most BINS or
    FINAL_VALUES rows."""
    df = _frame()
    monkeypatch.setattr(_quantiles, "BINS", 32)
    monkeypatch.setattr(_quantiles, "FINAL_VALUES", 200)
    eng = connect(EngineConfig())
    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: 1)
        sqls, sizes = _spy_execute(monkeypatch, eng)
        t, _ = eng.from_pandas(df)
        got = exact_quantiles(eng, t, {"income": (t["income"], [0.25, 0.5, 0.75])})
    finally:
        eng.close()
    v = df["income"].dropna().to_numpy()
    assert got["income"] == pytest.approx(list(np.quantile(v, [0.25, 0.5, 0.75])), rel=1e-12)
    assert not any("quantile" in s.lower() for s in sqls)
    assert max(sizes) <= 200
    assert len(sqls) > 2  # the statistics pass, at least one histogram, at least one read-back


def ibis_to_sql(expr):
    import ibis

    try:
        return ibis.to_sql(expr, dialect="duckdb")
    except Exception:
        return expr


@pytest.mark.parametrize("budget", [1, 16 * 25_000])
def test_scanners_give_the_same_results_past_the_budget(monkeypatch, budget):
    """The quality scan's outlier counts and the proxies' decile bins are the same whether the quantiles
    come from DuckDB's quantile aggregate (no budget) or from the bounded selection (tiny budgets); the
    IQR counts also equal a count against numpy's quartiles."""
    from riskaudit.bias._proxies import binned_features
    from riskaudit.config import BiasConfig
    from riskaudit.quality._outliers import outlier_counts

    df = _frame().drop(columns=["empty"])
    cols = list(df.columns)
    results = []
    for b in (None, budget):
        eng = connect(EngineConfig())
        try:
            monkeypatch.setattr(type(eng), "distinct_budget", lambda self, b=b: b)
            t, _ = eng.from_pandas(df)
            out = outlier_counts(eng, t, cols, 1.5, 3.5)
            bins, _skipped = binned_features(eng, t, cols, BiasConfig())
            binned = eng.execute(t.select(**bins)).astype(str).value_counts().sort_index()
        finally:
            eng.close()
        results.append((out, binned))
    assert results[0][0] == results[1][0]
    assert results[0][1].equals(results[1][1])
    v = df["income"].dropna().to_numpy()
    q1, q3 = np.quantile(v, [0.25, 0.75])
    assert results[1][0]["income"]["iqr_high"] == int((v > q3 + 1.5 * (q3 - q1)).sum())
    assert results[1][0]["income"]["iqr_low"] == int((v < q1 - 1.5 * (q3 - q1)).sum())


def test_nan_values_count_as_the_engine_compares_them():
    """A double column holding NaN (DuckDB reads 'nan' in a CSV as NaN and orders it above every number): the
    outlier counts are those of the same computation in one SQL statement with DuckDB's own quantiles."""
    from riskaudit.quality._outliers import outlier_counts

    eng = connect(EngineConfig())
    try:
        for share in (3, 6):
            src = f"SELECT CASE WHEN i % 10 < {share} THEN 'nan'::DOUBLE ELSE i::DOUBLE END AS a FROM range(100) t(i)"
            got = outlier_counts(eng, eng.backend.sql(src), ["a"], 1.5, 3.5)["a"]
            want = eng.raw.execute(
                f"WITH t AS ({src}), s AS (SELECT quantile_cont(a, 0.25) q1, quantile_cont(a, 0.5) q2, "
                "quantile_cont(a, 0.75) q3 FROM t), m AS (SELECT quantile_cont(abs(a - q2), 0.5) md FROM t, s) "
                "SELECT count(a), sum((a < q1 - 1.5 * (q3 - q1))::INT), sum((a > q3 + 1.5 * (q3 - q1))::INT), "
                "sum((abs(0.6745 * (a - q2) / md) > 3.5)::INT), max((md > 0)::INT) FROM t, s, m"
            ).fetchone()
            assert (got["values"], got["iqr_low"], got["iqr_high"]) == tuple(int(v) for v in want[:3])
            assert got["mad"] == (int(want[3]) if want[4] else None)
    finally:
        eng.close()


def test_values_over_hundreds_of_orders_of_magnitude_stay_bounded(monkeypatch):
    """Equal-width bins split such data slowly (each pass narrows the range by BINS); the selection still ends
    exactly, and no query returns more than max(BINS, FINAL_VALUES) rows."""
    rnd = random.Random(5)
    df = pd.DataFrame({"x": [10 ** rnd.uniform(-150, 150) for _ in range(5000)]})
    monkeypatch.setattr(_quantiles, "FINAL_VALUES", 100)
    eng = connect(EngineConfig())
    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: 1)
        _sqls, sizes = _spy_execute(monkeypatch, eng)
        t, _ = eng.from_pandas(df)
        got = exact_quantiles(eng, t, {"x": (t["x"], QS)})
    finally:
        eng.close()
    assert got["x"] == _duckdb_quantiles(df, "x")
    assert max(sizes) <= max(_quantiles.BINS, 100)


def test_numeric_label_threshold_is_the_exact_median():
    """Rows equal to the median are labelled 1 (>= median) even when the median is a double that a bare SQL
    literal would miss by one ulp (0.9948195629497427 parses as a DECIMAL whose cast to DOUBLE is one ulp
    higher)."""
    from riskaudit.bias._label import label_spec
    from riskaudit.config import BiasConfig

    d = 0.9948195629497427
    df = pd.DataFrame({"y": [0.1, 0.2, d, d, d, 0.9999, 0.99999]})
    eng = connect(EngineConfig())
    try:
        t, _ = eng.from_pandas(df)
        spec = label_spec(eng, t, "y", None, BiasConfig())
        labels = eng.execute(t.select(lab=spec.expr))["lab"].tolist()
    finally:
        eng.close()
    assert labels == [0, 0, 1, 1, 1, 1, 1]


@pytest.mark.parametrize("budget", [None, 1])
def test_infinite_and_nan_values_are_ranked_as_duckdb_ranks_them(monkeypatch, budget):
    """-inf below every number, +inf above, NaN above +inf (DuckDB's order): past the budget only the finite
    values are selected, and the quantiles equal DuckDB's quantile_cont, NaN and infinities included."""
    cases = {
        "mixed": "CASE WHEN i % 13 = 0 THEN '-inf'::DOUBLE WHEN i % 17 = 0 THEN 'inf'::DOUBLE "
        "WHEN i % 19 = 0 THEN 'nan'::DOUBLE WHEN i % 23 = 0 THEN NULL ELSE ((i * 7919) % 1000) / 7.0 END",
        "mostly_nan": "CASE WHEN i % 3 = 0 THEN ((i * 31) % 97)::DOUBLE ELSE 'nan'::DOUBLE END",
        "no_finite": "CASE WHEN i % 2 = 0 THEN 'inf'::DOUBLE WHEN i % 3 = 0 THEN '-inf'::DOUBLE ELSE 'nan'::DOUBLE END",
    }
    src = "SELECT " + ", ".join(f"{e} AS {c}" for c, e in cases.items()) + " FROM range(3000) t(i)"
    monkeypatch.setattr(_quantiles, "FINAL_VALUES", 50)
    monkeypatch.setattr(_quantiles, "BINS", 16)
    eng = connect(EngineConfig())
    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: budget)
        sqls, _sizes = _spy_execute(monkeypatch, eng)
        t = eng.backend.sql(src)
        got = exact_quantiles(eng, t, {c: (t[c], QS) for c in cases})
        # past the budget no query holds a quantile aggregate, infinities and NaN notwithstanding
        assert any("quantile" in q for q in sqls) == (budget is None)
        for c in cases:
            want = eng.raw.execute(f"SELECT quantile_cont({c}, {QS!r}) FROM ({src})").fetchone()[0]
            assert [repr(float(v)) for v in got[c]] == [repr(float(v)) for v in want], c
    finally:
        eng.close()
