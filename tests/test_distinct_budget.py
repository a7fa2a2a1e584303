"""Exact distinct counts within the engine's memory (``_aggregate.distinct_counts``).

DuckDB does not spill ``count(DISTINCT x)``: at 50M rows the one-pass profile of a table with two near-unique
text columns ran out of memory under the default 1.5 GiB bound. Past the budget, the counts are planned from a
HyperLogLog estimate and the big ones run as spilling ``SELECT DISTINCT`` subqueries. These tests force a tiny
budget and compare every count with plain Python on the same rows, and with the one-pass counts.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from riskaudit._aggregate import distinct_counts
from riskaudit.config import EngineConfig
from riskaudit.engine import connect


def _frame(n: int = 5000, seed: int = 7) -> pd.DataFrame:
    rnd = random.Random(seed)
    return pd.DataFrame(
        {
            "id": [f"P{i:07d}" for i in range(n)],  # all distinct
            "mostly": [None if i % 10 == 0 else f"v{rnd.randrange(n)}" for i in range(n)],
            "few": [rnd.choice(["a", "b", "c", None]) for _ in range(n)],
            "num": [rnd.randrange(300) if i % 7 else None for i in range(n)],
            "empty": [None] * n,
        }
    )


def _truth(df: pd.DataFrame) -> dict[str, int]:
    return {c: len({v for v in df[c].tolist() if v is not None and v == v}) for c in df.columns}


@pytest.mark.parametrize("budget", [None, 1, 64 * 300, 64 * 6000, 10**12])
def test_counts_exact_under_any_budget(monkeypatch, budget):
    df = _frame()
    eng = connect(EngineConfig())
    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: budget)
        t, _ = eng.from_pandas(df)
        counts, extra = distinct_counts(
            eng, t, {c: t[c] for c in df.columns}, extra=[t["num"].count().name("nn")]
        )
    finally:
        eng.close()
    assert counts == _truth(df)
    assert int(extra["nn"]) == int(df["num"].notna().sum())


def test_plan_splits_columns_by_their_estimate(monkeypatch):
    """With room for the small columns only, the near-unique ones are counted each by its own DISTINCT
    subquery: the counts still equal the truth, and more than two queries ran."""
    df = _frame()
    eng = connect(EngineConfig())
    ran: list[str] = []
    real = type(eng).execute

    def spy(self, expr):
        ran.append(type(expr).__name__)
        return real(self, expr)

    try:
        monkeypatch.setattr(type(eng), "distinct_budget", lambda self: 64 * 1000)
        monkeypatch.setattr(type(eng), "execute", spy)
        t, _ = eng.from_pandas(df)
        counts, _ = distinct_counts(eng, t, {c: t[c] for c in df.columns})
    finally:
        eng.close()
    assert counts == _truth(df)
    # count, estimate pass, exact pass over the small ones, and one subquery each for "id" and "mostly"
    assert len(ran) == 5


def test_profile_same_counts_with_a_tiny_budget(monkeypatch, tmp_path):
    from riskaudit.audit import run_audit

    df = _frame(2000)
    path = tmp_path / "t.csv"
    df.to_csv(path, index=False)
    base = run_audit(str(path), write=False, only=["profile"]).scorecard.results.profile
    monkeypatch.setattr("riskaudit.engine._duckdb.DuckDBEngine.distinct_budget", lambda self: 64 * 100)
    small = run_audit(str(path), write=False, only=["profile"]).scorecard.results.profile
    assert small.model_dump() == base.model_dump()
    truth = _truth(pd.read_csv(path, dtype=str, keep_default_na=True))
    assert {c: p.distinct for c, p in small.columns.items()} == truth
