"""The scorecard contract: required keys, published schema, byte-identical reruns."""

from __future__ import annotations

import json

import jsonschema

from helpers import cli
from riskaudit.scorecard.json_schema import scorecard_json_schema_text


def test_published_schema_is_current(root):
    published = (root / "schemas" / "scorecard.schema.json").read_text(encoding="utf-8")
    assert published == scorecard_json_schema_text(), "run: riskaudit schema -o schemas/scorecard.schema.json"


def test_audit_writes_contract_and_is_reproducible(sample_dir, tmp_path):
    data = str(sample_dir / "hospital_discharges.csv")
    a, b = tmp_path / "a", tmp_path / "b"
    r1 = cli("audit", data, "--out", str(a), "--quiet")
    r2 = cli("audit", data, "--out", str(b), "--quiet")
    assert r1.exit_code in (0, 1) and r1.exit_code == r2.exit_code, r1.stderr
    ja, jb = (a / "scorecard.json").read_bytes(), (b / "scorecard.json").read_bytes()
    assert ja == jb
    sc = json.loads(ja)
    jsonschema.validate(sc, json.loads(scorecard_json_schema_text()))
    for key in ("schema_version", "tool", "dataset", "config_sha256", "checks", "verdict", "results"):
        assert key in sc
    assert sc["dataset"]["rows"] == 20000
    assert len(sc["dataset"]["sha256"]) == 64
    order = ["pass", "warn", "fail", "error"]
    measured = [c["status"] for c in sc["checks"] if c["status"] != "not_measured"]
    assert sc["verdict"] == (max(measured, key=order.index) if measured else "not_measured")
    assert (r1.exit_code == 1) == (sc["verdict"] in ("fail", "error", "not_measured"))
    keys = [c["key"] for c in sc["checks"]]
    assert len(keys) == len(set(keys))
    re_ = sc["results"]["reident"]
    for key in ("records", "classes", "k", "class_size_histogram", "records_in_small_classes", "prosecutor"):
        assert key in re_
    assert set(re_["prosecutor"]) >= {"highest", "average"}
    assert (a / "report.md").read_text().startswith("# riskaudit report")


def test_version_and_help():
    r = cli("--version")
    assert r.exit_code == 0 and r.stdout.startswith("riskaudit ")
    r = cli("--help")
    assert r.exit_code == 0 and "audit" in r.stdout and "Exit codes" in r.stdout


def test_a_scanner_that_did_not_run_says_why_in_its_checks():
    import pandas as pd

    from riskaudit import load_config, run_audit

    df = pd.DataFrame({"amount": [(i * 37) % 1000 for i in range(200)], "count": [i % 7 for i in range(200)]})
    report = run_audit(df, load_config(), write=False)
    k_check = next(c for c in report.scorecard.checks if c.id == "reident.k_anonymity")
    # its inputs were absent: not measured (it used to say error), with the reason, never pass
    assert k_check.status == "not_measured"
    assert (
        "no quasi-identifiers configured" in k_check.message and "columns.quasi_identifiers" in k_check.reason
    )
