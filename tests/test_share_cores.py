"""A small audit's queries leave cores to the work running beside them (the PII helper process, Splink's thread):
DuckDB leaves two cores to them until that work is done, never changes a thread count the user set, and gives a
caller's engine its cores back. Results do not depend on it (the scorecard parity tests); speed is measured in
benchmarks/bench_small.py, never here."""

from __future__ import annotations

import pytest

from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.engine import DuckDBEngine
from riskaudit.pii import _worker


def _threads(engine: DuckDBEngine) -> int:
    return int(engine.raw.execute("SELECT current_setting('threads')").fetchone()[0])


def test_share_cores_leaves_two_cores_and_restores_duckdb_threads():
    engine = DuckDBEngine()
    try:
        full = _threads(engine)
        engine.share_cores(True)
        assert _threads(engine) == max(1, full - 2)
        engine.share_cores(True)  # idempotent
        assert _threads(engine) == max(1, full - 2)
        engine.share_cores(False)
        assert _threads(engine) == full
    finally:
        engine.close()


def test_share_cores_leaves_the_users_thread_count_alone():
    engine = DuckDBEngine(threads=3)
    try:
        engine.share_cores(True)
        assert _threads(engine) == 3
    finally:
        engine.close()


def test_an_audit_with_its_helper_shares_the_cores_then_gives_them_back(sample_dir, monkeypatch):
    monkeypatch.delenv(_worker.ENV, raising=False)
    engine = DuckDBEngine()
    calls: list[tuple[bool, int]] = []
    real = DuckDBEngine.share_cores

    def spy(self, background):
        real(self, background)
        calls.append((background, _threads(self)))

    monkeypatch.setattr(DuckDBEngine, "share_cores", spy)
    try:
        seen_full = _threads(engine)
        cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
        run_audit(
            sample_dir / "hospital_discharges.csv", cfg, write=False, engine=engine, only=["pii", "quality"]
        )
        # two cores left while the helper worked, all of them once it had answered, and the caller's engine ends
        # as it was given
        assert calls[0] == (True, max(1, seen_full - 2))
        assert calls[-1] == (False, seen_full)
        assert _threads(engine) == seen_full
    finally:
        engine.close()


def test_a_caller_engine_gets_its_threads_back_when_the_audit_fails(sample_dir, monkeypatch):
    from helpers import fail_scanner_and_record_cancels

    monkeypatch.delenv(_worker.ENV, raising=False)
    fail_scanner_and_record_cancels(monkeypatch, "quality")
    engine = DuckDBEngine()
    try:
        full = _threads(engine)
        cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
        with pytest.raises(RuntimeError, match="quality failed"):
            run_audit(
                sample_dir / "hospital_discharges.csv",
                cfg,
                write=False,
                engine=engine,
                only=["pii", "quality"],
            )
        assert _threads(engine) == full
    finally:
        engine.close()


@pytest.mark.slow
def test_results_do_not_depend_on_the_thread_count(tmp_path):
    # the claim share_cores rests on, on a table of several DuckDB row groups (122,880 rows each) with float sums
    # (quality's means and deviations, bias rates): one thread and two give the same scorecard
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    n = 300_000
    df = pd.DataFrame(
        {
            "zip": rng.integers(10000, 10400, n).astype(str),
            "age": rng.integers(18, 90, n),
            "sex": rng.choice(["F", "M"], n),
            "race": rng.choice(["A", "B", "C", "D"], n, p=[0.5, 0.3, 0.15, 0.05]),
            "charges": rng.lognormal(8, 1.2, n).round(2),
            "stay": rng.gamma(2.0, 2.5, n),
            "label": rng.integers(0, 2, n),
        }
    )
    data = tmp_path / "t.csv"
    df.to_csv(data, index=False)
    cfg = load_config(None).model_copy(deep=True)
    cfg = cfg.model_validate(
        {
            **cfg.model_dump(),
            "columns": {
                "quasi_identifiers": ["zip", "age", "sex"],
                "protected": ["race", "sex"],
                "label": "label",
            },
        }
    )
    out = []
    for threads in (1, 2):
        engine = DuckDBEngine(threads=threads)
        try:
            out.append(run_audit(data, cfg, write=False, engine=engine).scorecard.to_json())
        finally:
            engine.close()
    assert out[0] == out[1]
