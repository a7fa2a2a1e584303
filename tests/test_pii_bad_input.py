"""Bad input for the PII scanner: look-alike columns, nulls, binary and mixed cells, long cells, latin-1."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from helpers import cli
from riskaudit.config import AuditConfig
from riskaudit.engine import connect
from riskaudit.pii import build_analyzer, scan_pii
from riskaudit.pii._column_scan import analyze_column


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer(("US",))


def _col(analyzer, name, values):
    return analyze_column(analyzer, name, values, min_score=0.5, min_prevalence=0.3)


def test_phone_column_holding_amounts(analyzer):
    rng = random.Random(1)
    vals = [f"{rng.uniform(10, 99999):.2f}" for _ in range(500)] + [
        str(rng.randint(1000000, 99999999)) for _ in range(200)
    ]
    c = _col(analyzer, "phone", vals)
    assert c.decision != "PHONE_NUMBER" and c.role == "other"
    assert c.hint_supported is False and c.name_hint == "PHONE_NUMBER"


def test_ssn_column_holding_dates(analyzer):
    rng = random.Random(2)
    vals = [f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(300)]
    c = _col(analyzer, "ssn", vals)
    assert c.decision != "US_SSN" and "US_SSN" not in c.entities
    assert c.hint_supported is False


def test_zip_counts_coordinates_tracking_not_phone_ssn_licence(analyzer):
    rng = random.Random(3)
    cases = {
        "col_a": [f"{rng.randint(1000, 99999):05d}" for _ in range(300)],  # ZIP-like, no name
        "col_b": [str(rng.randint(0, 5000)) for _ in range(300)],  # counts
        "col_c": [f"{rng.uniform(-90, 90):.6f}" for _ in range(300)],  # coordinates
        "col_d": [
            "1Z" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16))
            for _ in range(300)
        ],
    }
    for name, vals in cases.items():
        c = _col(analyzer, name, vals)
        assert c.decision not in ("PHONE_NUMBER", "US_SSN", "US_DRIVER_LICENSE", "US_BANK_NUMBER"), (
            name,
            c.decision,
        )
    lat = _col(analyzer, "latitude", cases["col_c"])
    assert lat.decision == "GEO_COORDINATE"


def test_ccnumber_name_never_boosts_phone(analyzer):
    rng = random.Random(4)
    vals = [
        f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}" for _ in range(200)
    ]
    c = _col(analyzer, "CCNumber", vals)
    # phone-shaped values under a card-number name: the values decide, at Presidio's unboosted 0.4 -> no phone hit
    assert "PHONE_NUMBER" not in c.entities
    assert c.name_hint == "CREDIT_CARD"


def _scan_frame(df, **pii):
    cfg = AuditConfig(pii=pii) if pii else AuditConfig()
    engine = connect(cfg.engine)
    try:
        _t, text = engine.from_pandas(df)
        return scan_pii(engine, text, cfg.pii, cfg.columns)
    finally:
        engine.close()


def test_all_null_and_mixed_and_binary_columns():
    n = 200
    df = pd.DataFrame(
        {
            "empty": [None] * n,
            "mixed": [i if i % 3 else f"x{i}" if i % 2 else 1.5 * i for i in range(n)],
            "blob": [bytes([i % 256, 0, 255, 10]) for i in range(n)],
            "email": [f"user{i}@example.org" for i in range(n)],
        }
    )
    res = _scan_frame(df)
    assert res.columns["empty"].decision is None and res.columns["empty"].shape.sampled == 0
    assert res.columns["empty"].reason.startswith("no non-null values")
    assert res.columns["mixed"].role in ("other", "quasi_identifier")
    assert res.columns["blob"].decision is None
    assert res.columns["email"].decision == "EMAIL_ADDRESS"


def test_very_long_cells_are_capped_and_reported():
    filler = "The patient was seen and examined today and the plan was discussed in detail with the family. "
    cells = [filler * 40 + f"Call Maria Lopez at (212) 555-01{i % 90 + 10}." for i in range(50)]
    res = _scan_frame(pd.DataFrame({"note": cells}), free_text={"max_cell_length": 500})
    ft = res.free_text["note"]
    assert ft.capped_cells == 50 and ft.max_cell_length == 500
    assert res.columns["note"].shape.capped == 50
    # the name and phone sit beyond the cap: not analysed, so not found
    assert "PHONE_NUMBER" not in ft.entities


def test_latin1_file(tmp_path):
    p = tmp_path / "people.csv"
    rows = ["name,city,email"] + [f"José Muñoz{i},Málaga,jose{i}@correo.es" for i in range(50)]
    p.write_bytes("\n".join(rows).encode("latin-1"))
    cfg = tmp_path / "c.yaml"
    cfg.write_text("dataset:\n  encoding: latin-1\n")
    r = cli("pii", str(p), "--config", str(cfg), "--json")
    assert r.exit_code == 0, r.stderr
    assert '"EMAIL_ADDRESS"' in r.stdout
    assert "jose1@correo.es" not in r.stdout


def test_missing_file_one_line_error():
    r = cli("pii", "no/such/file.csv")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1
