"""Membership-inference attack quality from scores: AUC, TPR at low FPR (Carlini et al. 2022), bootstrap intervals."""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

from ._result import MembershipMetrics

__all__ = ["auc", "roc", "tpr_at_fpr", "membership_metrics", "FPR_TARGETS"]

FPR_TARGETS = (0.001, 0.01)


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann-Whitney AUC: P(score of a member > score of a non-member) + P(tie)/2."""
    pos = labels.astype(bool)
    n1, n0 = int(pos.sum()), int((~pos).sum())
    r = rankdata(scores)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def roc(scores: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fpr, tpr) at every distinct threshold, from the strictest (0, 0) to (1, 1); a member is flagged when its
    score is at least the threshold."""
    order = np.argsort(-scores, kind="mergesort")
    s, y = scores[order], labels[order].astype(bool)
    tp, fp = np.cumsum(y), np.cumsum(~y)
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # the last index of each distinct score
    tpr = np.r_[0.0, tp[last] / max(int(y.sum()), 1)]
    fpr = np.r_[0.0, fp[last] / max(int((~y).sum()), 1)]
    return fpr, tpr


def tpr_at_fpr(fpr: np.ndarray, tpr: np.ndarray, target: float) -> float:
    """Largest TPR among thresholds whose FPR is at most ``target`` (no interpolation)."""
    ok = fpr <= target + 1e-15
    return float(tpr[ok].max())


def _point(scores: np.ndarray, labels: np.ndarray) -> tuple[float, list[float]]:
    fpr, tpr = roc(scores, labels)
    return auc(scores, labels), [tpr_at_fpr(fpr, tpr, t) for t in FPR_TARGETS]


def membership_metrics(
    scores: np.ndarray,
    labels: np.ndarray,
    *,
    seed: int = 0,
    n_bootstrap: int = 1000,
    confidence_level: float = 0.95,
) -> MembershipMetrics:
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels).astype(bool)
    n1, n0 = int(labels.sum()), int((~labels).sum())
    a, tprs = _point(scores, labels)
    rng = np.random.default_rng(seed)
    pos, neg = np.nonzero(labels)[0], np.nonzero(~labels)[0]
    boot_a, boot_t = np.empty(n_bootstrap), np.empty((n_bootstrap, len(FPR_TARGETS)))
    for b in range(n_bootstrap):
        idx = np.concatenate([rng.choice(pos, n1, replace=True), rng.choice(neg, n0, replace=True)])
        boot_a[b], t = _point(scores[idx], labels[idx])
        boot_t[b] = t
    lo, hi = (1 - confidence_level) / 2, (1 + confidence_level) / 2

    def ci(x: np.ndarray) -> tuple[float, float]:
        if len(x) == 0:
            return (float("nan"), float("nan"))
        return (float(np.quantile(x, lo)), float(np.quantile(x, hi)))

    notes = []
    for t in FPR_TARGETS:
        if 1 / n0 > t:
            notes.append(
                f"TPR at FPR {t:g}: {n0} non-members cannot resolve an FPR of {t:g} (smallest non-zero FPR "
                f"{1 / n0:.3g}); the value is the TPR at FPR 0 (a lower bound)"
            )
    return MembershipMetrics(
        members=n1,
        non_members=n0,
        auc=a,
        auc_ci=ci(boot_a) if n_bootstrap else (a, a),
        tpr_at_fpr={f"{t:g}": v for t, v in zip(FPR_TARGETS, tprs, strict=True)},
        tpr_at_fpr_ci={
            f"{t:g}": (ci(boot_t[:, k]) if n_bootstrap else (tprs[k], tprs[k]))
            for k, t in enumerate(FPR_TARGETS)
        },
        fpr_resolution=1 / n0,
        bootstrap=n_bootstrap,
        seed=seed,
        confidence_level=confidence_level,
        notes=notes,
    )
