"""CI gate: baseline of accepted findings (salted hashes), only new findings fail, Markdown summary, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import cli
from riskaudit.gate import compare, make_baseline
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo
from scorecard_fixtures import make_deid


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "src/riskaudit/configs", tmp_path / "configs")
    # one restricted ZIP3 left as is: a finding only the Safe Harbor pack makes (safe_harbor.zip3)
    return make_deid(tmp_path / "d.csv", n=200, zip3s=("100", "112", "073", "000", "036"))


def test_only_new_findings_fail(data, tmp_path):
    r1 = cli("gate", str(data), "-p", "release-gate", "--write-baseline", "bl.json", "--summary", "s.md")
    assert r1.exit_code == 1 and "NEW FAIL" in r1.stderr  # no baseline: every failing finding is new
    r2 = cli("gate", str(data), "-p", "release-gate", "--baseline", "bl.json", "--summary", "s.md")
    assert r2.exit_code == 0, r2.stderr
    assert "0 new failing" in r2.stderr and "NEW" not in r2.stderr
    # a stricter policy adds findings the baseline never accepted
    r3 = cli("gate", str(data), "-p", "hipaa-safe-harbor", "--baseline", "bl.json")
    assert r3.exit_code == 1 and "NEW FAIL safe_harbor.zip3" in r3.stderr
    summary = (tmp_path / "s.md").read_text()
    assert summary.count("## riskaudit gate:") == 2 and "| new findings failing the gate | 0 |" in summary


def test_wrong_salt_or_broken_baseline_is_exit_2(data, tmp_path):
    assert cli("gate", str(data), "--write-baseline", "bl.json", "--salt", "s1").exit_code in (0, 1)
    r = cli("gate", str(data), "--baseline", "bl.json", "--salt", "s2")
    assert r.exit_code == 2 and "different salt" in r.stderr
    (tmp_path / "bad.json").write_text("{not json")
    r = cli("gate", str(data), "--baseline", "bad.json")
    assert r.exit_code == 2 and r.stderr.startswith("error: bad.json: not a readable baseline")
    r = cli("gate", str(data), "--baseline", "missing.json")
    assert r.exit_code == 2 and "--write-baseline" in r.stderr


def _sc(checks: list[Check]) -> Scorecard:
    return Scorecard(tool=ToolInfo(version="0"), dataset=DatasetInfo(path="d", sha256="0" * 64, rows=1, columns=1),
                     config_sha256="0" * 64, checks=checks, verdict="fail", results=Results())


def test_keys_are_salted_and_status_sensitive():
    a = Check(id="r.x", status="warn", value=0.1, message="m", column="ssn")
    bl = make_baseline(_sc([a]), "salt")
    assert "ssn" not in json.dumps(bl.model_dump())
    assert make_baseline(_sc([a]), "other").findings[0].hash != bl.findings[0].hash
    worse = Check(id="r.x", status="fail", value=0.3, message="m", column="ssn")
    res = compare(_sc([worse]), bl, "salt")
    assert [c.status for c in res.new] == ["fail"] and res.exit_code == 1 and len(res.fixed) == 1
    moved = Check(id="r.x", status="warn", value=0.2, message="m2", column="ssn")
    res = compare(_sc([moved]), bl, "salt")
    assert res.exit_code == 0 and res.baselined and res.changed_value
