"""Pitman-model population uniques (Hoshino 2001), as in ARX ``ModelPitman``.

Maximum likelihood of the two-parameter Poisson-Dirichlet (Pitman) partition model: 2-D Newton-Raphson
with closed-form digamma/trigamma sums, falling back to a bounded numerical optimisation of the
explicit (iterative-sum) likelihood when Newton leaves the domain or does not converge.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import digamma, gammaln, polygamma

__all__ = ["pitman", "pitman_parameters"]


def _sums(theta: float, alpha: float, J: int) -> tuple[float, float, float, float, float]:
    """S0 = sum_{i=1}^{J-1} 1/(theta+i alpha), S1 = sum i/(..), and the squared versions, in closed form."""
    if alpha <= 1e-12:
        i = np.arange(1, J, dtype=float)
        d = theta + i * alpha
        return (
            float(np.sum(1 / d)),
            float(np.sum(i / d)),
            float(np.sum(1 / d**2)),
            float(np.sum(i / d**2)),
            float(np.sum(i**2 / d**2)),
        )
    x = theta / alpha
    s0 = (digamma(x + J) - digamma(x + 1)) / alpha
    s0sq = (polygamma(1, x + 1) - polygamma(1, x + J)) / alpha**2
    s1 = ((J - 1) - theta * s0) / alpha
    s1sq = (s0 - theta * s0sq) / alpha  # sum i/(d^2) = (1/alpha) sum (d - theta)/d^2
    s2sq = ((J - 1) - 2 * theta * s0 + theta**2 * s0sq) / alpha**2  # sum i^2/d^2
    return float(s0), float(s1), float(s0sq), float(s1sq), float(s2sq)


def _loglik(theta: float, alpha: float, hist: dict[int, int], n: int, J: int) -> float:
    if alpha > 1e-9:
        # sum_{i=1}^{J-1} log(theta + i alpha) = (J-1) log alpha + lnG(theta/alpha + J) - lnG(theta/alpha + 1)
        x = theta / alpha
        ll = (J - 1) * math.log(alpha) + float(gammaln(x + J) - gammaln(x + 1))
    else:
        i = np.arange(1, J, dtype=float)
        ll = float(np.sum(np.log(theta + i * alpha)))
    ll -= float(gammaln(theta + n) - gammaln(theta + 1))
    js, cs = _arrays(hist)
    ll += float(np.sum(cs * (gammaln(js - alpha) - gammaln(1 - alpha))))
    return ll


def _arrays(hist: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Sizes >= 2 and their class counts, as arrays (cached per histogram object)."""
    key = id(hist)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is hist:
        return hit[1], hit[2]
    js = np.array([j for j in hist if j >= 2], dtype=float)
    cs = np.array([hist[j] for j in hist if j >= 2], dtype=float)
    _CACHE.clear()
    _CACHE[key] = (hist, js, cs)
    return js, cs


_CACHE: dict[int, tuple[dict[int, int], np.ndarray, np.ndarray]] = {}


def pitman_parameters(histogram: dict[int, int]) -> tuple[float, float, str] | None:
    """(theta, alpha, solver) maximising the Pitman likelihood, or None."""
    n = sum(s * c for s, c in histogram.items())
    J = sum(histogram.values())
    c1 = histogram.get(1, 0)
    c2 = histogram.get(2, 0) or 1
    if J < 2 or n < 2:
        return None
    # ARX start values
    c = c1 * (c1 - 1) / c2
    denom = 2 * c1 * J + c1 * c - n * c
    theta = (n * J * c - c1 * (n - 1) * (2 * J + c)) / denom if denom != 0 else 1.0
    if not math.isfinite(theta) or theta < 0:
        theta = 1.0
    alpha = (theta * (c1 - n) + (n - 1) * c1) / (n * J)
    if not (0 < alpha < 1):
        alpha = 0.5
    for _ in range(60):
        s0, s1, s0sq, s1sq, s2sq = _sums(theta, alpha, J)
        g_t = s0 - (digamma(n + theta) - digamma(theta + 1))
        js, cs = _arrays(histogram)
        g_a = s1 - float(np.sum(cs * (digamma(js - alpha) - digamma(1 - alpha))))
        h_tt = -s0sq + (polygamma(1, n + theta) - polygamma(1, theta + 1))
        h_ta = -s1sq
        h_aa = -s2sq - float(np.sum(cs * (polygamma(1, js - alpha) - polygamma(1, 1 - alpha))))
        det = h_tt * h_aa - h_ta * h_ta
        if not math.isfinite(det) or det == 0:
            break
        d_t = (h_aa * g_t - h_ta * g_a) / det
        d_a = (h_tt * g_a - h_ta * g_t) / det
        # damped step: halve until inside the domain (theta >= 0, 0 < alpha < 1) and not worse
        ll0 = _loglik(theta, alpha, histogram, n, J)
        step = 1.0
        for _h in range(30):
            new_t, new_a = theta - step * d_t, alpha - step * d_a
            if math.isfinite(new_t) and math.isfinite(new_a) and new_t >= 0 and 0 < new_a < 1:
                ll1 = _loglik(new_t, new_a, histogram, n, J)
                if math.isfinite(ll1) and ll1 >= ll0 - 1e-9 * abs(ll0):
                    break
            step /= 2
        else:
            break
        theta, alpha = float(new_t), float(new_a)
        if abs(step * d_t) < 1e-9 * max(1.0, abs(theta)) and abs(step * d_a) < 1e-11:
            return theta, alpha, "newton-polygamma"

    # fallback (the likelihood is often very flat and its Hessian indefinite away from the optimum):
    # Nelder-Mead on the explicit likelihood in unconstrained coordinates, from Newton's last point.
    def neg(x: np.ndarray) -> float:
        t, a = math.exp(float(x[0])), 1 / (1 + math.exp(-float(x[1])))
        v = _loglik(t, a, histogram, n, J)
        return -v if math.isfinite(v) else 1e300

    # imported here: the fallback is rare, and scipy.optimize costs 0.3 s to import
    from scipy.optimize import minimize

    x0 = np.array([math.log(max(theta, 1e-6)), math.log(alpha / (1 - alpha))])
    res = minimize(
        neg,
        x0=x0,
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000, "maxfev": 40000},
    )
    if not math.isfinite(res.fun) or res.fun >= 1e300:
        return None
    return math.exp(float(res.x[0])), 1 / (1 + math.exp(-float(res.x[1]))), "iterative"


def pitman(histogram: dict[int, int], population_size: int) -> float | None:
    """Estimated population uniques exp(lnG(theta+1) - lnG(theta+alpha)) * N^alpha; None outside [0, N]."""
    if histogram.get(1, 0) == 0:
        return 0.0
    params = pitman_parameters(histogram)
    if params is None:
        return None
    theta, alpha, _ = params
    N = float(population_size)
    est = math.exp(gammaln(theta + 1) - gammaln(theta + alpha) + alpha * math.log(N))
    return est if math.isfinite(est) and 0 <= est <= N else None
