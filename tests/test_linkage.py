"""Linkage attacks: exact join against the sample data's ground truth, Splink fuzzy linkage, and the
Anonymeter-style attacks (Wilson intervals, control correction, determinism)."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from helpers import cli
from riskaudit.linkage import anonymeter_attacks, residual_risk, wilson


def test_exact_linkage_matches_sample_ground_truth(sample_dir):
    # sample_data/README.md: 12,000 register rows; 7,971 match >= 1; 7,722 exactly one; 7,593 correct;
    # 249 several; 8,000 register people are in the hospital file
    r = cli(
        "link",
        str(sample_dir / "hospital_discharges.csv"),
        "--aux",
        str(sample_dir / "public_register.csv"),
        "--on",
        "zip5,date_of_birth,sex",
        "--id",
        "person_id",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    e = json.loads(r.stdout)["exact"]
    assert (e["aux_rows"], e["matched_any"], e["matched_unique"], e["matched_several"]) == (
        12000,
        7971,
        7722,
        249,
    )
    assert (e["correct"], e["aux_in_data"]) == (7593, 8000)
    assert e["unique_match_rate"] == pytest.approx(7722 / 12000)
    assert e["precision"] == pytest.approx(7593 / 7722)


def test_link_output_has_no_values(sample_dir):
    r = cli(
        "link",
        str(sample_dir / "hospital_discharges.csv"),
        "--aux",
        str(sample_dir / "public_register.csv"),
        "--on",
        "zip5,date_of_birth,sex",
        "--json",
    )
    assert r.exit_code == 0
    assert "P1" not in r.stdout and "19" not in json.dumps(json.loads(r.stdout)["on"])


def test_link_usage_errors(sample_dir):
    r = cli("link", str(sample_dir / "hospital_discharges.csv"))
    assert r.exit_code == 2 and r.stderr.startswith("error: ")
    r = cli(
        "link",
        str(sample_dir / "hospital_discharges.csv"),
        "--aux",
        str(sample_dir / "public_register.csv"),
        "--on",
        "zip5,nope",
    )
    assert r.exit_code == 2 and "nope" in r.stderr


@pytest.mark.slow
def test_fuzzy_linkage_splink_on_sample(sample_dir):
    r = cli(
        "link",
        str(sample_dir / "hospital_discharges.csv"),
        "--aux",
        str(sample_dir / "public_register.csv"),
        "--on",
        "zip5,date_of_birth,sex",
        "--id",
        "person_id",
        "--fuzzy",
        "--compare",
        "full_name=patient_name",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    f = out["fuzzy"]
    # names break the 247 ambiguous exact matches: more correct links than the exact join, few wrong
    assert f["correct"] > out["exact"]["correct"]
    assert f["correct"] <= 8000 and f["precision"] >= 0.98
    assert sum(f["match_probability_histogram"].values()) == f["linked"]


def test_wilson_and_control_correction():
    z = 1.959963984540054
    k, n = 30, 200
    r = wilson(k, n)
    assert r.value == pytest.approx((k + z * z / 2) / (n + z * z))
    assert r.error == pytest.approx(z / (n + z * z) * math.sqrt(k * (n - k) / n + z * z / 4))
    ctl = wilson(10, 200)
    risk = residual_risk(r, ctl)
    assert risk.value == pytest.approx((r.value - ctl.value) / (1 - ctl.value))
    assert residual_risk(ctl, r).value == 0.0  # clipped


def _adult(shared_data):
    d = shared_data / "anonymeter"
    ori = pd.read_csv(d / "adults_ori_100.csv")
    syn = pd.read_csv(d / "adults_syn_100.csv")
    ctl = pd.read_csv(d / "adults_control.csv").head(100)
    return ori, syn, ctl


def test_anonymeter_attacks_deterministic(shared_data):
    ori, syn, ctl = _adult(shared_data)
    cols = ["age", "sex", "race", "education", "marital", "occupation"]
    cols = [c for c in cols if c in ori.columns]
    a = anonymeter_attacks(
        ori, syn, ctl, cols, secret="income" if "income" in ori.columns else None, n_attacks=100, seed=7
    )
    b = anonymeter_attacks(
        ori, syn, ctl, cols, secret="income" if "income" in ori.columns else None, n_attacks=100, seed=7
    )
    assert a.model_dump_json() == b.model_dump_json()
    for x in (a.singling_out, a.linkability):
        assert 0 <= x.risk.ci[0] <= x.risk.value <= x.risk.ci[1] <= 1
        assert x.attack.trials == 100


def test_release_identical_to_original_links_everyone():
    # a "release" that is the original itself: nearest neighbours on both halves coincide
    ori = pd.DataFrame(
        {
            "a": [str(i % 7) for i in range(60)],
            "b": [str(i) for i in range(60)],
            "c": [float(i) for i in range(60)],
            "s": [str(i % 2) for i in range(60)],
        }
    )
    ctl = pd.DataFrame(
        {
            "a": [str(i % 7) for i in range(60)],
            "b": [f"x{i}" for i in range(60)],
            "c": [i + 0.5 for i in range(60)],
            "s": ["0"] * 60,
        }
    )
    r = anonymeter_attacks(ori, ori.copy(), ctl, ["b", "c"], secret="s", n_attacks=40, seed=1)
    assert r.linkability.attack.successes == 40
    assert r.inference.attack.successes == 40
    assert r.linkability.risk.value > 0.5


@pytest.mark.slow
def test_link_release_cli_deterministic(sample_dir):
    args = (
        "link",
        str(sample_dir / "hospital_discharges.csv"),
        "--release",
        str(sample_dir / "hospital_discharges_deid.csv"),
        "--on",
        "sex,race,ethnicity,primary_diagnosis,length_of_stay",
        "--secret",
        "readmitted_30d",
        "--n-attacks",
        "100",
        "--json",
    )
    a, b = cli(*args), cli(*args)
    assert a.exit_code == 0, a.stderr
    assert a.stdout == b.stdout
    out = json.loads(a.stdout)["anonymeter"]
    assert out["control_source"] == "split" and out["rows"]["control"] > 0
