"""Bias audit building blocks on small frames: Unknown group, small groups, label kinds, age bands,
representation, missingness, statistics helpers, policy rules and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import cli
from riskaudit.bias import scan_bias
from riskaudit.bias._stats import holm, rate_test_2x2
from riskaudit.checks import evaluate_policy
from riskaudit.config import AuditConfig, BiasConfig, PolicyConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.errors import ColumnError, ConfigError

FAST = dict(n_boot=50, min_group_size=5, min_group_share=0.02)


def _scan(df: pd.DataFrame, protected, cfg: BiasConfig | None = None, **kw):
    engine = connect()
    try:
        ds = open_dataset(df, AuditConfig().dataset, engine)
        return scan_bias(
            engine,
            ds.table,
            protected,
            cfg or BiasConfig(**FAST),
            rows=ds.rows,
            proxies=kw.pop("proxies", False),
            **kw,
        )
    finally:
        engine.close()


def _frame(n=400, seed=1):
    rng = np.random.default_rng(seed)
    sex = rng.choice(["F", "M"], n)
    y = (rng.random(n) < np.where(sex == "F", 0.2, 0.5)).astype(int)
    return pd.DataFrame({"sex": sex, "y": y})


def test_missing_and_empty_values_form_unknown_group():
    df = _frame()
    df.loc[:9, "sex"] = None
    df.loc[10:14, "sex"] = ""
    res = _scan(df, ["sex"], label="y")
    a = res.attributes[0]
    unk = next(g for g in a.groups if g.group == "Unknown")
    assert a.unknown_count == unk.n == 15 and unk.unknown and not unk.eligible
    assert unk.base_rate == pytest.approx(df.loc[:14, "y"].mean(), abs=1e-6)
    assert a.outcome.reference_group != "Unknown"


def test_small_group_flagged_reported_and_never_reference():
    df = _frame()
    extra = pd.DataFrame({"sex": ["X"] * 4, "y": [1, 1, 1, 1]})  # 4 rows, base rate 1.0: highest, but small
    res = _scan(pd.concat([df, extra], ignore_index=True), ["sex"], label="y")
    a = res.attributes[0]
    xs = "<sex group 3, masked>"  # below bias.min_group_size: the label is masked (rank 3 by rows)
    assert all(g.group != "X" for g in a.groups)
    x = next(g for g in a.groups if g.group == xs)
    assert x.small and not x.eligible and x.n == 4 and x.base_rate == 1.0
    assert a.small_groups == [xs]
    assert a.outcome.reference_group == "M"
    assert x.impact_ratio > 1  # reported relative to the most favoured eligible group
    assert xs not in a.outcome.groups_below_four_fifths


def test_impact_ratio_and_signed_parity_difference_by_hand():
    df = pd.DataFrame({"g": ["a"] * 100 + ["b"] * 100, "y": [1] * 30 + [0] * 70 + [1] * 60 + [0] * 40})
    a = _scan(df, ["g"], label="y").attributes[0]
    ga = next(g for g in a.groups if g.group == "a")
    assert ga.impact_ratio == pytest.approx(0.5) and ga.parity_difference == pytest.approx(-0.3)
    assert a.outcome.demographic_parity_difference == pytest.approx(0.3)
    assert a.outcome.demographic_parity_ratio == pytest.approx(0.5)
    expected = stats.chi2_contingency(np.array([[30, 70], [60, 40]]), correction=True)[1]
    assert ga.p_value == pytest.approx(expected, rel=1e-6) and ga.test == "chi2"


def test_fisher_used_for_small_expected_counts():
    p, name = rate_test_2x2(1, 10, 8, 10)
    assert name == "fisher" and p == pytest.approx(stats.fisher_exact([[1, 9], [8, 2]])[1])


def test_holm_adjustment():
    assert holm([0.01, 0.04, None, 0.03]) == [
        pytest.approx(0.03),
        pytest.approx(0.06),
        None,
        pytest.approx(0.06),
    ]


def test_group_without_labels_has_no_nan():
    df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50, "y": [1.0, 0.0] * 25 + [None] * 50})
    res = _scan(df, ["g"], label="y", positive="1.0")
    b = next(g for g in res.attributes[0].groups if g.group == "b")
    assert b.n_labelled == 0 and b.base_rate is None and b.impact_ratio is None
    json.dumps(res.model_dump(mode="json"), allow_nan=False)


def test_multiclass_label_one_vs_rest():
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"g": rng.choice(["a", "b"], 600), "y": rng.choice(["low", "mid", "high"], 600)})
    a = _scan(df, ["g"], label="y").attributes[0]
    assert a.outcome is None and {c.outcome.positive for c in a.one_vs_rest} == {"low", "mid", "high"}
    for c in a.one_vs_rest:
        ga = next(g for g in c.groups if g.group == "a")
        assert ga.base_rate == pytest.approx((df[df.g == "a"].y == c.outcome.positive).mean(), abs=1e-6)


def test_numeric_label_threshold_default_median_and_configured():
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"g": rng.choice(["a", "b"], 500), "y": rng.normal(50, 10, 500)})
    res = _scan(df, ["g"], label="y")
    assert res.label_kind == "numeric" and res.positive == f">= {df.y.median():g}"
    res2 = _scan(df, ["g"], BiasConfig(**FAST, label_threshold=60), label="y")
    ga = next(g for g in res2.attributes[0].groups if g.group == "a")
    assert ga.base_rate == pytest.approx((df[df.g == "a"].y >= 60).mean(), abs=1e-6)


def test_binary_label_without_obvious_positive_is_a_column_error():
    df = pd.DataFrame({"g": ["a", "b"] * 20, "y": ["<=50K", ">50K"] * 20})
    with pytest.raises(ColumnError, match="--positive"):
        _scan(df, ["g"], label="y")


def test_age_bands_from_numeric_age_and_date_of_birth():
    df = pd.DataFrame(
        {
            "age": [10, 20, 30, 70, 80, None] * 10,
            "date_of_birth": ["2010-06-01", "2000-01-01", "1990-12-31", "1950-01-02", "1940-05-05", None]
            * 10,
        }
    )
    res = _scan(
        df, ["age", "date_of_birth"], BiasConfig(**FAST, age_reference_date="2020-06-01", intersections=False)
    )
    age = {g.group: g.n for g in res.attributes[0].groups}
    assert age == {"<18": 10, "18-24": 10, "25-34": 10, "65-74": 10, "75+": 10, "Unknown": 10}
    dob = {g.group: g.n for g in res.attributes[1].groups}
    assert dob == {"<18": 10, "18-24": 10, "25-34": 10, "65-74": 10, "75+": 10, "Unknown": 10}
    assert "age at 2020-06-01" in res.attributes[1].grouping


def test_representation_against_reference_population():
    df = pd.DataFrame({"race": ["A"] * 700 + ["B"] * 250 + ["C"] * 50})
    cfg = BiasConfig(**FAST, reference_population={"race": {"A": 0.6, "B": 0.25, "C": 0.15}})
    rep = _scan(df, ["race"], cfg).attributes[0].representation
    chi2, p = stats.chisquare([700, 250, 50], [600, 250, 150])
    assert rep.chi2 == pytest.approx(chi2, rel=1e-6) and rep.p_value == pytest.approx(p, rel=1e-6, abs=1e-12)
    c = next(g for g in rep.groups if g.group == "C")
    assert c.ratio == pytest.approx(0.05 / 0.15, abs=1e-6) and c.under_represented
    assert rep.under_represented == ["C"]
    with pytest.raises(ConfigError, match="sum"):
        _scan(df, ["race"], BiasConfig(**FAST, reference_population={"race": {"A": 0.9, "B": 0.5}}))


def test_missingness_disparity_flagged():
    rng = np.random.default_rng(5)
    g = rng.choice(["a", "b"], 2000)
    income = np.where((g == "a") & (rng.random(2000) < 0.3), np.nan, 1.0)
    df = pd.DataFrame({"g": g, "income": income, "other": np.where(rng.random(2000) < 0.1, np.nan, 1.0)})
    miss = {m.column: m for m in _scan(df, ["g"]).attributes[0].missingness}
    assert miss["income"].flagged and miss["income"].by_group["b"] == 0.0
    assert not miss["other"].flagged


def test_proxies_find_a_planted_proxy():
    rng = np.random.default_rng(6)
    g = rng.choice(["a", "b"], 3000)
    df = pd.DataFrame(
        {
            "g": g,
            "zip": np.where(rng.random(3000) < 0.9, np.where(g == "a", "111", "222"), "333"),
            "noise": rng.choice(["x", "y", "z"], 3000),
            "num": rng.normal(0, 1, 3000),
        }
    )
    px = _scan(df, ["g"], BiasConfig(**FAST, proxy_sample_size=2000), proxies=True).attributes[0].proxies
    assert px.strongest[0] == "zip" and px.strong == ["zip"]
    assert px.classifier_auc > 0.9 and px.classifier_sample == 2000
    noise = next(c for c in px.columns if c.column == "noise")
    assert noise.cramers_v < 0.1


def test_rules_judge_eligible_groups():
    df = pd.DataFrame({"g": ["a"] * 100 + ["b"] * 100, "y": [1] * 30 + [0] * 70 + [1] * 60 + [0] * 40})
    res = _scan(df, ["g"], label="y")
    policy = PolicyConfig(
        rules={
            "bias.four_fifths": {"fail": 0.8},
            "bias.significant_disparity": {"warn": 0},
            "bias.small_groups": {"warn": 0},
            "bias.representation_gap": {"fail": 0.5},
            "bias.equalized_odds": {"fail": 0.2},
        }
    )
    checks = {c.id: c for c in evaluate_policy(policy, {"bias": res})}
    assert checks["bias.four_fifths"].status == "fail" and checks["bias.four_fifths"].value == pytest.approx(
        0.5
    )
    assert (
        checks["bias.significant_disparity"].status == "warn"
        and checks["bias.significant_disparity"].value == 1
    )
    assert checks["bias.small_groups"].status == "pass"
    # no reference population, no model decision: not measured (these two used to say pass)
    rg, eo = checks["bias.representation_gap"], checks["bias.equalized_odds"]
    assert rg.status == "not_measured" and "bias.reference_population" in rg.reason
    assert eo.status == "not_measured" and eo.value is None and "columns.prediction" in eo.reason


def test_cli_bias_json_and_errors(tmp_path):
    df = pd.DataFrame(
        {
            "g": ["a"] * 100 + ["b"] * 100,
            "y": [1] * 30 + [0] * 70 + [1] * 60 + [0] * 40,
            "p": [1] * 50 + [0] * 50 + [1] * 50 + [0] * 50,
        }
    )
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    r = cli(
        "bias", str(path), "--protected", "g", "--label", "y", "--prediction", "p", "--json", "--no-proxies"
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["attributes"][0]["outcome"]["min_impact_ratio"] == pytest.approx(0.5)
    assert out["attributes"][0]["model"]["equalized_odds_difference"] is not None
    r = cli("bias", str(path), "--protected", "nope", "--label", "y")
    assert (
        r.exit_code == 2
        and r.stderr.startswith("error:")
        and "nope" in r.stderr
        and len(r.stderr.strip().splitlines()) == 1
    )
    r = cli("bias", str(path), "--protected", "g", "--label", "y", "--no-proxies")
    assert r.exit_code == 0 and "impact_ratio=0.5000" in r.stdout


def test_proxy_contingency_equals_pandas_pivot_table():
    """bias/_proxies.contingency builds the group x level table with np.add.at; it must be pandas' pivot_table
    (sorted rows and columns, summed duplicates, missing keys left out), cell for cell."""
    from riskaudit.bias._proxies import contingency

    rng = np.random.default_rng(3)
    for trial in range(40):
        n = int(rng.integers(1, 60))
        g = rng.choice(["b", "a", "Z", "é", "10", "9"], n).astype(object)
        x = rng.choice(["(missing)", "[1, 2)", "x", "X", "0"], n).astype(object)
        if trial % 3 == 0:
            g[rng.random(n) < 0.2] = None
            x[rng.random(n) < 0.2] = None
        df = pd.DataFrame({"g0": g, "__x": x, "__n": rng.integers(0, 1000, n)})
        want = df.pivot_table(index="g0", columns="__x", values="__n", aggfunc="sum", fill_value=0)
        got = contingency(df, "g0", "__x", "__n")
        assert got.shape == want.shape
        assert np.array_equal(got, want.to_numpy(dtype=float)), trial
    # by hand: duplicates add up, levels sorted
    df = pd.DataFrame({"g0": ["b", "a", "b", "a"], "__x": ["y", "x", "y", "y"], "__n": [2, 3, 5, 7]})
    assert contingency(df, "g0", "__x", "__n").tolist() == [[3.0, 7.0], [0.0, 7.0]]
    empty = df.iloc[:0]
    assert contingency(empty, "g0", "__x", "__n").shape == (0, 0)


@pytest.mark.parametrize("groups", [["F", "M"], ["Black", "White", "asian", "Other"]])
def test_proxy_classifier_auc_equals_scikit_learn_on_the_group_names(groups):
    # _classifier_auc hands scikit-learn integer codes of the groups (sorted like the names) instead of the names:
    # the same folds, class order and scores as the plain call on the names, computed here independently
    import warnings

    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import CategoricalNB

    from riskaudit.bias._proxies import _classifier_auc
    from riskaudit.bias._stats import fl

    rng = np.random.default_rng(11)
    n = 3000
    g = rng.choice(groups, n, p=np.linspace(1, 2, len(groups)) / np.linspace(1, 2, len(groups)).sum())
    a = np.where(
        rng.random(n) < 0.6, g, rng.choice(groups, n)
    )  # a proxy: agrees with the group 60 % of the time
    b = rng.choice(["x", "y", "z"], n)
    df = pd.DataFrame({"__g": g, "a": a, "b": b})
    cfg = BiasConfig()
    auc, used, note = _classifier_auc(df, ["a", "b"], cfg)
    X = np.stack([pd.Categorical(df[f], categories=sorted(df[f].unique())).codes for f in ("a", "b")], axis=1)
    scoring = "roc_auc" if len(groups) == 2 else "roc_auc_ovr_weighted"
    cv = StratifiedKFold(n_splits=cfg.cv_folds, shuffle=True, random_state=cfg.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = cross_val_score(
            CategoricalNB(alpha=1.0, min_categories=X.max(axis=0) + 1),
            X,
            g.astype(str),
            cv=cv,
            scoring=scoring,
        )
    assert auc == fl(float(np.mean(want))) and auc > 0.6  # fl: the result's rounding (6 decimals)
    assert used == n and note is None
