"""Zayatz (1991) population-uniques estimator, as in ARX ``ModelZayatz``."""

from __future__ import annotations

import math

__all__ = ["zayatz"]


def zayatz(histogram: dict[int, int], population_size: int) -> float | None:
    """Estimated population uniques: c1 * P(F=1 | f=1) / pi.

    P(F=1|f=1) = [(c1/J) H(1; N, 1, n)] / sum_i (c_i/J) H(1; N, i, n), where H(1; N, K, n) is the
    hypergeometric probability of exactly one success in n draws from N with K successes (the sample
    class size i stands in for the population class size, as in ARX).
    """
    n = sum(s * c for s, c in histogram.items())
    J = sum(histogram.values())
    c1 = histogram.get(1, 0)
    N = int(population_size)
    if c1 == 0 or J == 0:
        return 0.0
    if N < n:
        return None
    # imported here: scipy.stats costs 0.4 s to import, and most audits never get here
    from scipy.stats import hypergeom

    pi = n / N
    denom = 0.0
    for i, ci in histogram.items():
        if i > N:
            continue
        denom += (ci / J) * float(hypergeom.pmf(1, N, i, n))
    num = (c1 / J) * float(hypergeom.pmf(1, N, 1, n))
    if denom <= 0 or not math.isfinite(denom):
        return None
    p = num / denom
    est = c1 * p / pi
    return est if math.isfinite(est) and 0 <= est <= N else None
