"""Bias audit against published reference values (UCI Adult, COMPAS) and fairlearn / AIF360 definitions."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from adult import ADULT_COLS
from riskaudit.bias import scan_bias
from riskaudit.config import AuditConfig, BiasConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect


@pytest.fixture(scope="module")
def adult(shared_data):
    cfg = AuditConfig.model_validate({"dataset": {"column_names": ADULT_COLS, "header": False}})
    engine = connect()
    ds = open_dataset(str(shared_data / "adult" / "adult.data"), cfg.dataset, engine)
    yield engine, ds
    engine.close()


@pytest.fixture(scope="module")
def adult_result(adult):
    engine, ds = adult
    return scan_bias(
        engine,
        ds.table,
        ["sex", "race"],
        BiasConfig(n_boot=200, seed=0),
        label="income",
        positive=">50K",
        rows=ds.rows,
        proxies=False,
    )


def _attr(result, name):
    return next(a for a in result.attributes if a.attribute == name)


def _group(attr, name):
    return next(g for g in attr.groups if g.group == name)


def test_adult_sex_base_rates_and_impact_ratio(adult_result):
    # published: Female 0.1095 (n=10,771), Male 0.3057 (n=21,790), disparate impact 0.358 (shared/data/README.md)
    sex = _attr(adult_result, "sex")
    f, m = _group(sex, "Female"), _group(sex, "Male")
    assert (f.n, m.n) == (10771, 21790)
    assert f.base_rate == pytest.approx(0.1095, abs=5e-5)
    assert m.base_rate == pytest.approx(0.3057, abs=5e-5)
    assert f.impact_ratio == pytest.approx(0.358, abs=5e-4)
    assert sex.outcome.reference_group == "Male" and sex.outcome.min_impact_ratio_group == "Female"
    assert sex.unknown_count == 0
    # the interval excludes parity and the disparity is significant
    assert f.impact_ratio_ci.low < f.impact_ratio < f.impact_ratio_ci.high < 0.8
    assert f.significant is True and f.below_four_fifths is True
    assert sex.outcome.significantly_disadvantaged == ["Female"]


def test_adult_aif360_definitions_by_hand(adult_result):
    sex = _attr(adult_result, "sex")
    f, m = _group(sex, "Female"), _group(sex, "Male")
    # AIF360 disparate_impact = P(fav|unpriv) / P(fav|priv); statistical_parity_difference = unpriv - priv (signed)
    assert f.positives == 1179 and m.positives == 6662
    assert f.impact_ratio == pytest.approx((1179 / 10771) / (6662 / 21790), abs=1e-6)
    assert f.parity_difference == pytest.approx(1179 / 10771 - 6662 / 21790, abs=1e-6)
    assert f.parity_difference < 0
    # fairlearn difference is unsigned max-min; ratio is min/max
    assert sex.outcome.demographic_parity_difference == pytest.approx(0.196276, abs=1e-6)
    assert sex.outcome.demographic_parity_ratio == pytest.approx(0.358023, abs=1e-6)


def test_adult_intersection_sex_x_race(adult):
    # bias-metrics.md: fairlearn MetricFrame over [sex, race]: ratio 0.1637
    # (min Female/Other 0.0550 n=109; max Male/Asian-Pac-Islander 0.3362 n=693)
    engine, ds = adult
    cfg = BiasConfig(n_boot=0, min_group_size=1, min_group_share=0.0)
    res = scan_bias(
        engine,
        ds.table,
        ["sex", "race"],
        cfg,
        label="income",
        positive=">50K",
        rows=ds.rows,
        proxies=False,
        missingness=False,
    )
    inter = _attr(res, "sex x race")
    lo = min(inter.groups, key=lambda g: g.base_rate)
    hi = max(inter.groups, key=lambda g: g.base_rate)
    assert (lo.group, lo.n, round(lo.base_rate, 4)) == ("Female x Other", 109, 0.0550)
    assert (hi.group, hi.n, round(hi.base_rate, 4)) == ("Male x Asian-Pac-Islander", 693, 0.3362)
    assert inter.outcome.demographic_parity_ratio == pytest.approx(0.1637, abs=5e-5)
    assert inter.intersection and inter.columns == ["sex", "race"]


def test_adult_small_intersections_reported_not_dropped(adult_result):
    inter = _attr(adult_result, "sex x race")
    small = {g.group: g for g in inter.groups if g.small}
    # Female x Other: 109 rows < 2% of 32,561: flagged, still reported with its count and rate, not the reference
    assert "Female x Other" in small and small["Female x Other"].n == 109
    assert small["Female x Other"].base_rate == pytest.approx(0.0550, abs=5e-5)
    assert small["Female x Other"].eligible is False
    assert sum(g.n for g in inter.groups) == 32561
    assert set(inter.small_groups) == set(small)


@pytest.mark.slow
def test_bootstrap_from_counts_matches_fairlearn_metricframe(shared_data, adult):
    """Our intervals resample counts (binomial, n fixed); fairlearn resamples rows. Same data, close intervals.

    fairlearn's row bootstrap is slow (it recomputes the MetricFrame per resample), so it gets 40 resamples;
    ours gets 2000 (cheap: counts only) and the tolerance covers fairlearn's Monte Carlo error."""
    from fairlearn.metrics import MetricFrame, selection_rate

    engine, ds = adult
    ours_res = scan_bias(
        engine,
        ds.table,
        ["sex"],
        BiasConfig(n_boot=2000, seed=0),
        label="income",
        positive=">50K",
        rows=ds.rows,
        proxies=False,
        missingness=False,
    )

    df = pd.read_csv(
        shared_data / "adult" / "adult.data", names=ADULT_COLS, skipinitialspace=True, na_values="?"
    )
    y = (df["income"] == ">50K").astype(int)
    mf = MetricFrame(
        metrics=selection_rate,
        y_true=y,
        y_pred=y,
        sensitive_features=df["sex"],
        n_boot=40,
        ci_quantiles=[0.025, 0.975],
        random_state=0,
    )
    lo, hi = mf.ratio_ci()
    ours = _attr(ours_res, "sex").outcome.demographic_parity_ratio_ci
    # bias-metrics.md (n_boot=200): ratio_ci [0.3353, 0.3771]
    assert ours.low == pytest.approx(0.3353, abs=0.006) and ours.high == pytest.approx(0.3771, abs=0.006)
    assert ours.low == pytest.approx(lo, abs=0.012) and ours.high == pytest.approx(hi, abs=0.012)
    by_lo, by_hi = mf.by_group_ci
    f = _group(_attr(ours_res, "sex"), "Female")
    assert f.base_rate_ci.low == pytest.approx(by_lo["Female"], abs=0.004)
    assert f.base_rate_ci.high == pytest.approx(by_hi["Female"], abs=0.004)


