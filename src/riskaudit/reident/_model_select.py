"""Choosing the log-linear model for population risk (the rule is validated by
``benchmarks/sim_population_risk.py``; the measured table is in docs/reident.md).

Rule ("loglinear-g2"):

1. One QI only (the model is saturated), or a grid of more than ``max_cells`` cells (two-way
   interactions cannot be fitted; the G^2 test also misses interactions of sparse high-cardinality pairs):
   ``fallback``: journalist and marketer from the independence model, population uniqueness from the
   Dankar rule (the independence model over-estimated it 2-3x on the heavy-tailed population).
2. Otherwise keep the two-way interactions whose table departs from independence by
   G^2 > df ln(n) / 2 (``selected_pairs``); none kept: the independence model (closed form); else those
   interactions by IPF (model ``selected-pairs``).

All-two-way (every pair by IPF) is reported as an alternative but never chosen: it over-fits samples
(estimates 0.04x-0.9x of the truth in the simulation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._loglinear import LogLinearFit, ModelRisk, fit_independence, fit_two_way, model_risk, selected_pairs

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


def fit_candidates(margins, pairs, *, max_cells: int = 20_000_000):
    """(selected fit, kept pairs, fallback, reason, {name: fit} of the reported alternatives)."""
    indep = fit_independence(margins)
    fits: dict[str, LogLinearFit] = {"independence": indep}
    kept = selected_pairs(margins, pairs) if len(margins) > 1 else []
    cells = indep.cells()
    fallback = False
    if len(margins) == 1:
        chosen, fallback = indep, True
        reason = "one quasi-identifier: the log-linear model is saturated (mu = f) and says nothing beyond the sample"
    elif cells > max_cells:
        chosen, fallback = indep, True
        reason = (f"the {cells:.0f}-cell grid exceeds {max_cells} cells, so two-way interactions cannot be fitted "
                  f"({len(kept)} pass the G^2 test, which misses sparse ones): independence model, which over-estimates "
                  "when QIs are dependent")
    elif not kept:
        chosen, reason = indep, "no two-way table departs from independence (G^2 > df ln(n) / 2)"
    else:
        sel = fit_two_way(margins, pairs, max_cells=max_cells, use=kept, name="selected-pairs")
        fits["selected-pairs"] = sel
        chosen = sel
        reason = f"{len(kept)} two-way interaction(s) with G^2 > df ln(n) / 2, fitted by IPF on the {cells:.0f}-cell grid"
    if len(margins) > 1 and cells <= max_cells:
        tw = fit_two_way(margins, pairs, max_cells=max_cells)
        if tw is not None:
            fits["two-way"] = tw
    return chosen, kept, fallback, reason, fits


def select_model(margins, pairs, class_codes, f, pi, N, threshold, *, max_cells=20_000_000) -> Selection:
    """The rule on numpy aggregates (the simulation's entry point; the scan uses the same pieces)."""
    chosen, kept, fallback, reason, fits = fit_candidates(margins, pairs, max_cells=max_cells)
    w = np.ones_like(f)
    risks = {k: model_risk(v, pi, N, f, v.log_mu(class_codes), w, threshold, max_cells=max_cells)
             for k, v in fits.items()}
    return Selection(chosen.model, reason, chosen, kept, fallback, risks[chosen.model], risks)
