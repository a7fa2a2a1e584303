"""Fuzzy linkage trains Splink on a second DuckDB connection in a background thread while a small audit goes on
(issue 20, item 4): the result is the same as in turn, errors of the background work reach the caller, and an audit
that fails with the work still running stops it before closing the engine. Speed is measured in
benchmarks/bench_small.py, never here."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest

from helpers import fail_scanner_and_record_cancels
from riskaudit._later import Later
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.engine import DuckDBEngine
from riskaudit.linkage import _fuzzy
from riskaudit.scanners import _registry
from riskaudit.scanners import linkage as linkage_scanner

# -- Later ---------------------------------------------------------------------------------------------------------


def test_later_runs_work_in_a_thread_and_finishes_on_the_caller():
    seen = {}

    def work():
        seen["work"] = threading.current_thread().name
        return 20

    def finish(v):
        seen["finish"] = threading.current_thread().name
        return v + 1

    cleaned = []
    later = Later(work, finish, background=True, cleanup=lambda: cleaned.append(1))
    assert later.result() == 21
    assert seen["work"] == "riskaudit-later" and seen["finish"] == threading.current_thread().name
    assert cleaned == [1]
    with pytest.raises(RuntimeError):
        later.result()
    assert cleaned == [1]  # cleanup once


def test_later_in_turn_runs_at_once_and_cleans_up_when_work_fails():
    order, cleaned = [], []
    later = Later(lambda: order.append("work") or 1, lambda v: v, background=False)
    order.append("after")
    assert order == ["work", "after"] and later.result() == 1

    def boom():
        raise ValueError("bad")

    with pytest.raises(ValueError, match="bad"):
        Later(boom, lambda v: v, background=False, cleanup=lambda: cleaned.append(1))
    assert cleaned == [1]


def test_later_raises_the_background_error_at_result_and_cleans_up():
    cleaned = []

    def boom():
        raise KeyError("k")

    later = Later(boom, lambda v: v, background=True, cleanup=lambda: cleaned.append(1))
    with pytest.raises(KeyError):
        later.result()
    assert cleaned == [1]


def test_cancel_interrupts_until_the_work_returns():
    stop = threading.Event()
    interrupts = []

    def work():
        while not stop.is_set():
            time.sleep(0.01)
        raise RuntimeError("interrupted")  # what an interrupted query raises: dropped by cancel

    def interrupt():
        interrupts.append(1)
        stop.set()

    cleaned = []
    later = Later(work, lambda v: v, background=True, cleanup=lambda: cleaned.append(1), interrupt=interrupt)
    assert later.running
    later.cancel()
    assert not later.running and interrupts and cleaned == [1]


# -- fuzzy linkage on a second connection ------------------------------------------------------------------------


def _tables(n: int = 400, seed: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    first = np.array(["anna", "ben", "carla", "dev", "emil", "fatima", "gus", "hana", "ivan", "jo"])
    last = np.array(["smith", "jones", "garcia", "chen", "novak", "okafor", "rossi", "kim"])
    data = pd.DataFrame(
        {
            "pid": [f"P{i}" for i in range(n)],
            "zip5": [f"{z:05d}" for z in rng.integers(10000, 10040, n)],
            "date_of_birth": [
                f"{y}-{m:02d}-{d:02d}"
                for y, m, d in zip(
                    rng.integers(1940, 2000, n), rng.integers(1, 13, n), rng.integers(1, 29, n), strict=True
                )
            ],
            "sex": rng.choice(["F", "M"], n),
            "patient_name": [
                f"{a} {b}" for a, b in zip(rng.choice(first, n), rng.choice(last, n), strict=True)
            ],
        }
    )
    aux = data.sample(n // 2, random_state=seed).reset_index(drop=True)
    # typos in a fifth of the names, a day/month swap in some dates
    names = aux["patient_name"].to_numpy().copy()
    for i in range(0, len(names), 5):
        names[i] = names[i][:-1] + "x"
    aux["full_name"] = names
    aux = aux.drop(columns=["patient_name"])
    return data, aux


def _link(background: bool, monkeypatch) -> tuple[object, int]:
    data, aux = _tables()
    engine = DuckDBEngine()
    opened = []
    real = engine.second_connection

    def counted():
        opened.append(1)
        return real()

    monkeypatch.setattr(engine, "second_connection", counted)
    try:
        engine.raw.register("data_df", data)
        engine.raw.register("aux_df", aux)
        engine.raw.execute(
            "CREATE TEMP TABLE d AS SELECT * FROM data_df; CREATE TEMP TABLE a AS SELECT * FROM aux_df"
        )
        d, a = engine.backend.table("d"), engine.backend.table("a")
        later = _fuzzy.start_fuzzy_linkage(
            engine,
            d,
            a,
            ["zip5", "date_of_birth", "sex"],
            compare={"full_name": "patient_name"},
            id_column="pid",
            background=background,
        )
        result = later.result()
        left = engine.raw.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__riskaudit_%link%'"
        ).fetchone()[0]
        assert left == 0  # both linkage tables dropped
        return result, len(opened)
    finally:
        engine.close()


def test_background_fuzzy_linkage_equals_the_same_in_turn(monkeypatch):
    fg, fg_conns = _link(False, monkeypatch)
    bg, bg_conns = _link(True, monkeypatch)
    assert (fg_conns, bg_conns) == (0, 1)  # the background run did use a second connection
    assert bg.model_dump() == fg.model_dump()
    # and it found something real: most of the register linked, almost all correctly
    assert bg.linked > 100 and bg.precision >= 0.95


# -- in an audit -------------------------------------------------------------------------------------------------


def _sample_config(sample_dir):
    return load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))


@pytest.mark.slow
def test_audit_result_is_the_same_with_and_without_the_background(sample_dir, monkeypatch):
    cfg = _sample_config(sample_dir)
    data = sample_dir / "hospital_discharges.csv"
    bg = run_audit(data, cfg, write=False, only=["linkage", "bias"])
    monkeypatch.setattr(linkage_scanner, "BACKGROUND_MAX_ROWS", 0)  # in turn, as for tables over 1M rows
    fg = run_audit(data, cfg, write=False, only=["linkage", "bias"])
    assert bg.scorecard.results.linkage.fuzzy is not None
    assert bg.scorecard.to_json() == fg.scorecard.to_json()


@pytest.mark.slow
def test_a_failing_audit_stops_the_background_work_first(sample_dir, monkeypatch):
    cfg = _sample_config(sample_dir)
    cancelled = fail_scanner_and_record_cancels(monkeypatch, "bias")
    with pytest.raises(RuntimeError, match="bias failed"):
        run_audit(sample_dir / "hospital_discharges.csv", cfg, write=False, only=["linkage", "bias"])
    assert cancelled == [[("linkage", True)]]  # Splink was still training when bias failed, and was stopped
    assert not [t for t in threading.enumerate() if t.name == "riskaudit-later"]


def test_an_interrupted_wait_leaves_the_work_pending_for_cancel():
    # Ctrl-C while the audit waits: nothing is cleaned up under the still-running work (its tables, its
    # connection); it stays pending, and cancel_pending interrupts it, waits for it, then cleans up
    stop = threading.Event()
    cleaned = []
    later = Later(
        lambda: stop.wait(10),
        lambda v: v,
        background=True,
        cleanup=lambda: cleaned.append(1),
        interrupt=stop.set,
    )
    ctx = _registry.AuditContext(dataset=None, config=None, roles=None)  # type: ignore[arg-type]
    ctx.defer("linkage")(later, lambda v: None)
    real_wait, calls = later._done.wait, []

    def wait(timeout=None):
        if timeout is None and not calls:
            calls.append(1)
            raise KeyboardInterrupt
        return real_wait(timeout)

    later._done.wait = wait
    with pytest.raises(KeyboardInterrupt):
        ctx.settle()
    assert cleaned == [] and len(ctx.pending) == 1 and later.running
    ctx.cancel_pending()
    assert cleaned == [1] and not later.running and ctx.pending == []
