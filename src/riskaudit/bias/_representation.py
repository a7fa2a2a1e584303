"""Representation: group shares against a reference population (e.g. census shares) from the config.

Only groups named in the reference are tested; their reference shares are renormalised to sum to 1 and
compared with the shares among rows of those groups (Unknown and unlisted groups are reported, not tested).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..config import BiasConfig
from ..errors import ConfigError
from ._groups import UNKNOWN
from ._result import Representation, RepresentationGroup
from ._stats import fl

__all__ = ["representation"]


def representation(
    attribute: str, group_counts: dict[str, int], reference: dict[str, float], config: BiasConfig
) -> Representation:
    if not reference:
        raise ConfigError(f"bias.reference_population.{attribute}: give at least one group share")
    bad = [g for g, s in reference.items() if not (0 <= float(s) <= 1)]
    if bad:
        raise ConfigError(f"bias.reference_population.{attribute}.{bad[0]}: a share must be between 0 and 1")
    total_ref = float(sum(reference.values()))
    if total_ref <= 0 or total_ref > 1.0 + 1e-6:
        raise ConfigError(
            f"bias.reference_population.{attribute}: shares sum to {total_ref:.4g}; they must sum to at most 1"
        )
    names = sorted(reference)
    obs = np.array([group_counts.get(g, 0) for g in names], dtype=float)
    exp_share = np.array([reference[g] for g in names], dtype=float) / total_ref
    total = obs.sum()
    out_groups: list[RepresentationGroup] = []
    for g, o, e in zip(names, obs, exp_share, strict=True):
        share = o / total if total else 0.0
        ratio = share / e if e > 0 else None
        p = fl(stats.binomtest(int(o), int(total), float(e)).pvalue, 12) if total and 0 < e < 1 else None
        under = bool(
            ratio is not None
            and ratio < config.underrepresentation_ratio
            and p is not None
            and p < config.alpha
        )
        out_groups.append(
            RepresentationGroup(
                group=g,
                n=int(o),
                share=fl(share) or 0.0,
                reference_share=fl(e) or 0.0,
                ratio=fl(ratio),
                p_value=p,
                under_represented=under,
            )
        )
    res = Representation(
        groups=out_groups,
        not_in_reference=sorted(g for g in group_counts if g not in reference and g != UNKNOWN),
    )
    keep = exp_share > 0
    if total > 0 and keep.sum() >= 2:
        chi2, p = stats.chisquare(obs[keep], exp_share[keep] / exp_share[keep].sum() * total)
        res.chi2, res.p_value = fl(chi2), fl(p, 12)
    ratios = [g.ratio for g in out_groups if g.ratio is not None]
    res.min_ratio = min(ratios) if ratios else None
    res.under_represented = [g.group for g in out_groups if g.under_represented]
    return res
