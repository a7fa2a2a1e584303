"""Re-identification risk models: hand-computed tables, published values (pycanon, sdcMicro, ARX) and a
simulation of the Dankar et al. 2012 decision rule against a population with known uniques."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
import pandas as pd
import pytest

from helpers import cli
from riskaudit.config import ReidentConfig
from riskaudit.engine import connect
from riskaudit.reident import scan_reident, size_threshold
from riskaudit.reident._estimators import dankar, pitman, zayatz
from riskaudit.reident._estimators._pitman import pitman_parameters
from riskaudit.reident._estimators._snb import solve_snb
from riskaudit.reident._individual import benedetti_franconi


@pytest.fixture()
def engine():
    e = connect()
    yield e
    e.close()


def _scan(engine, df, qis, **kw):
    cfg = kw.pop("config", None) or ReidentConfig(drivers={"enabled": False})
    t, _ = engine.from_pandas(df)
    pop = kw.pop("population", None)
    pop_t = engine.from_pandas(pop)[0] if pop is not None else None
    return scan_reident(engine, t, qis, cfg, population=pop_t, **kw)


# -- prosecutor, ARX threshold translation ------------------------------------------------------------
@pytest.mark.parametrize("t,size", [(0.2, 5), (0.1, 10), (0.09, 12), (0.05, 20), (0.33, 4)])
def test_arx_threshold_translation(t, size):
    assert size_threshold(t) == size


def test_prosecutor_names_records_vs_class_weighted(engine):
    # classes of size 1, 1, 2, 5 -> records 9, classes 4
    df = pd.DataFrame({"q": ["a", "b", "c", "c"] + ["d"] * 5})
    r = _scan(engine, df, ["q"])
    assert r.prosecutor.average_records_weighted == pytest.approx(4 / 9)  # El Emam / ARX: J/n
    assert r.prosecutor.average_class_weighted == pytest.approx(
        (1 + 1 + 0.5 + 0.2) / 4
    )  # pycanon average_rir
    assert r.prosecutor.records_at_risk == pytest.approx(4 / 9)  # 1/s > 0.2 for s in {1, 1, 2}; not 1/5
    assert (r.prosecutor.highest, r.prosecutor.lowest) == (1.0, 0.2)


# -- missing values ------------------------------------------------------------------------------------
def test_missing_own_value_vs_wildcard(engine):
    df = pd.DataFrame({"a": ["x", "x", "y", None, "y"], "b": ["1", "1", "2", "2", None]})
    own = _scan(engine, df, ["a", "b"])
    assert (own.k, own.sample_uniques, own.classes) == (1, 3, 4)
    wild = _scan(engine, df, ["a", "b"], config=ReidentConfig(missing="wildcard", drivers={"enabled": False}))
    # (x,1) x2 -> 2 each; (y,2), (NULL,2), (y,NULL) are mutually compatible -> 3 each
    assert wild.record_size_histogram == {"2": 2, "3": 3}
    assert (wild.k, wild.sample_uniques) == (2, 0)
    assert wild.prosecutor.average_records_weighted == pytest.approx((2 / 2 + 3 / 3) / 5)
    assert wild.prosecutor.highest == pytest.approx(1 / 2)


# -- journalist / marketer ----------------------------------------------------------------------------
def test_journalist_marketer_with_population_table(engine):
    df = pd.DataFrame({"a": ["x", "x", "y"]})
    pop = pd.DataFrame({"a": ["x", "y", "z"], "count": [10, 4, 99]})
    r = _scan(engine, df, ["a"], population=pop)
    assert r.journalist.highest == pytest.approx(1 / 4)
    assert r.marketer.average == pytest.approx((2 / 10 + 1 / 4) / 3)
    assert r.journalist.average == pytest.approx(max(2 / 14, (2 / 10 + 1 / 4) / 3))
    assert r.journalist.records_at_risk == pytest.approx(1 / 3)
    assert r.journalist.population_source == "table"


# -- l-diversity, t-closeness, delta-disclosure ---------------------------------------------------------
def test_diversity_closeness_hand_table(engine):
    df = pd.DataFrame({"a": ["x"] * 4 + ["y"] * 4, "s": list("AABCABBB"), "v": [1, 2, 3, 4, 1, 1, 2, 2]})
    r = _scan(engine, df, ["a"], sensitive=["s", "v"])
    ld = r.l_diversity["s"]
    assert ld.distinct_l == 2
    h_x = -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25))
    h_y = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75))
    assert ld.entropy_l == pytest.approx(math.exp(min(h_x, h_y)))
    assert ld.recursive.c_required == pytest.approx(3.0)  # class y: r1=3, r2..=1
    # equal distance: both classes 0.25; delta: max |ln(q/p)| = ln 2
    assert r.t_closeness["s"].distance == "equal"
    assert r.t_closeness["s"].t == pytest.approx(0.25)
    assert r.delta_disclosure["s"].delta == pytest.approx(math.log(2))
    # ordered distance on v (values 1..4, p = .375 .375 .125 .125): both classes 0.5 / 3
    assert r.t_closeness["v"].distance == "ordered"
    assert r.t_closeness["v"].t == pytest.approx(0.5 / 3)


def test_pycanon_students_math_l_is_1(shared_data):
    r = cli(
        "risk",
        str(shared_data / "pycanon/StudentsMath_Score.csv"),
        "--qi",
        "Teacher,Gender,Ethnic,Freeredu,wesson",
        "--sensitive",
        "Score",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["k"] == 1 and out["l_diversity"]["Score"]["distinct_l"] == 1


def test_pycanon_students_math_l_independent_groupby(shared_data):
    path = shared_data / "pycanon/StudentsMath_Score_k5.csv"
    qis = ["Teacher", "Gender", "Ethnic", "Freeredu", "wesson"]
    r = cli("risk", str(path), "--qi", ",".join(qis), "--sensitive", "Score", "--json")
    out = json.loads(r.stdout)
    df = pd.read_csv(path)
    assert out["k"] == 5
    assert out["l_diversity"]["Score"]["distinct_l"] == int(
        df.groupby(qis, dropna=False)["Score"].nunique(dropna=False).min()
    )


# -- individual risk (sdcMicro) ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "fk,Fk,expected", [(2, 360, 0.00542452), (1, 215, 0.02509644), (2, 152, 0.01256342), (1, 186, 0.02824728)]
)
def test_sdcmicro_individual_risk_pairs(fk, Fk, expected):
    assert benedetti_franconi(fk, Fk) == pytest.approx(expected, abs=2e-8)


def test_individual_risk_engine_matches_formula(engine):
    # key a: f=1, F=215; key b: f=2, F=360 (weights 180 each); key c: f=3, F=3 (all sampled -> 1/3)
    df = pd.DataFrame({"q": ["a", "b", "b", "c", "c", "c"], "w": [215.0, 180.0, 180.0, 1.0, 1.0, 1.0]})
    r = _scan(engine, df, ["q"], weight="w")
    exp = [benedetti_franconi(1, 215)] + [benedetti_franconi(2, 360)] * 2 + [1 / 3] * 3
    assert r.individual_risk.expected_reidentifications == pytest.approx(sum(exp))
    assert r.individual_risk.global_risk == pytest.approx(sum(exp) / 6)
    assert r.individual_risk.highest == pytest.approx(1 / 3)


# -- population uniqueness estimators -------------------------------------------------------------------
def test_snb_solver_recovers_parameters():
    K, f, a, b = 5000.0, 0.1, 0.8, 0.3
    d = (1 - f) * (1 - b)
    c1 = K * f * (b / (1 - d)) ** a * (a * d / (1 - d) + 1)
    c2 = K * a * b**a * f * f * (1 - b) / (2 * (1 - d) ** (a + 2)) * (2 - (1 - a) * d)
    assert solve_snb(K, f, c1, c2) == pytest.approx((a, b), rel=1e-6)


def test_pitman_score_equations_vanish_at_estimate():
    from scipy.special import digamma

    from riskaudit.reident._estimators._pitman import _sums

    h = {1: 1898, 2: 68, 3: 5, 4: 1}
    theta, alpha, _ = pitman_parameters(h)
    n, J = sum(s * c for s, c in h.items()), sum(h.values())
    s0, s1, *_ = _sums(theta, alpha, J)
    g_t = s0 - (digamma(n + theta) - digamma(theta + 1))
    g_a = s1 - sum(c * (digamma(j - alpha) - digamma(1 - alpha)) for j, c in h.items() if j >= 2)
    assert abs(g_t) < 1e-5 and abs(g_a) < 1e-3


def test_estimators_trivial_cases():
    assert dankar({2: 10}, 1000).uniques == 0.0 and dankar({2: 10}, 1000).model == "none"
    assert zayatz({1: 10, 2: 5}, 10) is None  # population smaller than the sample
    assert pitman({1: 3}, 100) is None or pitman({1: 3}, 100) >= 0


def _population(seed: int, N: int = 200_000):
    rng = np.random.default_rng(seed)
    cols = [
        rng.zipf(1.6, N) % 60,
        rng.integers(0, 90, N),
        rng.integers(0, 2, N),
        rng.zipf(2.0, N) % 7,
        rng.integers(0, 12, N),
    ]
    key = np.zeros(N, dtype=np.int64)
    for c in cols:
        key = key * 1000 + c
    _, counts = np.unique(key, return_counts=True)
    return rng, key, int((counts == 1).sum())


@pytest.mark.slow
@pytest.mark.parametrize("pi", [0.01, 0.05, 0.1, 0.2, 0.5])
def test_dankar_rule_simulation_within_25_percent(pi):
    """Synthetic population (N=200,000, 5 skewed QIs, ~52k population uniques known exactly); a Bernoulli
    sample at fraction pi; the Dankar-rule estimate must be within 25 % of the truth (measured: 3-15 %)."""
    rng, key, true_uniques = _population(1)
    sample = key[rng.random(len(key)) < pi]
    _, counts = np.unique(sample, return_counts=True)
    sizes, classes = np.unique(counts, return_counts=True)
    hist = {int(s): int(c) for s, c in zip(sizes, classes, strict=True)}
    est = dankar(hist, len(key))
    assert est.model == ("pitman" if pi <= 0.1 else "zayatz") or est.model == "snb"
    assert est.uniques == pytest.approx(true_uniques, rel=0.25)


def test_population_uniqueness_in_result(engine):
    df = pd.DataFrame({"q": [str(i) for i in range(50)] + ["x"] * 50})
    r = _scan(engine, df, ["q"], config=ReidentConfig(sampling_fraction=0.1, drivers={"enabled": False}))
    pu = r.population_uniqueness
    assert pu.population_size == 1000 and pu.sampling_fraction == pytest.approx(0.1)
    assert pu.model in ("pitman", "zayatz") and pu.estimate is not None and 0 <= pu.estimate <= 1


# -- drivers ------------------------------------------------------------------------------------------------
def test_drivers_hand_table(engine):
    df = pd.DataFrame({"a": ["1", "1", "2", "2"], "b": ["x", "x", "x", "y"], "c": ["p", "q", "p", "p"]})
    r = _scan(engine, df, ["a", "b", "c"], config=ReidentConfig(drivers={"max_subset_size": 3}))
    d = r.drivers
    # MSUs: r4 {b}, r2 {c}, r3 {a,b}, r1 {a,c}; SUDA scores (M-k)!: 2, 2, 1, 1 (total 6)
    assert d.msu_count_by_size == {"1": 2, "2": 2, "3": 0}
    assert d.records_with_msu == 4
    assert d.attribute_contributions == pytest.approx({"a": 100 * 2 / 6, "b": 100 * 3 / 6, "c": 100 * 3 / 6})
    sub_a = next(s for s in d.subsets if s.attributes == ["a"])
    assert sub_a.distinction == pytest.approx(0.5) and sub_a.separation == pytest.approx(1 - 2 / 6)


def test_drivers_suggest_generalisation_on_deid_sample(sample_dir):
    r = cli(
        "risk",
        str(sample_dir / "hospital_discharges_deid.csv"),
        "--qi",
        "zip3,birth_year,sex",
        "--drivers",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    sugg = out["drivers"]["suggestions"]
    assert sugg and all(s["k_before"] == out["k"] for s in sugg)
    first = sugg[0]
    assert first["average_risk_after"] <= min(
        s["average_risk_after"] for s in sugg if s["k_after"] == first["k_after"]
    )
    assert any(s["action"].startswith("value -> ") for s in sugg if s["column"] == "birth_year")


# -- per-record output ----------------------------------------------------------------------------------------
def test_per_record_output_has_no_qi_values(sample_dir, tmp_path):
    out = tmp_path / "per_record.csv"
    r = cli(
        "risk",
        str(sample_dir / "hospital_discharges.csv"),
        "--qi",
        "zip5,sex",
        "--per-record",
        str(out),
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["row", "class_size", "risk"] and len(rows) == 20001
    df = pd.read_csv(sample_dir / "hospital_discharges.csv", dtype=str, keep_default_na=False)
    sizes = df.groupby(["zip5", "sex"])["person_id"].transform("size").tolist()
    assert [int(x[1]) for x in rows[1:]] == sizes
    assert [int(x[0]) for x in rows[1:]] == list(range(1, 20001))
    assert all(len(x) == 3 for x in rows)  # row number, class size, risk: nothing else


@pytest.mark.slow
def test_risk_json_is_deterministic(sample_dir):
    args = (
        "risk",
        str(sample_dir / "hospital_discharges_deid.csv"),
        "--qi",
        "zip3,birth_year,sex",
        "--sensitive",
        "primary_diagnosis",
        "--sampling-fraction",
        "0.01",
        "--drivers",
        "--json",
    )
    a, b = cli(*args), cli(*args)
    assert a.exit_code == 0 and a.stdout == b.stdout


@pytest.mark.parametrize("closeness", [False, True])
def test_grouping_in_passes_gives_the_same_result(closeness):
    """engine.group_pass_rows splits the (QIs, value) GROUP BY into hash partitions of the class keys:
    same classes, same histogram, same diversity as one pass (here 7 passes over 3,000 rows)."""
    from riskaudit.config import EngineConfig

    rng = np.random.default_rng(3)
    n = 3000
    df = pd.DataFrame(
        {
            "zip": rng.choice(["021", "100", "945", None], size=n),
            "year": rng.integers(1940, 1990, size=n),
            "sex": rng.choice(["F", "M"], size=n),
            "dx": rng.choice(list("ABCDEFG"), size=n),
            "lab": rng.normal(size=n).round(1),
        }
    )
    cfg = ReidentConfig(
        drivers={"enabled": False},
        sampling_fraction=0.1,
        diversity={"closeness": closeness, "recursive_l": 3},
    )
    results = []
    for rows in (10**9, 450):
        e = connect(EngineConfig(group_pass_rows=rows))
        t, _ = e.from_pandas(df)
        results.append(scan_reident(e, t, ["zip", "year", "sex"], cfg, sensitive=["dx", "lab"]).model_dump())
        e.close()
    one, many = results
    assert one["classes"] > 100 and one["l_diversity"]["dx"]["distinct_l"] == 1
    assert many == one


@pytest.mark.parametrize("closeness", [False, True])
def test_every_sensitive_attribute_goes_through_the_bounded_grouping(monkeypatch, closeness):
    """The (QIs, value) GROUP BY of each sensitive attribute, not only the first, runs through
    Engine.materialize_grouped (which splits it into passes on DuckDB)."""
    from riskaudit.engine import DuckDBEngine

    seen = []
    real = DuckDBEngine.materialize_grouped

    def spy(self, table, keys, build, prefix="tmp"):
        seen.append((tuple(keys), prefix))
        return real(self, table, keys, build, prefix)

    monkeypatch.setattr(DuckDBEngine, "materialize_grouped", spy)
    df = pd.DataFrame({"a": list("xxyyzz"), "s": list("ABABAA"), "v": [1, 2, 3, 1, 2, 2]})
    e = connect()
    t, _ = e.from_pandas(df)
    scan_reident(
        e,
        t,
        ["a"],
        ReidentConfig(drivers={"enabled": False}, diversity={"closeness": closeness}),
        sensitive=["s", "v"],
    )
    e.close()
    assert seen == [(("a",), "values" if closeness else "classes")] * 2
