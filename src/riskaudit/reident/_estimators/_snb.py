"""Slide-negative-binomial (SNB) population uniques (Chen & Keller-McNulty 1998), as in ARX ``ModelSNB``.

The pitfall noted in the reference: ARX's current ``ModelSNB`` object function *multiplies* the c2
equation by (1-d)^(alpha+2) while its hand-written derivatives (and ARX's older ``AlgorithmNewtonSNB``,
and the model itself: E[c2] carries the same 1/(1-d) factors as E[c1] = K f (beta/(1-d))^alpha ...)
*divide* by it. We use the division, i.e.

    c1 = K f (beta/(1-d))^alpha (alpha d/(1-d) + 1)
    c2 = K alpha beta^alpha f^2 (1-beta) / (2 (1-d)^(alpha+2)) (2 - (1-alpha) d),   d = (1-f)(1-beta)

and solve the two equations with a numerical least-squares solver (finite-difference Jacobian), so no
hand-written derivative can disagree with the equations.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["snb", "snb_classes", "solve_snb"]


def snb_classes(histogram: dict[int, int], f: float) -> float | None:
    """Estimated number of population classes K = J + c1 (A/B) (C/D)^2 (Chen & Keller-McNulty 1998), with

        A = sum_i i f^2 (1-f^2)^(i-1) c_i     B = sum_i (1-f)^i ((1+f)^i - 1) c_i
        C = sum_i (1-f)^i c_i                 D = sum_i i f (1-f)^(i-1) c_i

    B sums (1-f)^i ((1+f)^i - 1) c_i over the histogram. ARX (and riskaudit before issue 11) wrote
    ``(1-f)^i c_i (1+f)^i - 1``, subtracting 1 per histogram entry, which made K 2-17x too small.
    """
    J = sum(histogram.values())
    c1 = histogram.get(1, 0)
    A = sum(i * f * f * (1 - f * f) ** (i - 1) * ci for i, ci in histogram.items())
    B = sum((1 - f) ** i * ((1 + f) ** i - 1) * ci for i, ci in histogram.items())
    C = sum((1 - f) ** i * ci for i, ci in histogram.items())
    D = sum(i * f * (1 - f) ** (i - 1) * ci for i, ci in histogram.items())
    if B <= 0 or D <= 0:
        return None
    K = J + c1 * (A / B) * (C / D) ** 2
    return K if math.isfinite(K) and K > 0 else None


def snb(histogram: dict[int, int], sampling_fraction: float) -> float | None:
    """Estimated population uniques K * beta^alpha, or None when the model has no valid solution."""
    f = float(sampling_fraction)
    c1, c2 = histogram.get(1, 0), histogram.get(2, 0)
    if c1 == 0:
        return 0.0
    if c2 == 0 or not (0 < f < 1):
        return None
    K = snb_classes(histogram, f)
    if K is None:
        return None

    sol = solve_snb(K, f, c1, c2)
    if sol is None:
        return None
    alpha, beta = sol
    est = K * beta**alpha
    return est if math.isfinite(est) and est >= 0 else None


def solve_snb(K: float, f: float, c1: float, c2: float) -> tuple[float, float] | None:
    """(alpha, beta) solving the two SNB moment equations for given K, f, c1, c2; None if no solution."""

    def eqs(x: np.ndarray) -> np.ndarray:
        try:
            return _eqs(x)
        except (ZeroDivisionError, OverflowError, ValueError):
            return np.array([1e6, 1e6])

    def _eqs(x: np.ndarray) -> np.ndarray:
        alpha = math.exp(x[0])
        beta = 1 / (1 + math.exp(-x[1]))
        d = (1 - f) * (1 - beta)
        e1 = K * f * (beta / (1 - d)) ** alpha * (alpha * d / (1 - d) + 1) - c1
        e2 = (
            K
            * alpha
            * beta**alpha
            * f
            * f
            * (1 - beta)
            / (2 * (1 - d) ** (alpha + 2))
            * (2 - (1 - alpha) * d)
            - c2
        )
        out = np.array([e1 / c1, e2 / c2])
        return out if np.all(np.isfinite(out)) else np.array([1e6, 1e6])

    from scipy.optimize import least_squares  # here: importing scipy.optimize costs 0.3 s of every audit

    best = None
    for a0 in (0.1, 1.0, 5.0):
        for b0 in (0.01, 0.5, 0.99):
            x0 = np.array([math.log(a0), math.log(b0 / (1 - b0))])
            try:
                res = least_squares(eqs, x0, method="lm", xtol=1e-12, ftol=1e-12, max_nfev=2000)
            except (ValueError, OverflowError, FloatingPointError):
                continue
            if best is None or res.cost < best.cost:
                best = res
    if best is None or best.cost > 1e-8:
        return None
    return math.exp(best.x[0]), 1 / (1 + math.exp(-best.x[1]))
