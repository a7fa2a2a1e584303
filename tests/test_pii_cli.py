"""`riskaudit pii --json` and the audit integration: masked evidence only, roles feed the audit, checks appear."""

from __future__ import annotations

import csv
import json

import pytest

from helpers import cli


@pytest.fixture(scope="module")
def hospital_path():
    from conftest import SAMPLE

    p = SAMPLE / "hospital_discharges.csv"
    if not p.exists():
        pytest.skip("sample data absent")
    return p


@pytest.fixture(scope="module")
def pii_json(hospital_path):
    r = cli("pii", str(hospital_path), "--sample-size", "300", "--json")
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_json_shape(pii_json):
    d = json.loads(pii_json)
    col = d["columns"]["ssn"]
    assert set(col) >= {
        "entities",
        "role",
        "confidence",
        "hipaa",
        "gdpr_special",
        "ccpa_spi",
        "examples",
        "reason",
    }
    assert d["sample_size"] == 300 and col["shape"]["sampled"] == 300
    assert d["suggested_quasi_identifiers"] == ["zip5", "date_of_birth", "sex"]


def test_no_raw_value_in_output(pii_json, hospital_path):
    with open(hospital_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    raw = set()
    for row in rows:
        for col in (
            "patient_name",
            "ssn",
            "email",
            "phone",
            "street_address",
            "medical_record_number",
            "insurance_plan_id",
        ):
            raw.add(row[col])
        raw.add(row["date_of_birth"])
    leaked = [v for v in raw if v and v in pii_json]
    assert not leaked, f"{len(leaked)} raw values leaked"


def test_audit_has_typed_pii_and_checks(hospital_path, tmp_path):
    from riskaudit import run_audit
    from riskaudit.config import load_config

    cfg = load_config(
        None,
        overrides={
            "pii": {"sample_size": 200, "free_text": {"sample_rows": 300}},
            "outputs": {"formats": ["json"]},
        },
    )
    rep = run_audit(hospital_path, cfg, out_dir=tmp_path)
    sc = rep.scorecard
    assert sc.results.pii is not None
    assert sc.results.pii.columns["email"].role == "direct_identifier"
    ids = {c.id for c in sc.checks}
    assert {"pii.direct_identifiers", "pii.hipaa_identifiers", "pii.free_text", "pii.special_category"} <= ids
    failing = {c.column for c in sc.checks if c.id == "pii.direct_identifiers" and c.status == "fail"}
    assert {"ssn", "email", "patient_name"} <= failing
    text = (tmp_path / "scorecard.json").read_text()
    assert "156-56-3799" not in text  # an SSN of the first data row
    if sc.results.reident is not None:
        assert sc.results.reident.quasi_identifiers == ["zip5", "date_of_birth", "sex"]


def test_config_roles_override(hospital_path):
    from riskaudit.config import AuditConfig, ColumnsConfig
    from riskaudit.dataset import open_dataset
    from riskaudit.engine import connect
    from riskaudit.pii import scan_pii

    cfg = AuditConfig(
        columns=ColumnsConfig(roles={"email": "other", "city": "quasi_identifier"}, id="person_id")
    )
    e = connect(cfg.engine)
    ds = open_dataset(hospital_path, cfg.dataset, e)
    res = scan_pii(e, ds.text_table, cfg.pii, cfg.columns, sample_size=100)
    e.close()
    assert res.columns["email"].role == "other" and res.columns["email"].role_source == "config"
    assert "email" not in res.direct_identifiers
    assert "city" in res.suggested_quasi_identifiers
