"""The decision rule of Dankar et al. 2012 (BMC Med Inform Decis Mak 12:66), as in ARX."""

from __future__ import annotations

from dataclasses import dataclass

from ._pitman import pitman
from ._snb import snb
from ._zayatz import zayatz

__all__ = ["DankarEstimate", "dankar"]


@dataclass(frozen=True)
class DankarEstimate:
    uniques: float | None
    model: str  # the estimator the rule chose: none | pitman | zayatz | snb
    pitman: float | None
    zayatz: float | None
    snb: float | None


def dankar(histogram: dict[int, int], population_size: int) -> DankarEstimate:
    """c1 = 0 -> 0; pi <= 0.1 -> Pitman (Zayatz if Pitman is invalid or 0); else min(Zayatz, SNB), Zayatz if SNB invalid."""
    n = sum(s * c for s, c in histogram.items())
    pi = n / population_size
    if histogram.get(1, 0) == 0:
        return DankarEstimate(0.0, "none", 0.0, 0.0, 0.0)
    z = zayatz(histogram, population_size)
    p = pitman(histogram, population_size)
    s = snb(histogram, pi) if pi < 1 else None
    if pi <= 0.1:
        if p is not None and p > 0:
            return DankarEstimate(p, "pitman", p, z, s)
        return DankarEstimate(z, "zayatz", p, z, s)
    if s is not None and z is not None and s < z:
        return DankarEstimate(s, "snb", p, z, s)
    return DankarEstimate(z, "zayatz", p, z, s)
