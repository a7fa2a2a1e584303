"""The PII analysis of a small audit runs in a helper process (pii/_worker.py, issue 20 item 4): the same result as
in the audit's own process, the same result when the helper fails in any way, no helper left behind, and an off
switch. Speed is measured in benchmarks/bench_small.py, never here."""

from __future__ import annotations

import pytest

from helpers import fail_scanner_and_record_cancels
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.dataset import open_dataset
from riskaudit.engine import DuckDBEngine
from riskaudit.pii import _worker
from riskaudit.pii._scan import start_scan_pii
from riskaudit.pii._worker import PiiWorker


@pytest.fixture(autouse=True)
def _no_prestarted_helper_left():
    yield
    _worker.discard_prestarted()  # a test that failed half-way leaves no helper for the next one to take


@pytest.fixture(scope="module")
def sample(sample_dir):
    cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
    engine = DuckDBEngine()
    ds = open_dataset(str(sample_dir / "hospital_discharges.csv"), cfg.dataset, engine)
    types = {c: str(t).lower() for c, t in ds.table.schema().items()}
    yield engine, ds, cfg, types
    engine.close()


def _scan(sample, worker):
    engine, ds, cfg, types = sample
    later = start_scan_pii(
        engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows, worker=worker
    )
    return later.result()


@pytest.fixture(scope="module")
def here(sample):
    return _scan(sample, None)  # the analysis in this process


def test_helper_gives_the_same_result_and_exits(sample, here, monkeypatch):
    monkeypatch.delenv(_worker.ENV, raising=False)
    cfg = sample[2]
    worker = PiiWorker.start(cfg.pii.jurisdictions, cfg.pii.spacy_model)
    assert worker is not None
    proc = worker._proc
    got = _scan(sample, worker)
    assert got.model_dump() == here.model_dump()
    assert got.direct_identifiers and got.columns  # a real result, not an empty one
    assert proc.poll() == 0  # answered, exited cleanly, reaped


def test_a_helper_that_died_is_replaced_by_the_same_analysis_here(sample, here, monkeypatch):
    monkeypatch.delenv(_worker.ENV, raising=False)
    cfg = sample[2]
    worker = PiiWorker.start(cfg.pii.jurisdictions, cfg.pii.spacy_model)
    worker._proc.kill()
    worker._proc.wait()
    assert _scan(sample, worker).model_dump() == here.model_dump()


_READY = "import pickle, struct, sys; h = pickle.dumps(('ready', 'riskaudit-pii-worker/1')); "
_READY += "sys.stdout.buffer.write(struct.pack('!Q', len(h)) + h); sys.stdout.buffer.flush(); "
_REPLIES = {
    # the helper's analysis raised: it says so, and the audit's process runs it again
    "error": _READY + "sys.stdin.buffer.read(); d = pickle.dumps(('error', 'ValueError')); "
    "sys.stdout.buffer.write(struct.pack('!Q', len(d)) + d)",
    # a reply cut short, one that is not a pickle at all, none
    "cut": _READY + "sys.stdin.buffer.read(); sys.stdout.buffer.write(struct.pack('!Q', 100) + b'xx')",
    "garbage": _READY + "sys.stdin.buffer.read(); sys.stdout.buffer.write(struct.pack('!Q', 3) + b'abc')",
    "silent": _READY + "sys.stdin.buffer.read()",
    # not this program: something else answers first, or nothing ever does (killed after READY_SECONDS)
    "alien": "import sys; sys.stdout.write('usage: server [options]\\n'); sys.stdout.flush(); sys.stdin.read()",
    "mute": "import time; time.sleep(600)",
    # writes a lot to its output before reading anything (a chatty import): no deadlock
    "chatty": "import sys; sys.stdout.buffer.write(b'x' * 300000); sys.stdout.flush(); sys.stdin.buffer.read()",
}


