"""PII column scan on the sample hospital data: decisions, roles, legal mapping, suggested QIs."""

from __future__ import annotations

import pytest

from riskaudit.config import AuditConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.pii import scan_pii


@pytest.fixture(scope="module")
def hospital():
    from conftest import SAMPLE

    path = SAMPLE / "hospital_discharges.csv"
    if not path.exists():
        pytest.skip("sample_data/hospital_discharges.csv is absent")
    cfg = AuditConfig()
    engine = connect(cfg.engine)
    ds = open_dataset(path, cfg.dataset, engine)
    res = scan_pii(engine, ds.text_table, cfg.pii, cfg.columns)
    engine.close()
    return res


def test_direct_identifiers_found(hospital):
    expected = {
        "patient_name": "PERSON",
        "ssn": "US_SSN",
        "email": "EMAIL_ADDRESS",
        "phone": "PHONE_NUMBER",
        "street_address": "STREET_ADDRESS",
        "insurance_plan_id": "HEALTH_PLAN_ID",
        "medical_record_number": "MEDICAL_RECORD_NUMBER",
    }
    for col, ent in expected.items():
        c = hospital.columns[col]
        assert c.decision == ent, (col, c.decision, c.reason)
        assert c.role == "direct_identifier"
        assert c.entities[ent] >= 0.9  # prevalence: share of sampled values with a hit
    assert set(expected) <= set(hospital.direct_identifiers)


def test_hipaa_letters_and_gdpr(hospital):
    cols = hospital.columns
    assert cols["ssn"].hipaa == ["G"]
    assert cols["email"].hipaa == ["F"]
    assert cols["phone"].hipaa == ["D"]
    assert cols["medical_record_number"].hipaa == ["H"]
    assert cols["insurance_plan_id"].hipaa == ["I"]
    assert cols["zip5"].hipaa == ["B"]
    assert cols["date_of_birth"].hipaa == ["C"]
    assert cols["race"].gdpr_special == ["racial_or_ethnic_origin"]
    assert cols["primary_diagnosis"].gdpr_special == ["health"]
    assert "government_id" in cols["ssn"].ccpa_spi
    assert cols["total_charges"].hipaa == [] and cols["total_charges"].role == "other"


def test_suggested_quasi_identifiers_and_protected(hospital):
    # finest geography only (zip5 implies city/state); event dates are not suggested
    assert hospital.suggested_quasi_identifiers == ["zip5", "date_of_birth", "sex"]
    assert hospital.suggested_protected == ["sex", "race", "ethnicity"]
    assert hospital.columns["admission_date"].role == "quasi_identifier"
    assert not hospital.columns["admission_date"].suggested_quasi_identifier


def test_amounts_and_scores_are_not_identifiers(hospital):
    for col in ("length_of_stay", "total_charges", "risk_score", "readmitted_30d", "predicted_readmit"):
        assert hospital.columns[col].decision is None, (col, hospital.columns[col].decision)


def test_free_text_found(hospital):
    ft = hospital.free_text["clinical_note"]
    assert ft.mode == "sample" and ft.rows_analysed == 2000
    # README: ~15% of notes name a family member; some notes carry contact details
    assert 0.08 <= ft.entities["PERSON"].row_share <= 0.2
    assert 0.1 <= ft.share_rows_with_pii <= 0.5
    assert hospital.columns["clinical_note"].free_text


def test_examples_are_masked(hospital):
    ex = hospital.columns["ssn"].examples
    assert ex and all(e.startswith("***-**-") for e in ex)
    assert all("@" in e and "***" in e for e in hospital.columns["email"].examples)
    assert len(hospital.columns["patient_name"].examples) <= 3


def test_deterministic():
    from conftest import SAMPLE

    path = SAMPLE / "public_register.csv"
    if not path.exists():
        pytest.skip("sample data absent")
    cfg = AuditConfig()
    outs = []
    for _ in range(2):
        engine = connect(cfg.engine)
        ds = open_dataset(path, cfg.dataset, engine)
        outs.append(scan_pii(engine, ds.text_table, cfg.pii, cfg.columns).model_dump_json())
        engine.close()
    assert outs[0] == outs[1]
