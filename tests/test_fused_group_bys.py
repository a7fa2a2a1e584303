"""``Engine.fuse_group_bys`` (on for Spark): the uniqueness drivers' per-subset class sizes and the
suggestions' per-candidate k / risk / uniques come from one grouped query over the pattern table repeated
once per subset or candidate, instead of one GROUP BY each. Both paths run here on DuckDB and must agree
exactly, and a few figures are checked against pandas computed independently."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import pytest

from riskaudit.engine import DuckDBEngine
from riskaudit.reident._drivers import uniqueness_drivers


def _frame(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    zip5 = rng.choice(["02139", "02140", "10001", "94110", None], n)
    born = [
        dt.date(1950 + int(y), 1 + int(m), 1)
        for y, m in zip(rng.integers(0, 40, n), rng.integers(0, 12, n), strict=True)
    ]
    return pd.DataFrame(
        {
            "zip": zip5,  # 5-digit codes (a prefix candidate) with NULLs
            "born": born,  # a date (year and year-month candidates)
            "born_text": [d.isoformat() for d in born],  # a date as text
            "age": rng.integers(18, 90, n).astype("int64"),  # integer bands
            "sex": rng.choice(["F", "M", None], n, p=[0.49, 0.49, 0.02]),
            "score": rng.choice([0.5, -0.0, 0.0, 1.25, np.nan], n),  # a float QI: -0.0 groups with 0.0
        }
    )


def _drivers(df: pd.DataFrame, qis: list[str], fused: bool, m: int = 3):
    eng = DuckDBEngine()
    eng.fuse_group_bys = fused
    try:
        t, _ = eng.from_pandas(df)
        patterns = eng.materialize(t.group_by(qis).agg(__count=t.count()), "patterns")
        return uniqueness_drivers(eng, t, patterns, qis, max_subset_size=m, top=100).model_dump()
    finally:
        eng.close()


@pytest.mark.parametrize(
    "qis",
    [
        ["zip", "born", "age", "sex"],
        ["born_text", "zip", "score"],
        ["age"],  # suppressing the only QI leaves nothing to group by
        ["sex", "score"],
    ],
)
def test_fused_queries_give_the_same_drivers(qis):
    df = _frame()
    a, b = _drivers(df, qis, fused=False), _drivers(df, qis, fused=True)
    assert a["suggestions"], "suggestions were computed"
    assert a == b


def test_fused_figures_match_pandas():
    df = _frame(300, seed=11)
    qis = ["zip", "age", "sex"]
    got = _drivers(df, qis, fused=True, m=2)
    n = len(df)
    for subset in itertools.chain.from_iterable(itertools.combinations(qis, r) for r in (1, 2)):
        f = df.groupby(list(subset), dropna=False).size()
        stats = next(s for s in got["subsets"] if s["attributes"] == list(subset))
        assert stats["distinction"] == pytest.approx(len(f) / n, rel=1e-12)
        sep = 1 - float((f * (f - 1) / 2).sum()) / (n * (n - 1) / 2)
        assert stats["separation"] == pytest.approx(sep, rel=1e-12)
        assert stats["sample_uniques"] == int((f == 1).sum())
    # age -> 10-wide band: k, average risk (classes / records) and uniques of the generalised table
    g = df.assign(age=(df["age"] // 10) * 10).groupby(qis, dropna=False).size()
    s = next(x for x in got["suggestions"] if x["column"] == "age" and x["action"] == "value -> 10-wide band")
    assert (s["k_after"], s["sample_uniques_after"]) == (int(g.min()), int((g == 1).sum()))
    assert s["average_risk_after"] == pytest.approx(len(g) / n, rel=1e-12)
    # suppressing zip
    g = df.groupby(["age", "sex"], dropna=False).size()
    s = next(x for x in got["suggestions"] if x["column"] == "zip" and x["action"] == "suppress column")
    assert (s["k_after"], s["sample_uniques_after"]) == (int(g.min()), int((g == 1).sum()))
    assert s["k_before"] == int(df.groupby(qis, dropna=False).size().min())
