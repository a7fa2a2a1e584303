"""Population risk from a sample (issue 11): SNB's class count, the Skinner-Shlomo log-linear measures,
journalist/marketer risk from a sampling fraction (never f/pi). Hand-computed small cases."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from riskaudit.reident._estimators._snb import snb_classes
from riskaudit.reident._loglinear import expected_inverse, fit_independence, fit_two_way, model_risk


# -- SNB -------------------------------------------------------------------------------------------------
def test_snb_class_count_hand_computed():
    # histogram {1: 4, 2: 2}, f = 0.5:
    # A = 1*.25*4 + 2*.25*.75*2 = 1.75; B = .5*(1.5-1)*4 + .25*(2.25-1)*2 = 1.625
    # C = .5*4 + .25*2 = 2.5;           D = 1*.5*4 + 2*.5*.5*2 = 3
    # K = 6 + 4 * (1.75/1.625) * (2.5/3)^2 = 8.991453...
    K = snb_classes({1: 4, 2: 2}, 0.5)
    assert K == pytest.approx(6 + 4 * (1.75 / 1.625) * (2.5 / 3) ** 2, rel=1e-12)
    # the old, mis-parenthesised B = sum((1-f)^i c_i (1+f)^i - 1) = (3 - 1) + (1.125 - 1) = 2.125
    old = 6 + 4 * (1.75 / 2.125) * (2.5 / 3) ** 2
    assert abs(K - old) > 0.5


def test_snb_class_count_not_below_observed_classes():
    # every term of B is positive now, so K >= J; the old formula could make B <= 0 for many singleton-heavy histograms
    h = {1: 1000, 2: 50, 3: 5}
    K = snb_classes(h, 0.01)
    assert K is not None and K > sum(h.values())


# -- the Poisson model -------------------------------------------------------------------------------------
def test_closed_form_lambda_2_pi_01():
    # lambda = 2, pi = 0.1: v = 1.8, P(F=1|f=1) = exp(-1.8) = 0.165299, E(1/F|f=1) = (1-exp(-1.8))/1.8 = 0.463723
    v = (1 - 0.1) * 2.0
    assert math.exp(-v) == pytest.approx(0.165299, abs=1e-6)
    assert float(expected_inverse(np.array([1]), np.array([v]))[0]) == pytest.approx(0.463723, abs=1e-6)
    # through the model: a one-QI "model" whose only class has mu = pi * lambda = 0.2
    fit = fit_independence([np.array([0.2])])
    r = model_risk(fit, 0.1, 1000, np.array([1]), np.array([math.log(0.2)]), np.array([1]), 0.2)
    assert r.tau1 == pytest.approx(0.165299, abs=1e-6)
    assert r.tau2 == pytest.approx(0.463723, abs=1e-6)


@pytest.mark.parametrize("f,v", [(2, 0.5), (3, 4.0), (5, 40.0), (2, 300.0)])
def test_expected_inverse_series_against_integral(f, v):
    # E[1/(f+X)], X ~ Poisson(v) = integral_0^1 t^(f-1) exp(-v(1-t)) dt (independent: numerical quadrature)
    from scipy.integrate import quad

    ref, _ = quad(lambda t: t ** (f - 1) * math.exp(-v * (1 - t)), 0, 1, epsabs=1e-13, limit=200)
    assert float(expected_inverse(np.array([f]), np.array([v]))[0]) == pytest.approx(ref, rel=1e-9)


def test_independence_fit_is_product_of_margins():
    m = [np.array([6.0, 4.0]), np.array([3.0, 7.0])]
    fit = fit_independence(m)
    codes = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    assert np.exp(fit.log_mu(codes)) == pytest.approx([6 * 3 / 10, 6 * 7 / 10, 4 * 3 / 10, 4 * 7 / 10])


def test_two_way_ipf_reproduces_pair_tables():
    rng = np.random.default_rng(0)
    x = rng.integers(0, [3, 4, 2], size=(500, 3))
    x[:, 1] = (x[:, 0] + x[:, 1]) % 4  # dependence
    margins = [np.bincount(x[:, q], minlength=c).astype(float) for q, c in enumerate((3, 4, 2))]
    pairs = {}
    for a, b in ((0, 1), (0, 2), (1, 2)):
        ca, cb = (3, 4, 2)[a], (3, 4, 2)[b]
        pairs[(a, b)] = np.bincount(x[:, a] * cb + x[:, b], minlength=ca * cb).reshape(ca, cb).astype(float)
    fit = fit_two_way(margins, pairs)
    assert fit is not None and fit.converged
    grid_codes = np.array(np.meshgrid(range(3), range(4), range(2), indexing="ij")).reshape(3, -1).T
    mu = np.exp(fit.log_mu(grid_codes)).reshape(3, 4, 2)
    assert mu.sum(axis=2) == pytest.approx(pairs[(0, 1)], abs=1e-4)
    assert mu.sum(axis=1) == pytest.approx(pairs[(0, 2)], abs=1e-4)
    assert mu.sum(axis=0) == pytest.approx(pairs[(1, 2)], abs=1e-4)
    # grids above max_cells are not fitted (documented fallback: independence)
    assert fit_two_way(margins, pairs, max_cells=10) is None


def test_hand_computed_measures_two_classes():
    # two cells, one QI with margin (1, 3): classes f = 1 (mu = 1) and f = 3 (mu = 3), pi = 0.5, N = 8
    fit = fit_independence([np.array([1.0, 3.0])])
    r = model_risk(fit, 0.5, 8, np.array([1, 3]), np.log(np.array([1.0, 3.0])), np.array([1, 1]), 0.2)
    v1, v3 = 1.0, 3.0  # v = (1 - pi)/pi * mu
    e1 = (1 - math.exp(-v1)) / v1
    e3 = sum(math.exp(-v3) * v3**x / math.factorial(x) / (3 + x) for x in range(80))
    assert r.tau1 == pytest.approx(math.exp(-1.0))
    assert r.tau2 == pytest.approx(e1)
    assert r.marketer_average == pytest.approx((1 * e1 + 3 * e3) / 4)
    assert r.journalist_highest == pytest.approx(max(e1, e3))
    # no empty cells: population uniques = tau1
    assert r.population_uniques == pytest.approx(math.exp(-1.0))
    # records at risk: classes with E(1/F|f) > 0.2
    assert r.records_at_risk == pytest.approx(((e1 > 0.2) * 1 + (e3 > 0.2) * 3) / 4)


def test_empty_cells_add_v_exp_minus_v():
    # margins (2, 2) x (1, 3): cells mu = 0.5, 1.5, 0.5, 1.5; only cell (0, 0) sampled... as class f = 1
    fit = fit_independence([np.array([2.0, 2.0]), np.array([1.0, 3.0])])
    pi = 0.25
    r = model_risk(fit, pi, 100, np.array([1]), np.array([math.log(0.5)]), np.array([1]), 0.2)
    s = 3.0
    v = [0.5 * s, 1.5 * s, 0.5 * s, 1.5 * s]
    expected = math.exp(-v[0]) + sum(x * math.exp(-x) for x in v[1:])
    assert r.population_uniques == pytest.approx(expected)


def test_binned_convolution_matches_enumeration():
    rng = np.random.default_rng(3)
    m = [rng.integers(1, 50, size=c).astype(float) for c in (30, 40, 25)]
    fit = fit_independence(m)
    f, lm = np.array([1]), np.array([0.0])
    exact = model_risk(fit, 0.05, 10**6, f, lm, np.array([1]), 0.2)
    binned = model_risk(fit, 0.05, 10**6, f, lm, np.array([1]), 0.2, max_cells=100)
    assert binned.population_uniques == pytest.approx(exact.population_uniques, rel=1e-3)


def test_risk_moves_the_right_way_with_pi():
    # the same sample read as drawn at a larger fraction: fewer unseen people, so more uniques among
    # sample uniques, higher journalist and marketer risk
    fit = fit_independence([np.array([5.0, 3.0, 1.0, 1.0])])
    f = np.array([5, 3, 1, 1])
    lm = np.log(np.array([5.0, 3.0, 1.0, 1.0]))
    rs = [model_risk(fit, pi, 10 / pi, f, lm, np.ones(4), 0.2) for pi in (0.01, 0.05, 0.2, 0.5)]
    for lo, hi in itertools.pairwise(rs):
        assert hi.tau1 > lo.tau1 and hi.tau2 > lo.tau2
        assert hi.marketer_average > lo.marketer_average
        assert hi.journalist_highest > lo.journalist_highest


# -- through the scan (engine aggregates) ------------------------------------------------------------------
@pytest.fixture()
def engine():
    from riskaudit.engine import connect

    e = connect()
    yield e
    e.close()


def _scan(engine, df, qis, **cfg):
    from riskaudit.config import ReidentConfig
    from riskaudit.reident import scan_reident

    t, _ = engine.from_pandas(df)
    return scan_reident(engine, t, qis, ReidentConfig(drivers={"enabled": False}, **cfg))


def test_journalist_from_sampling_fraction_uses_the_model_by_hand(engine):
    import pandas as pd
    from scipy.integrate import quad

    # 2x3 table [[4, 2, 2], [2, 2, 1]]: G^2 = 0.33, below df ln(n)/2 = 2 ln(13)/2, so independence
    classes = {("a", "x"): 4, ("a", "y"): 2, ("a", "z"): 2, ("b", "x"): 2, ("b", "y"): 2, ("b", "z"): 1}
    rows = [c for c, f in classes.items() for _ in range(f)]
    df = pd.DataFrame(rows, columns=["s", "t"])
    pi = 0.01
    r = _scan(engine, df, ["s", "t"], sampling_fraction=pi)
    pm = r.population_model
    assert pm.model == "independence" and not pm.fallback
    # by hand: mu = n p_s p_t; v = (1 - pi)/pi mu; E(1/F|f) = integral_0^1 t^(f-1) exp(-v(1-t)) dt
    n = 13
    ps = {"a": 8 / 13, "b": 5 / 13}
    pt = {"x": 6 / 13, "y": 4 / 13, "z": 3 / 13}
    e = {}
    for (s, t), f in classes.items():
        v = (1 - pi) / pi * n * ps[s] * pt[t]
        e[(s, t)] = quad(lambda u, f=f, v=v: u ** (f - 1) * math.exp(-v * (1 - u)), 0, 1, epsabs=1e-14)[0]
    marketer = sum(f * e[c] for c, f in classes.items()) / n
    assert r.marketer.average == pytest.approx(marketer, rel=1e-3)
    assert r.journalist.highest == pytest.approx(max(e.values()), rel=1e-3)
    assert r.journalist.population_source == "model:independence"
    # the old crude F = f / pi gave exactly pi / k = 0.01 here; the model: about 1/(1 + v), v = 99 * 1.15
    assert abs(r.journalist.highest - pi) / pi > 0.05
    tau1 = sum(math.exp(-(1 - pi) / pi * n * ps[s] * pt[t]) for (s, t), f in classes.items() if f == 1)
    assert pm.tau1 == pytest.approx(tau1, rel=1e-3)
    # every cell of the 2x3 grid holds a sample class: population uniques = tau1
    assert pm.population_uniques == pytest.approx(tau1, rel=1e-3)
    assert r.population_uniqueness.model == "loglinear-independence"
    assert r.population_uniqueness.estimate == pytest.approx(tau1 / 1300, rel=1e-3)
    assert r.population_uniqueness.dankar is not None or r.population_uniqueness.dankar_model is not None


def test_scan_risk_rises_with_pi(engine):
    import pandas as pd

    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {
            "a": rng.integers(0, 30, 3000).astype(str),
            "b": rng.integers(0, 4, 3000).astype(str),
            "c": rng.integers(0, 12, 3000).astype(str),
        }
    )
    rs = [_scan(engine, df, ["a", "b", "c"], sampling_fraction=pi) for pi in (0.01, 0.1, 0.5)]
    for lo, hi in itertools.pairwise(rs):
        assert hi.marketer.average > lo.marketer.average
        assert hi.population_model.tau1 > lo.population_model.tau1
        assert hi.journalist.records_at_risk >= lo.journalist.records_at_risk


def test_no_population_information_is_not_measured(engine):
    import pandas as pd

    r = _scan(engine, pd.DataFrame({"a": ["1", "2", "2"], "b": ["x", "y", "y"]}), ["a", "b"])
    assert r.journalist is None and r.marketer is None and r.population_uniqueness is None
    assert r.population_model is None and "sampling_fraction" in r.population_not_measured


def test_population_table_stays_exact(engine):
    import pandas as pd

    from riskaudit.config import ReidentConfig
    from riskaudit.reident import scan_reident

    t, _ = engine.from_pandas(pd.DataFrame({"a": ["1", "1", "2"]}))
    pop, _ = engine.from_pandas(pd.DataFrame({"a": ["1", "2"], "count": [10, 4]}))
    r = scan_reident(engine, t, ["a"], ReidentConfig(drivers={"enabled": False}), population=pop)
    assert r.journalist.population_source == "table" and r.journalist.highest == pytest.approx(1 / 4)
    assert r.marketer.average == pytest.approx((2 / 10 + 1 / 4) / 3)


def test_tree_model_matches_edge_tables_and_its_monte_carlo_sum_the_grid():
    from riskaudit.reident._loglinear import fit_tree

    rng = np.random.default_rng(1)
    a = rng.integers(0, 4, 3000)
    b = (a + rng.integers(0, 2, 3000)) % 5
    c = (b * 2 + rng.integers(0, 3, 3000)) % 6
    x = np.stack([a, b, c], axis=1)
    cards = (4, 5, 6)
    margins = [np.bincount(x[:, q], minlength=k).astype(float) for q, k in enumerate(cards)]
    pairs = {
        (i, j): np.bincount(x[:, i] * cards[j] + x[:, j], minlength=cards[i] * cards[j])
        .reshape(cards[i], cards[j])
        .astype(float)
        for i, j in ((0, 1), (0, 2), (1, 2))
    }
    fit = fit_tree(margins, pairs, [(0, 1), (0, 2), (1, 2)])
    assert sorted(fit.pair) == [(0, 1), (1, 2)]  # the chain a - b - c has the two largest G^2
    grid = np.array(np.meshgrid(*[range(k) for k in cards], indexing="ij")).reshape(3, -1).T
    mu = np.exp(fit.log_mu(grid)).reshape(cards)
    assert mu.sum() == pytest.approx(3000)
    assert mu.sum(axis=2) == pytest.approx(
        pairs[(0, 1)], abs=1e-6
    )  # a decomposable model keeps its edge tables
    assert mu.sum(axis=0) == pytest.approx(pairs[(1, 2)], abs=1e-6)
    f, lm = np.array([1]), np.array([0.0])
    exact = model_risk(fit, 0.05, 60_000, f, lm, np.array([1]), 0.2)
    mc = model_risk(fit, 0.05, 60_000, f, lm, np.array([1]), 0.2, max_cells=10)
    assert mc.population_uniques == pytest.approx(exact.population_uniques, rel=0.02)


@pytest.mark.parametrize(
    "f, v", [(2, 39.5), (2, 38.9), (41, 1e-9), (41, 0.5), (3, 120.0), (500, 7.0), (2, 4000.0)]
)
def test_expected_inverse_both_methods_against_integral(f, v):
    """Either side of the series / Gauss-Laguerre switch (v + f - 1 = 40), against the integral form computed
    independently with scipy.integrate.quad: E[1/(f+X)] = int_0^1 (1-u)^(f-1) e^(-vu) du."""
    from scipy.integrate import quad

    ref = quad(
        lambda u: (1 - u) ** (f - 1) * math.exp(-v * u),
        0,
        1,
        epsabs=0,
        epsrel=1e-13,
        limit=200,
        points=[min(1.0, 1 / (v + f))],
    )[0]
    assert float(expected_inverse(np.array([f]), np.array([v]))[0]) == pytest.approx(ref, rel=1e-10)