def test_adult_result_is_json_safe_and_reproducible(adult, adult_result):
    engine, ds = adult
    again = scan_bias(
        engine,
        ds.table,
        ["sex", "race"],
        BiasConfig(n_boot=200, seed=0),
        label="income",
        positive=">50K",
        rows=ds.rows,
        proxies=False,
    )
    a = json.dumps(adult_result.model_dump(mode="json"), sort_keys=True, allow_nan=False)
    assert a == json.dumps(again.model_dump(mode="json"), sort_keys=True, allow_nan=False)


def test_adult_proxies_name_relationship_for_sex(adult):
    engine, ds = adult
    res = scan_bias(
        engine,
        ds.table,
        ["sex"],
        BiasConfig(n_boot=0, proxy_sample_size=5000),
        label="income",
        positive=">50K",
        rows=ds.rows,
        missingness=False,
    )
    px = _attr(res, "sex").proxies
    # 'relationship' (Husband/Wife) encodes sex almost directly
    assert px.strongest[0] == "relationship" and "relationship" in px.strong
    assert px.columns[0].cramers_v > 0.6
    assert px.classifier_auc is not None and px.classifier_auc > 0.85
    assert px.classifier_sample == 5000


def test_compas_fpr_fnr_by_race(shared_data):
    # bias-metrics.md (ProPublica filter; decision = score_text != Low): African-American FPR 0.4234 FNR 0.2848;
    # Caucasian FPR 0.2201 FNR 0.4964
    c = pd.read_csv(shared_data / "compas" / "compas-scores-two-years.csv")
    f = c[
        c.days_b_screening_arrest.between(-30, 30)
        & (c.is_recid != -1)
        & (c.c_charge_degree != "O")
        & (c.score_text != "N/A")
    ]
    frame = pd.DataFrame(
        {
            "race": f["race"].to_numpy(),
            "two_year_recid": f["two_year_recid"].to_numpy(),
            "high_risk": (f["score_text"] != "Low").astype(int).to_numpy(),
        }
    )
    engine = connect()
    try:
        ds = open_dataset(frame, AuditConfig().dataset, engine)
        res = scan_bias(
            engine,
            ds.table,
            ["race"],
            BiasConfig(n_boot=50),
            label="two_year_recid",
            prediction="high_risk",
            rows=ds.rows,
            proxies=False,
            missingness=False,
        )
    finally:
        engine.close()
    m = {g.group: g for g in res.attributes[0].model.groups}
    assert m["African-American"].fpr == pytest.approx(0.4234, abs=5e-5)
    assert m["African-American"].fnr == pytest.approx(0.2848, abs=5e-5)
    assert m["Caucasian"].fpr == pytest.approx(0.2201, abs=5e-5)
    assert m["Caucasian"].fnr == pytest.approx(0.4964, abs=5e-5)
    assert np.isclose(m["African-American"].fnr + m["African-American"].tpr, 1.0)
