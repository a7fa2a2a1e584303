"""Choosing the log-linear model for population risk (the rule is validated by
``benchmarks/sim_population_risk.py``; the measured table is in docs/reident.md).

Rule ("loglinear-aic"):

1. One QI only: the log-linear model is saturated (mu = f) and says nothing beyond the sample:
   ``fallback``; journalist and marketer from that model, population uniqueness from the Dankar rule.
2. Keep the two-way interactions that pass AIC (G^2 > 2 df, ``selected_pairs``). None: ``independence``.
3. Some, and the grid has at most ``max_cells`` cells: those interactions by IPF (``selected-pairs``).
4. Some, and the grid is larger: a Chow-Liu forest over them (``tree``: the maximum-G^2 spanning forest,
   closed form, no grid; the empty-cell sum by seeded Monte Carlo).

All-two-way (every pair by IPF) is fitted by the simulation only (the scan skips it: an IPF over the
full grid for every pair costs more than the rest of the risk step) and never chosen: it over-fits samples
(estimates 0.04x-0.9x of the truth in the simulation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._loglinear import (
    LogLinearFit,
    ModelRisk,
    fit_independence,
    fit_tree,
    fit_two_way,
    model_risk,
    selected_pairs,
)

__all__ = ["Selection", "fit_candidates", "select_model"]


@dataclass(frozen=True)
class Selection:
    model: str  # independence | selected-pairs
    reason: str
    fit: LogLinearFit
    pairs: list[tuple[int, int]]
    fallback: bool  # True: dependence found but the grid is too large to fit it
    risk: ModelRisk
    alternatives: dict[str, ModelRisk]


def fit_candidates(margins, pairs, *, max_cells: int = 20_000_000, all_two_way: bool = False):
    """(selected fit, kept pairs, fallback, reason, {name: fit} of the reported alternatives)."""
    indep = fit_independence(margins)
    fits: dict[str, LogLinearFit] = {"independence": indep}
    kept = selected_pairs(margins, pairs) if len(margins) > 1 else []
    cells = indep.cells()
    fallback = False
    if len(margins) == 1:
        chosen, fallback = indep, True
        reason = "one quasi-identifier: the log-linear model is saturated (mu = f) and says nothing beyond the sample"
    elif not kept:
        chosen, reason = indep, "no two-way table departs from independence by AIC (G^2 > 2 df)"
    elif cells <= max_cells:
        chosen = fit_two_way(margins, pairs, max_cells=max_cells, use=kept, name="selected-pairs")
        fits["selected-pairs"] = chosen
        reason = f"{len(kept)} two-way interaction(s) pass AIC (G^2 > 2 df), fitted by IPF on the {cells:.0f}-cell grid"
    else:
        chosen = fit_tree(margins, pairs, kept)
        fits["tree"] = chosen
        reason = (
            f"{len(kept)} two-way interaction(s) pass AIC (G^2 > 2 df) but the {cells:.0f}-cell grid exceeds "
            f"{max_cells}: Chow-Liu forest of {len(chosen.pair)} of them (closed form)"
        )
    if all_two_way and len(margins) > 1 and cells <= max_cells:
        tw = fit_two_way(margins, pairs, max_cells=max_cells)
        if tw is not None:
            fits["two-way"] = tw
    return chosen, kept, fallback, reason, fits


def select_model(margins, pairs, class_codes, f, pi, N, threshold, *, max_cells=20_000_000) -> Selection:
    """The rule on numpy aggregates (the simulation's entry point; the scan uses the same pieces)."""
    chosen, kept, fallback, reason, fits = fit_candidates(
        margins, pairs, max_cells=max_cells, all_two_way=True
    )
    w = np.ones_like(f)
    risks = {
        k: model_risk(v, pi, N, f, v.log_mu(class_codes), w, threshold, max_cells=max_cells)
        for k, v in fits.items()
    }
    return Selection(chosen.model, reason, chosen, kept, fallback, risks[chosen.model], risks)
