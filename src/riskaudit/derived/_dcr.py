"""DCR / identical match share / DCR share / overfitting protection / NNDR on encoded tables.

Definitions (named after the peers that document them):
- DCR: Gower-type distance (:mod:`._gower`) of each synthetic row to its closest train row and closest holdout row.
- ``closer_to_train``: strict ``dcr_train < dcr_holdout`` share, as SDMetrics ``DCROverfittingProtection``
  (``synthetic_data_percentages.closer_to_training``); ``overfitting_protection = min(2 (1 - closer_to_train), 1)``
  is that metric's score.
- ``dcr_share``: mostlyai-qa's DCR share, ``P(dcr_train < dcr_holdout) + P(tie) / 2``.
- ``ims_*``: mostlyai-qa identical match share, DCR at most 1e-6 (here: exactly 0 up to float rounding).
- ``nndr_*``: mostlyai-qa NNDR, the 10th smallest ``(d1 + 1e-8) / (d2 + 1e-8)``."""

from __future__ import annotations

import numpy as np

from ._gower import MAX_CELLS, Encoded, Space, nearest_two
from ._result import DcrResult, DistanceSummary

__all__ = ["dcr_metrics", "wilson_interval"]

_ZERO = 1e-12


def wilson_interval(k: float, n: int, confidence: float) -> tuple[float, float]:
    from scipy.stats import norm

    if n == 0:
        return (0.0, 1.0)
    z = float(norm.ppf((1 + confidence) / 2))
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z / den * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (float(max(0.0, mid - half)), float(min(1.0, mid + half)))


def _summary(d: np.ndarray) -> DistanceSummary:
    return DistanceSummary(mean=float(d.mean()), median=float(np.median(d)), p05=float(np.quantile(d, 0.05)))


def _nndr(d1: np.ndarray, d2: np.ndarray) -> float | None:
    r = (d1 + 1e-8) / (d2 + 1e-8)
    r = r[np.isfinite(r)]
    return float(np.sort(r)[9]) if len(r) >= 10 else None


def dcr_metrics(
    space: Space,
    train: Encoded,
    holdout: Encoded,
    synth: Encoded,
    *,
    rows: dict[str, int],
    equalised: bool,
    search: str,
    search_note: str | None,
    confidence_level: float = 0.95,
    max_cells: int = MAX_CELLS,
) -> tuple[DcrResult, np.ndarray, np.ndarray]:
    t1, t2 = nearest_two(space, synth, train, max_cells)
    h1, h2 = nearest_two(space, synth, holdout, max_cells)
    n = synth.rows
    closer = int((t1 < h1).sum())
    ties = int((t1 == h1).sum())
    share = (closer + ties / 2) / n
    res = DcrResult(
        columns=space.columns,
        numeric_columns=space.numeric,
        categorical_columns=space.categorical,
        rows=rows,
        equalised=equalised,
        search=search,
        search_note=search_note,
        dcr_train=_summary(t1),
        dcr_holdout=_summary(h1),
        ims_train=float((t1 <= _ZERO).mean()),
        ims_holdout=float((h1 <= _ZERO).mean()),
        closer_to_train=closer / n,
        ties=ties / n,
        dcr_share=share,
        dcr_share_ci=wilson_interval(closer + ties / 2, n, confidence_level),
        overfitting_protection=min(2 * (1 - closer / n), 1.0),
        nndr_train=_nndr(t1, t2),
        nndr_holdout=_nndr(h1, h2),
        confidence_level=confidence_level,
    )
    return res, t1, h1
