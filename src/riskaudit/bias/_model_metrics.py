"""Model metrics by group from engine confusion counts: selection rate, TPR, FPR, FNR, equalized odds, calibration.

The engine returns, per group, the confusion counts (tp, fp, fn, tn) of the decision against the label over
all rows, so the point estimates are exact (what fairlearn's MetricFrame gives on the full frame; a test
cross-checks). Intervals: the four cells of each group are resampled Multinomial(n, cell shares), seeded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import BiasConfig
from ._outcomes import group_flags
from ._result import CalibrationBin, GroupCalibration, GroupModelMetrics, ModelMetrics
from ._stats import fl, interval, rng_for, safe_div

__all__ = ["model_metrics", "calibration_by_group"]


def _rates(tp, fp, fn, tn):
    with np.errstate(divide="ignore", invalid="ignore"):
        tpr = np.where(tp + fn > 0, tp / np.maximum(tp + fn, 1), np.nan)
        fpr = np.where(fp + tn > 0, fp / np.maximum(fp + tn, 1), np.nan)
    return tpr, fpr


def _spread(x: np.ndarray, axis: int = 0) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.nanmax(x, axis=axis) - np.nanmin(x, axis=axis)


def model_metrics(
    counts: pd.DataFrame,
    group_sizes: dict[str, int],
    rows: int,
    config: BiasConfig,
    *,
    prediction: str,
    key: str,
) -> ModelMetrics:
    """``counts``: group, tp, fp, fn, tn (rows with label and decision), pred_n, pred_pos (rows with a decision)."""
    c = counts.assign(_n=[group_sizes.get(str(g), 0) for g in counts["group"]])
    c = c.sort_values(["_n", "group"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    groups = [str(g) for g in c["group"]]
    tp, fp, fn, tn = (c[k].to_numpy(dtype=np.int64) for k in ("tp", "fp", "fn", "tn"))
    pn, pp = c["pred_n"].to_numpy(dtype=np.int64), c["pred_pos"].to_numpy(dtype=np.int64)
    nconf = tp + fp + fn + tn
    elig = np.array(
        [group_flags(g, int(k), rows, config)[2] for g, k in zip(groups, c["_n"], strict=True)]
    ) & (pn > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        sel = np.where(pn > 0, pp / np.maximum(pn, 1), np.nan)
    tpr, fpr = _rates(tp, fp, fn, tn)
    fnr = 1 - tpr
    ref = int(np.flatnonzero(elig)[np.nanargmax(sel[elig])]) if elig.any() else None

    alpha, B = config.alpha, config.n_boot
    bs = btpr = bfpr = None
    if B > 0:
        rng = rng_for(config.seed, key, "model")
        bs = np.full((len(groups), B), np.nan)
        btpr = np.full((len(groups), B), np.nan)
        bfpr = np.full((len(groups), B), np.nan)
        for i in range(len(groups)):
            if pn[i] > 0:
                bs[i] = rng.binomial(pn[i], sel[i], size=B) / pn[i]
            if nconf[i] > 0:
                cells = rng.multinomial(nconf[i], np.array([tp[i], fp[i], fn[i], tn[i]]) / nconf[i], size=B)
                btpr[i], bfpr[i] = _rates(cells[:, 0], cells[:, 1], cells[:, 2], cells[:, 3])

    out: list[GroupModelMetrics] = []
    for i, g in enumerate(groups):
        ir = safe_div(sel[i], sel[ref]) if ref is not None and pn[i] > 0 else None
        irb = None
        if bs is not None and ref is not None and i != ref:
            with np.errstate(divide="ignore", invalid="ignore"):
                irb = bs[i] / bs[ref]
        out.append(
            GroupModelMetrics(
                group=g,
                n=int(nconf[i]),
                eligible=bool(elig[i]),
                selection_rate=fl(sel[i]),
                selection_rate_ci=interval(bs[i], alpha) if bs is not None else None,
                impact_ratio=fl(ir),
                impact_ratio_ci=interval(irb, alpha),
                tpr=fl(tpr[i]),
                tpr_ci=interval(btpr[i], alpha) if btpr is not None else None,
                fpr=fl(fpr[i]),
                fpr_ci=interval(bfpr[i], alpha) if bfpr is not None else None,
                fnr=fl(fnr[i]),
                fnr_ci=interval(1 - btpr[i], alpha) if btpr is not None else None,
            )
        )
    mm = ModelMetrics(
        prediction=prediction, groups=out, reference_group=groups[ref] if ref is not None else None
    )
    el = np.flatnonzero(elig)
    if len(el) >= 1 and ref is not None:
        ratios = [(out[i].impact_ratio, groups[i]) for i in el if out[i].impact_ratio is not None]
        if ratios:
            mm.min_impact_ratio, mm.min_impact_ratio_group = min(ratios)
    if len(el) >= 2:
        mm.demographic_parity_difference = fl(_spread(sel[el]))
        mm.demographic_parity_ratio = fl(safe_div(np.nanmin(sel[el]), np.nanmax(sel[el])))
        eo_tpr, eo_fpr = _spread(tpr[el]), _spread(fpr[el])
        mm.equal_opportunity_difference = fl(eo_tpr)
        mm.equalized_odds_difference = fl(np.nanmax([eo_tpr, eo_fpr]))
        if bs is not None:
            mm.demographic_parity_difference_ci = interval(_spread(bs[el]), alpha)
            with np.errstate(divide="ignore", invalid="ignore"):
                mm.demographic_parity_ratio_ci = interval(np.nanmin(bs[el], 0) / np.nanmax(bs[el], 0), alpha)
            st, sf = _spread(btpr[el]), _spread(bfpr[el])
            mm.equal_opportunity_difference_ci = interval(st, alpha)
            mm.equalized_odds_difference_ci = interval(np.fmax(st, sf), alpha)
    return mm


def calibration_by_group(bins: pd.DataFrame, order: list[str]) -> list[GroupCalibration]:
    """``bins``: group, bin, n, score_sum, positives (rows with label and score). ECE per group."""
    out = []
    for g in order:
        b = bins[bins["group"] == g].sort_values("bin")
        n = int(b["n"].sum())
        if n == 0:
            continue
        ece = float((b["n"] / n * (b["score_sum"] / b["n"] - b["positives"] / b["n"]).abs()).sum())
        out.append(
            GroupCalibration(
                group=g,
                n=n,
                mean_score=fl(b["score_sum"].sum() / n),
                base_rate=fl(b["positives"].sum() / n),
                ece=fl(ece),
                bins=[
                    CalibrationBin(
                        bin=int(r.bin),
                        n=int(r.n),
                        mean_score=fl(r.score_sum / r.n),
                        positive_rate=fl(r.positives / r.n),
                    )
                    for r in b.itertuples(index=False)
                ],
            )
        )
    return out
