"""DOMIAS-style density-ratio membership attack (van Breugel, Sun, Qian, van der Schaar, AISTATS 2023).

A record x is scored ``log p_syn(x) - log p_ref(x)``: a generator that overfits puts more synthetic density on
its training records than the real-data distribution (estimated from reference records the generator never saw)
explains. Here both densities are Gaussian kernel estimates on the Gower-type distance (:mod:`._gower`) with
bandwidth ``0.5 / number of columns``, numeric columns scaled by the train range (one categorical mismatch =
two bandwidths), on bounded samples. Members are
train rows, non-members are holdout rows disjoint from the reference rows."""

from __future__ import annotations

import numpy as np

from ._gower import Encoded, Space, kernel_mean
from ._membership import membership_metrics
from ._result import DomiasResult

__all__ = ["domias"]


def _take(e: Encoded, sl: slice) -> Encoded:
    return Encoded(num=e.num[sl], cat=e.cat[sl])


def domias(
    space: Space,
    train: Encoded,
    holdout: Encoded,
    synth: Encoded,
    *,
    n_eval: int,
    n_ref: int,
    seed: int,
    n_bootstrap: int,
    confidence_level: float,
) -> DomiasResult | None:
    """Rows arrive in seeded-hash order, so leading slices are seeded samples. None when the holdout is too small."""
    m = min(n_eval, train.rows, holdout.rows // 2)
    if m < 5:
        return None
    members, non_members = _take(train, slice(0, m)), _take(holdout, slice(0, m))
    reference = _take(holdout, slice(m, m + n_ref))
    syn = _take(synth, slice(0, n_ref))
    h = 0.5 / len(space.columns)
    query = Encoded(
        num=np.vstack([members.num, non_members.num]), cat=np.vstack([members.cat, non_members.cat])
    )
    p_syn = kernel_mean(space, query, syn, h, ranges=space.ranges)
    p_ref = kernel_mean(space, query, reference, h, ranges=space.ranges)
    tiny = 1e-300
    score = np.log(p_syn + tiny) - np.log(p_ref + tiny)
    labels = np.r_[np.ones(m, dtype=bool), np.zeros(m, dtype=bool)]
    metrics = membership_metrics(
        score, labels, seed=seed, n_bootstrap=n_bootstrap, confidence_level=confidence_level
    )
    return DomiasResult(
        kernel="gaussian kernel on the Gower-type distance, p_syn(x) / p_ref(x)",
        bandwidth=h,
        reference_rows=reference.rows,
        synthetic_rows=syn.rows,
        metrics=metrics,
    )
