"""The injected race disparity in sample_data/hospital_discharges.csv (predicted_readmit) is found, with intervals
that exclude parity; exact rates equal sample_data/README.md and fairlearn's MetricFrame."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from riskaudit.audit import run_audit
from riskaudit.bias import scan_bias
from riskaudit.config import AuditConfig, BiasConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect

BLACK = "Black or African American"


@pytest.fixture(scope="module")
def hospital(sample_dir):
    path = sample_dir / "hospital_discharges.csv"
    if not path.exists():
        pytest.skip("sample_data/hospital_discharges.csv not generated yet")
    engine = connect()
    ds = open_dataset(str(path), AuditConfig().dataset, engine)
    res = scan_bias(
        engine,
        ds.table,
        ["race", "sex"],
        BiasConfig(n_boot=300, seed=0),
        label="readmitted_30d",
        prediction="predicted_readmit",
        score="risk_score",
        rows=ds.rows,
        proxies=False,
    )
    yield path, res
    engine.close()


def _attr(res, name):
    return next(a for a in res.attributes if a.attribute == name)


def test_injected_race_disparity_found_with_ci_excluding_parity(hospital):
    _, res = hospital
    m = _attr(res, "race").model
    g = {x.group: x for x in m.groups}
    # README: selection rate White 0.1807, Black 0.2749; impact ratio (White/Black) 0.6574
    assert g["White"].selection_rate == pytest.approx(0.1807, abs=5e-5)
    assert g[BLACK].selection_rate == pytest.approx(0.2749, abs=5e-5)
    assert m.reference_group == BLACK
    assert g["White"].impact_ratio == pytest.approx(0.6574, abs=5e-5)
    assert g["White"].impact_ratio_ci.high < 1.0 and g["White"].impact_ratio_ci.high < 0.8
    # FPR/TPR (README table): the decision is harsher on Black patients at equal risk
    assert g[BLACK].fpr == pytest.approx(0.2474, abs=5e-5) and g["White"].fpr == pytest.approx(
        0.1566, abs=5e-5
    )
    assert g[BLACK].tpr == pytest.approx(0.4487, abs=5e-5) and g["White"].tpr == pytest.approx(
        0.3402, abs=5e-5
    )
    assert g[BLACK].fpr_ci.low > g["White"].fpr_ci.high
    assert m.equalized_odds_difference_ci.low > 0


def test_true_label_has_no_injected_race_disparity(hospital):
    _, res = hospital
    race = _attr(res, "race")
    g = {x.group: x for x in race.groups}
    # README: base rate of readmitted_30d White 0.1314, Black 0.1369; the label does not depend on race
    assert g["White"].base_rate == pytest.approx(0.1314, abs=5e-5)
    assert g[BLACK].base_rate == pytest.approx(0.1369, abs=5e-5)
    assert g[BLACK].significant is False
    assert race.outcome.min_impact_ratio > 0.8


def test_unknown_and_small_groups_reported(hospital):
    _, res = hospital
    race = _attr(res, "race")
    g = {x.group: x for x in race.groups}
    # README: race missing for 322 rows; NHPI 72 rows and AIAN 245 rows (< 2% of 20,000)
    assert race.unknown_count == 322 and g["Unknown"].unknown and not g["Unknown"].eligible
    assert g["Unknown"].base_rate == pytest.approx(0.1491, abs=5e-5)
    assert (
        g["Native Hawaiian or Other Pacific Islander"].n == 72
        and g["Native Hawaiian or Other Pacific Islander"].small
    )
    assert g["American Indian or Alaska Native"].n == 245 and g["American Indian or Alaska Native"].small
    assert sum(x.n for x in race.groups) == 20000
    assert _attr(res, "sex").unknown_count == 91


def test_model_metrics_equal_fairlearn_metricframe(hospital):
    from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate

    path, res = hospital
    df = pd.read_csv(
        path,
        usecols=["race", "readmitted_30d", "predicted_readmit"],
        dtype={"race": str},
        keep_default_na=False,
    )
    race = df["race"].replace("", "Unknown")
    mf = MetricFrame(
        metrics={"sel": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
        y_true=df["readmitted_30d"],
        y_pred=df["predicted_readmit"],
        sensitive_features=race,
    )
    ours = {x.group: x for x in _attr(res, "race").model.groups}
    for grp, row in mf.by_group.iterrows():
        assert ours[grp].selection_rate == pytest.approx(row["sel"], abs=1e-6)
        assert ours[grp].tpr == pytest.approx(row["tpr"], abs=1e-6)
        assert ours[grp].fpr == pytest.approx(row["fpr"], abs=1e-6)


def test_calibration_by_group(hospital):
    _, res = hospital
    cal = {c.group: c for c in _attr(res, "race").model.calibration}
    assert sum(b.n for b in cal["White"].bins) == cal["White"].n == 6623
    assert 0 <= cal["White"].ece < 0.2


def test_audit_adds_results_bias_and_checks(sample_dir, tmp_path):
    path = sample_dir / "hospital_discharges.csv"
    if not path.exists():
        pytest.skip("sample data absent")
    cfg = AuditConfig.model_validate(
        {
            "columns": {
                "protected": ["race", "sex"],
                "label": "readmitted_30d",
                "prediction": "predicted_readmit",
            },
            "bias": {"n_boot": 100, "proxies": False},
            "policy": {"extends": ["default"]},
        }
    )
    from riskaudit.config import load_config

    cfg = load_config(None, overrides=cfg.model_dump(include={"columns", "bias"}))
    rep = run_audit(str(path), cfg, out_dir=tmp_path, only=["bias"])
    sc = json.loads((tmp_path / "scorecard.json").read_text())
    bias = sc["results"]["bias"]
    race = next(a for a in bias["attributes"] if a["attribute"] == "race")
    for g in race["groups"]:
        assert {"group", "n", "share", "base_rate", "impact_ratio"} <= set(g)
    ff = [c for c in rep.scorecard.checks if c.id == "bias.four_fifths" and c.column == "race"]
    assert any(
        c.status == "fail" and c.value == pytest.approx(0.5918, abs=1e-3) for c in ff
    )  # decision: Asian vs Black
    ids = {c.id for c in rep.scorecard.checks}
    assert {
        "bias.four_fifths",
        "bias.significant_disparity",
        "bias.small_groups",
        "bias.equalized_odds",
        "bias.representation_gap",
    } <= ids