@pytest.mark.parametrize("reply", sorted(_REPLIES))
def test_a_helper_that_fails_is_replaced_by_the_same_analysis_here(sample, here, reply, monkeypatch):
    import subprocess
    import sys
    import threading

    monkeypatch.setattr(_worker, "READY_SECONDS", 2.0)
    worker = PiiWorker.__new__(PiiWorker)
    worker._answered = False
    worker._finished = False
    worker._ready = threading.Event()
    worker._proc = subprocess.Popen(
        [sys.executable, "-c", _REPLIES[reply]], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    proc = worker._proc
    assert worker.busy
    assert _scan(sample, worker).model_dump() == here.model_dump()
    assert worker._proc is None and proc.poll() is not None  # closed and reaped
    assert not worker.busy


def test_off_switch(monkeypatch):
    monkeypatch.setenv(_worker.ENV, "off")
    assert PiiWorker.start(["US"], None) is None


@pytest.mark.slow
def test_audit_with_and_without_the_helper_writes_the_same_scorecard(sample_dir, monkeypatch):
    cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
    data = sample_dir / "hospital_discharges.csv"
    started = _spy(monkeypatch)
    with_helper = run_audit(data, cfg, write=False)
    assert len(started) == 1 and started[0].poll() is not None  # it ran, and it is gone
    monkeypatch.setenv(_worker.ENV, "off")
    without = run_audit(data, cfg, write=False)
    assert len(started) == 1
    assert with_helper.scorecard.to_json() == without.scorecard.to_json()


def _spy(monkeypatch) -> list:
    started = []
    real = PiiWorker.__init__

    def spy(self, *a, **k):
        real(self, *a, **k)
        started.append(self._proc)

    monkeypatch.delenv(_worker.ENV, raising=False)
    monkeypatch.setattr(PiiWorker, "__init__", spy)
    return started


def test_an_audit_failing_before_the_pii_scan_leaves_no_helper(tmp_path, monkeypatch):
    from riskaudit.config import AuditConfig
    from riskaudit.errors import RiskAuditError

    started = _spy(monkeypatch)
    big = tmp_path / "big.csv"
    big.write_text("a,b\n" + "".join(f"{i},{i % 7}\n" for i in range(150_000)))
    assert big.stat().st_size >= _worker.MIN_BYTES
    cfg = AuditConfig.model_validate({"columns": {"quasi_identifiers": ["nope"]}})
    with pytest.raises(RiskAuditError, match="nope"):
        run_audit(big, cfg, write=False)
    assert len(started) == 1 and started[0].poll() is not None


def test_small_inputs_analyse_in_process(tmp_path, monkeypatch):
    started = _spy(monkeypatch)
    small = tmp_path / "small.csv"
    small.write_text("name,zip\n" + "".join(f"p{i},{10000 + i}\n" for i in range(200)))
    r = run_audit(small, None, write=False)
    assert r.scorecard.results.pii is not None and started == []


@pytest.mark.slow
def test_linkage_left_to_the_roles_waits_for_the_helpers_analysis(sample_dir, monkeypatch):
    # without linkage.on the linkage columns are the quasi-identifiers the PII analysis suggests: the audit must
    # wait for the helper before running the linkage, and link on exactly what it suggested
    cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
    cfg = cfg.model_copy(update={"linkage": cfg.linkage.model_copy(update={"on": [], "fuzzy": False})})
    started = _spy(monkeypatch)
    r = run_audit(sample_dir / "hospital_discharges.csv", cfg, write=False, only=["pii", "linkage"])
    assert len(started) == 1
    res = r.scorecard.results
    assert res.pii.suggested_quasi_identifiers == ["zip5", "date_of_birth", "sex"]
    assert res.linkage.on == res.pii.suggested_quasi_identifiers
    assert res.linkage.exact.matched_any > 0


@pytest.mark.slow
def test_an_audit_failing_while_the_helper_analyses_stops_it(sample_dir, monkeypatch):
    # quality runs while the helper analyses; when it fails, the helper is killed and its reader thread ends
    import threading

    started = _spy(monkeypatch)
    cancelled = fail_scanner_and_record_cancels(monkeypatch, "quality")
    cfg = load_config(str(sample_dir.parent / "configs" / "sample-hospital.yaml"))
    with pytest.raises(RuntimeError, match="quality failed"):
        run_audit(sample_dir / "hospital_discharges.csv", cfg, write=False, only=["pii", "quality"])
    assert cancelled and ("pii", True) in cancelled[0]  # the analysis was still going on
    assert len(started) == 1 and started[0].poll() is not None  # the helper is gone
    assert not [t for t in threading.enumerate() if t.name == "riskaudit-later"]


def test_safe_harbor_waits_for_the_helpers_findings(sample_dir, tmp_path, monkeypatch):
    # Safe Harbor reads the PII findings: a ZIP column whose name says nothing ("plz") is found only through them.
    # It must not run ahead of the helper's analysis (it did, and lost the column: a ZIP3 check passing falsely)
    text = (sample_dir / "hospital_discharges.csv").read_text()
    head, body = text.split("\n", 1)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(head.replace("zip5", "plz").replace("date_of_birth", "geb") + "\n" + body)
    started = _spy(monkeypatch)
    with_helper = run_audit(renamed, None, write=False, only=["pii", "safe_harbor"])
    assert len(started) == 1
    monkeypatch.setenv(_worker.ENV, "off")
    without = run_audit(renamed, None, write=False, only=["pii", "safe_harbor"])
    assert "plz" in without.scorecard.results.safe_harbor.geographic
    assert with_helper.scorecard.to_json() == without.scorecard.to_json()


def test_a_prestarted_helper_is_taken_once_and_an_untaken_one_is_closed(sample_dir, tmp_path, monkeypatch):
    # the command line starts the helper before its own imports; the audit takes that one instead of starting
    # another, and one nobody took (PII off, an error before the scan) does not outlive the command
    started = _spy(monkeypatch)
    data = sample_dir / "hospital_discharges.csv"
    small = tmp_path / "small.csv"
    small.write_text("a\n1\n")
    _worker.prestart(small)  # too small to be worth a helper
    assert started == [] and _worker._prestarted is None
    _worker.prestart(data)
    assert len(started) == 1 and _worker._prestarted is not None
    taken = PiiWorker.start(["US"], None)
    assert taken is not None and taken._proc is started[0] and _worker._prestarted is None
    taken.close()
    _worker.prestart(data)
    assert len(started) == 2
    _worker.discard_prestarted()
    assert _worker._prestarted is None and started[1].poll() is not None  # closed and reaped


@pytest.mark.slow
def test_the_audit_command_uses_the_helper_it_prestarted(sample_dir, tmp_path, monkeypatch):
    import json

    from helpers import cli

    started = _spy(monkeypatch)
    prestarted = []
    real_prestart = _worker.prestart

    def spy_prestart(data):
        real_prestart(data)
        prestarted.append(_worker._prestarted._proc if _worker._prestarted else None)

    monkeypatch.setattr(_worker, "prestart", spy_prestart)
    out = tmp_path / "out"
    cfg = str(sample_dir.parent / "configs" / "sample-hospital.yaml")
    run = cli(
        "audit", str(sample_dir / "hospital_discharges.csv"), "-c", cfg, "--out", str(out), "-f", "json"
    )
    assert run.exit_code == 1, run.stderr  # the sample fails its policy
    # one helper, the one started before the audit's imports, and it is gone
    assert prestarted == started and len(started) == 1 and started[0].poll() is not None
    assert _worker._prestarted is None
    monkeypatch.setenv(_worker.ENV, "off")
    alone = run_audit(sample_dir / "hospital_discharges.csv", load_config(cfg), write=False)
    assert (
        json.loads((out / "scorecard.json").read_text())["results"]["pii"]
        == json.loads(alone.scorecard.to_json())["results"]["pii"]
    )


def test_a_failed_helper_is_no_longer_busy_before_its_result_is_taken(sample, here, monkeypatch):
    # the audit gives DuckDB its cores back once the helper works no more: a helper that died counts as done as
    # soon as its reader sees it, not only when the audit settles the analysis
    monkeypatch.delenv(_worker.ENV, raising=False)
    cfg = sample[2]
    worker = PiiWorker.start(cfg.pii.jurisdictions, cfg.pii.spacy_model)
    engine, ds, cfg, types = sample
    worker._proc.kill()
    later = start_scan_pii(
        engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows, worker=worker
    )
    later._done.wait(30)
    assert not worker.busy and worker._proc is not None  # not settled yet, already not busy
    assert later.result().model_dump() == here.model_dump()


def test_a_prestarted_helper_the_audit_will_not_use_is_closed_at_its_start(sample_dir, tmp_path, monkeypatch):
    from riskaudit.config import AuditConfig

    started = _spy(monkeypatch)
    data = sample_dir / "hospital_discharges.csv"
    _worker.prestart(data)
    assert len(started) == 1
    seen = []
    real = _worker.discard_prestarted

    def spy():
        seen.append(started[0].poll() is None)  # still running when the audit discards it
        real()

    monkeypatch.setattr(_worker, "discard_prestarted", spy)
    cfg = AuditConfig.model_validate({"pii": {"enabled": False}})
    run_audit(data, cfg, write=False, only=["profile"])
    assert seen[:1] == [True] and started[0].poll() is not None and _worker._prestarted is None
    assert len(started) == 1


def test_a_prestarted_helper_is_not_taken_once_switched_off(sample_dir, monkeypatch):
    started = _spy(monkeypatch)
    _worker.prestart(sample_dir / "hospital_discharges.csv")
    monkeypatch.setenv(_worker.ENV, "off")
    assert PiiWorker.start(["US"], None) is None
    assert len(started) == 1 and started[0].poll() is not None and _worker._prestarted is None
