"""CI gate: baselines keyed with a secret (HMAC-SHA256), bound to dataset identity and policy; only new
findings fail; Markdown summary; exit codes."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from pathlib import Path

import pytest

from helpers import cli
from riskaudit.gate import DatasetIdentity, check_identity, compare, load_baseline_key, make_baseline
from riskaudit.gate._baseline import BaselineKey
from riskaudit.scorecard import Check, DatasetInfo, PolicyInfo, Results, Scorecard, ToolInfo
from scorecard_fixtures import make_deid


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY", raising=False)
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY_FILE", raising=False)
    shutil.copytree(Path(__file__).resolve().parents[1] / "src/riskaudit/configs", tmp_path / "configs")
    assert cli("keygen", "--purpose", "baseline", "--out", "k").exit_code == 0
    # one restricted ZIP3 left as is: a finding only the Safe Harbor pack makes (safe_harbor.zip3)
    return make_deid(tmp_path / "d.csv", n=200, zip3s=("100", "112", "073", "000", "036"))


def test_only_new_findings_fail(data, tmp_path):
    key = ("--baseline-key", "k.baseline-key")
    r1 = cli(
        "gate", str(data), "-p", "release-gate", "--write-baseline", "bl.json", *key, "--summary", "s.md"
    )
    assert r1.exit_code == 1 and "NEW FAIL" in r1.stderr  # no baseline: every failing finding is new
    assert (tmp_path / "k.baseline-key").stat().st_mode & 0o077 == 0
    bl = json.loads((tmp_path / "bl.json").read_text())
    assert bl["version"] == 2 and bl["dataset"]["name"] == "d" and len(bl["dataset"]["schema_sha256"]) == 64
    r2 = cli("gate", str(data), "-p", "release-gate", "--baseline", "bl.json", *key, "--summary", "s.md")
    assert r2.exit_code == 0, r2.stderr
    assert "0 new failing" in r2.stderr and "NEW" not in r2.stderr and "warning:" not in r2.stderr
    # a stricter policy adds findings the baseline never accepted, and warns that the policy differs
    r3 = cli("gate", str(data), "-p", "hipaa-safe-harbor", "--baseline", "bl.json", *key)
    assert r3.exit_code == 1 and "NEW FAIL safe_harbor.zip3" in r3.stderr
    assert "warning: the baseline was written under policy 'release-gate'" in r3.stderr
    summary = (tmp_path / "s.md").read_text()
    assert summary.count("## riskaudit gate:") == 2 and "| new findings failing the gate | 0 |" in summary


def _one_error_line(r) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 2 and len(lines) == 1 and lines[0].startswith("error: "), (r.exit_code, r.stderr)
    return lines[0]


def test_baseline_without_valid_key_is_refused(data, tmp_path, monkeypatch):
    assert cli(
        "gate", str(data), "--write-baseline", "bl.json", "--baseline-key", "k.baseline-key"
    ).exit_code in (0, 1)
    assert "--baseline-key" in _one_error_line(cli("gate", str(data), "--baseline", "bl.json"))
    assert "--baseline-key" in _one_error_line(cli("gate", str(data), "--write-baseline", "b2.json"))
    assert cli("keygen", "--purpose", "baseline", "--out", "other").exit_code == 0
    assert "another baseline key" in _one_error_line(
        cli("gate", str(data), "--baseline", "bl.json", "--baseline-key", "other.baseline-key")
    )
    # the key may come from the environment (a CI secret)
    monkeypatch.setenv("RISKAUDIT_BASELINE_KEY", (tmp_path / "k.baseline-key").read_text())
    assert cli("gate", str(data), "--baseline", "bl.json").exit_code in (0, 1)
    (tmp_path / "bad.json").write_text("{not json")
    assert _one_error_line(cli("gate", str(data), "--baseline", "bad.json")).startswith(
        "error: bad.json: not a readable baseline"
    )
    assert "--write-baseline" in _one_error_line(cli("gate", str(data), "--baseline", "missing.json"))
    (tmp_path / "bad.baseline-key").write_text("riskaudit-baseline-key-v1:abc\n")
    assert "truncated" in _one_error_line(
        cli("gate", str(data), "--baseline", "bl.json", "--baseline-key", "bad.baseline-key")
    )


def test_forged_entry_with_the_public_salt_is_refused(data, tmp_path):
    """The old attack: compute the key of a new failing check with the public salt 'riskaudit' and add it."""
    key = ("--baseline-key", "k.baseline-key")
    assert cli("gate", str(data), "-p", "release-gate", "--write-baseline", "bl.json", *key).exit_code == 1
    r = cli("gate", str(data), "-p", "hipaa-safe-harbor", "--baseline", "bl.json", *key)
    assert r.exit_code == 1 and "NEW FAIL safe_harbor.zip3" in r.stderr
    bl = json.loads((tmp_path / "bl.json").read_text())
    for salt_key in (b"riskaudit", b""):
        forged = dict(bl)
        h = hmac.new(salt_key, b"forged", hashlib.sha256).hexdigest()
        forged["findings"] = [
            *bl["findings"],
            {"rule": "safe_harbor.zip3", "status": "fail", "hash": h, "value_hash": h},
        ]
        (tmp_path / "bl.json").write_text(json.dumps(forged))
        assert "MAC does not verify" in _one_error_line(
            cli("gate", str(data), "-p", "hipaa-safe-harbor", "--baseline", "bl.json", *key)
        )
    # an old (version 1) salted baseline is refused outright
    v1 = {"version": 1, "tool": "riskaudit", "salt_id": "x", "policy": None, "findings": []}
    (tmp_path / "v1.json").write_text(json.dumps(v1))
    assert "public salt" in _one_error_line(cli("gate", str(data), "--baseline", "v1.json", *key))


def test_baseline_of_another_dataset_is_not_applied(data, tmp_path):
    key = ("--baseline-key", "k.baseline-key")
    assert cli("gate", str(data), "-p", "release-gate", "--write-baseline", "bl.json", *key).exit_code == 1
    other = make_deid(tmp_path / "other.csv", n=150, zip3s=("100", "112", "073", "000", "036"))
    r = cli("gate", str(other), "-p", "release-gate", "--baseline", "bl.json", *key)
    assert r.exit_code == 1 and "warning: the baseline is for dataset 'd', this is 'other'" in r.stderr
    assert "0 baselined" in r.stderr
    # the user says it is the same dataset: the entries apply again (same rule/column findings)
    r = cli("gate", str(other), "-p", "release-gate", "--baseline", "bl.json", *key, "--dataset-name", "d")
    assert "dataset 'd', this is" not in r.stderr and "0 baselined" not in r.stderr
    # a changed schema (a column dropped) warns
    lines = (tmp_path / "d.csv").read_text().splitlines()
    (tmp_path / "d2.csv").write_text("\n".join(",".join(x.split(",")[:-1]) for x in lines) + "\n")
    r = cli("gate", "d2.csv", "-p", "release-gate", "--baseline", "bl.json", *key, "--dataset-name", "d")
    assert "warning: the schema of 'd' changed since the baseline" in r.stderr


def _sc(checks: list[Check]) -> Scorecard:
    return Scorecard(
        tool=ToolInfo(version="0"),
        dataset=DatasetInfo(path="d", sha256="0" * 64, rows=1, columns=1),
        config_sha256="0" * 64,
        policy=PolicyInfo(name="p", sha256="1" * 64, rules=1),
        checks=checks,
        verdict="fail",
        results=Results(),
    )


KEY = BaselineKey(b"k" * 32, "test")
IDENT = DatasetIdentity(name="d", schema_sha256="2" * 64)


def test_keys_are_keyed_status_sensitive_and_never_match_another_column_or_scanner():
    a = Check(id="r.x", status="warn", value=0.1, message="m", column="ssn", scanner="pii")
    bl = make_baseline(_sc([a]), KEY, IDENT)
    assert "ssn" not in json.dumps(bl.model_dump())
    assert make_baseline(_sc([a]), BaselineKey(b"o" * 32, "o"), IDENT).findings[0].hash != bl.findings[0].hash
    # the entry is an HMAC-SHA256 of the check identity, computed here independently
    ident = "pii/r.x[ssn]"  # the check's key: scanner/rule[column] (docs/outputs.md)
    msg = "\x1f".join(json.dumps(p) for p in ("finding", ident, "warn"))
    assert bl.findings[0].hash == hmac.new(b"k" * 32, msg.encode(), hashlib.sha256).hexdigest()
    assert check_identity(a) == ident == a.key
    worse = Check(id="r.x", status="fail", value=0.3, message="m", column="ssn", scanner="pii")
    res = compare(_sc([worse]), bl, KEY)
    assert [c.status for c in res.new] == ["fail"] and res.exit_code == 1 and len(res.fixed) == 1
    moved = Check(id="r.x", status="warn", value=0.2, message="m2", column="ssn", scanner="pii")
    res = compare(_sc([moved]), bl, KEY)
    assert res.exit_code == 0 and res.baselined and res.changed_value
    for other in (
        a.model_copy(update={"column": "email"}),
        a.model_copy(update={"scanner": "bias"}),
        a.model_copy(update={"column": None}),
        a.model_copy(update={"id": "r.y"}),
    ):
        res = compare(_sc([other]), bl, KEY)
        assert res.new == [other] and not res.baselined, other


def test_key_file_and_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY", raising=False)
    assert load_baseline_key(None) is None
    assert cli("keygen", "--purpose", "baseline", "--out", str(tmp_path / "k")).exit_code == 0
    k = load_baseline_key(tmp_path / "k.baseline-key")
    assert k is not None and len(k.secret) == 32
    monkeypatch.setenv("RISKAUDIT_BASELINE_KEY", (tmp_path / "k.baseline-key").read_text())
    assert load_baseline_key(None).secret == k.secret
    r = cli("keygen", "--purpose", "baseline", "--out", str(tmp_path / "k"))
    assert r.exit_code == 2 and "already exists" in r.stderr
