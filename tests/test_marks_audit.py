"""A marked copy passes the same policy as the original (issue 16), and `mark --license` keeps to the license's
marking terms (recipient id, tolerated distortion)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpers import cli

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEID = ROOT / "sample_data" / "hospital_discharges_deid.csv"


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("marked_audit")
    lic = yaml.safe_load((ROOT / "configs" / "license.example.yaml").read_text())
    lic["marking"] = {
        "recipient_id": "ACME",
        "trap_records": True,
        "tolerated_distortion": [
            {"column": "total_charges", "max_change": 0.01},
            {"column": "length_of_stay", "max_change": 1},
        ],
    }
    (d / "license.yaml").write_text(yaml.safe_dump(lic))
    assert cli("keygen", "--out", str(d / "k")).exit_code == 0
    r = cli(
        "mark",
        str(DEID),
        "--key",
        str(d / "k.key"),
        "--recipient",
        "ACME",
        "--out",
        str(d / "ACME.csv"),
        "--receipt",
        str(d / "ACME.json"),
        "--watermark",
        "total_charges:2,length_of_stay:0",
        "--key-columns",
        "person_id",
        "--license",
        str(d / "license.yaml"),
    )
    assert r.exit_code == 0, r.stderr
    return d, d / "license.yaml"


def test_license_marking_terms_are_enforced(marked):
    d, lic = marked
    for args, needle in (
        (["--recipient", "BETA", "--watermark", "total_charges:2"], "recipient_id"),
        (["--recipient", "ACME", "--watermark", "total_charges:1"], "tolerated"),
        (["--recipient", "ACME", "--watermark", "birth_year:0"], "birth_year"),
    ):
        r = cli(
            "mark",
            str(DEID),
            "--key",
            str(d / "k.key"),
            "--out",
            str(d / "x.csv"),
            "--receipt",
            str(d / "x.json"),
            "--license",
            str(lic),
            "--key-columns",
            "person_id",
            *args,
        )
        assert r.exit_code == 2 and needle in r.stderr, (args, r.stderr)
        assert not (d / "x.csv").exists()


def _audit(data: Path, out: Path, lic: Path) -> dict:
    r = cli(
        "audit",
        str(data),
        "--policy",
        "hipaa-safe-harbor",
        "--license",
        str(lic),
        "-f",
        "json",
        "-o",
        str(out),
    )
    assert r.exit_code in (0, 1), r.stderr
    return json.loads((out / "scorecard.json").read_text())


def test_marked_copy_passes_the_same_policy(marked):
    d, lic = marked
    a = _audit(DEID, d / "orig", lic)
    b = _audit(d / "ACME.csv", d / "copy", lic)
    assert a["verdict"] == b["verdict"]
    sa = {c["key"]: c["status"] for c in a["checks"]}
    sb = {c["key"]: c["status"] for c in b["checks"]}
    assert sa == sb
    ra, rb = a["results"]["reident"], b["results"]["reident"]
    assert ra["k"] == rb["k"]
    assert rb["records"] == ra["records"] + 20
    # the license summary carries the marking terms
    assert (
        b["license"]["recipient_id"] == "ACME"
        and b["license"]["tolerated_distortion"]["total_charges"] == 0.01
    )
