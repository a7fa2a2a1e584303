"""Exact binomial tails (scipy.stats.binom) and the detection threshold."""

from __future__ import annotations

__all__ = ["upper_tail", "threshold"]


def upper_tail(successes: int, trials: int, p: float = 0.5) -> float:
    """P(Bin(trials, p) >= successes), exact up to float rounding (``sf`` sums the far tail, not 1 - cdf)."""
    from scipy.stats import binom

    if successes <= 0:
        return 1.0
    if successes > trials:
        return 0.0
    return float(binom.sf(successes - 1, trials, p))


def threshold(trials: int, alpha: float, p: float = 0.5) -> int | None:
    """The least tau with P(Bin(trials, p) >= tau) < alpha (None when even all trials do not reach it)."""
    if trials <= 0 or upper_tail(trials, trials, p) >= alpha:
        return None
    lo, hi = 0, trials  # tail(hi) < alpha, tail(0) = 1 >= alpha
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if upper_tail(mid, trials, p) < alpha:
            hi = mid
        else:
            lo = mid
    return hi
