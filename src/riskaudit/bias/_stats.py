"""Small statistics shared by the bias modules: safe floats, percentile intervals, 2x2 tests, Holm.

Everything works on counts (never rows). Bootstrap intervals resample counts: a group's positives are
Binomial(n, p_hat) with n fixed (a stratified bootstrap), which equals resampling its rows.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
from scipy import stats

from ._result import Interval

__all__ = ["fl", "interval", "rng_for", "rate_test_2x2", "holm", "chi2_independence", "safe_div"]


def fl(x: float | None, digits: int = 6) -> float | None:
    """A JSON-safe float: rounded, None for NaN/inf/None."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, digits) + 0.0  # + 0.0 turns -0.0 into 0.0


def safe_div(a: float, b: float) -> float | None:
    return None if b == 0 else a / b


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator seeded by the config seed and stable keys (attribute, outcome): same draws on every run."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode("utf-8")) for k in keys)])


def interval(samples: np.ndarray | None, alpha: float) -> Interval | None:
    """Percentile interval of bootstrap samples (NaN draws ignored; None when most draws are undefined)."""
    if samples is None or len(samples) == 0:
        return None
    s = np.asarray(samples, dtype=float)
    finite = s[np.isfinite(s)]
    if len(finite) < max(1, len(s) // 2):
        return None
    lo, hi = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
    return Interval(low=fl(lo), high=fl(hi))


def rate_test_2x2(pos_a: int, n_a: int, pos_b: int, n_b: int) -> tuple[float | None, str | None]:
    """Rate of a vs rate of b: Fisher exact when an expected cell is below 5, else chi-square with Yates."""
    if n_a == 0 or n_b == 0:
        return None, None
    table = np.array([[pos_a, n_a - pos_a], [pos_b, n_b - pos_b]], dtype=float)
    rows, cols = table.sum(1), table.sum(0)
    if (cols == 0).any():
        return 1.0, "fisher"
    expected = np.outer(rows, cols) / table.sum()
    if (expected < 5).any():
        return fl(stats.fisher_exact(table.astype(int))[1], 12), "fisher"
    return fl(stats.chi2_contingency(table, correction=True)[1], 12), "chi2"


def chi2_independence(table: np.ndarray) -> float | None:
    """p-value of a chi-square test of independence; None when the table is degenerate."""
    t = np.asarray(table, dtype=float)
    t = t[t.sum(1) > 0][:, t.sum(0) > 0] if t.size else t
    if t.ndim != 2 or t.shape[0] < 2 or t.shape[1] < 2:
        return None
    return fl(stats.chi2_contingency(t, correction=False)[1], 12)


def holm(pvalues: list[float | None]) -> list[float | None]:
    """Holm step-down adjusted p-values (None stays None)."""
    idx = [i for i, p in enumerate(pvalues) if p is not None]
    m = len(idx)
    out: list[float | None] = [None] * len(pvalues)
    running = 0.0
    for rank, i in enumerate(sorted(idx, key=lambda i: pvalues[i])):  # type: ignore[arg-type,return-value]
        adj = min(1.0, (m - rank) * float(pvalues[i]))  # type: ignore[arg-type]
        running = max(running, adj)
        out[i] = fl(running, 12)
    return out
