"""Outcome disparities from group counts: base rate, impact ratio, signed parity difference, intervals, tests.

Input is a small frame of engine counts per group (``group, n, n_labelled, positives``); no rows.
The most favoured group is the eligible group (not Unknown, not small) with the highest base rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import BiasConfig
from ._groups import UNKNOWN
from ._result import GroupOutcome, OutcomeSummary
from ._stats import chi2_independence, fl, holm, interval, rate_test_2x2, rng_for, safe_div

__all__ = ["group_flags", "outcome_disparities", "groups_without_outcome"]


def group_flags(group: str, n: int, rows: int, config: BiasConfig) -> tuple[bool, bool, bool]:
    """(unknown, small, eligible) for one group; small = below min_group_size or below min_group_share of rows."""
    unknown = group == UNKNOWN or UNKNOWN in group.split(" x ")
    small = n < config.min_group_size or (rows > 0 and n / rows < config.min_group_share)
    return unknown, small, not unknown and not small


def _order(counts: pd.DataFrame) -> pd.DataFrame:
    return counts.sort_values(["n", "group"], ascending=[False, True], kind="mergesort").reset_index(
        drop=True
    )


def groups_without_outcome(counts: pd.DataFrame, rows: int, config: BiasConfig) -> list[GroupOutcome]:
    out = []
    for r in _order(counts).itertuples(index=False):
        unknown, small, eligible = group_flags(str(r.group), int(r.n), rows, config)
        out.append(
            GroupOutcome(
                group=str(r.group),
                n=int(r.n),
                share=fl(r.n / rows) or 0.0,
                unknown=unknown,
                small=small,
                eligible=eligible,
            )
        )
    return out


def outcome_disparities(
    counts: pd.DataFrame, rows: int, config: BiasConfig, *, column: str, positive: str, key: str
) -> tuple[list[GroupOutcome], OutcomeSummary]:
    """Per-group base rates and disparities to the most favoured group, with seeded bootstrap intervals."""
    c = _order(counts)
    groups = [str(g) for g in c["group"]]
    n = c["n"].to_numpy(dtype=np.int64)
    nl = c["n_labelled"].to_numpy(dtype=np.int64)
    pos = c["positives"].to_numpy(dtype=np.int64)
    flags = [group_flags(g, int(k), rows, config) for g, k in zip(groups, n, strict=True)]
    eligible = np.array([f[2] for f in flags], dtype=bool) & (nl > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(nl > 0, pos / np.maximum(nl, 1), np.nan)
    ref = int(np.flatnonzero(eligible)[np.argmax(rate[eligible])]) if eligible.any() else None
    ref_rate = float(rate[ref]) if ref is not None else None

    alpha, B = config.alpha, config.n_boot
    boot = None
    if B > 0:
        rng = rng_for(config.seed, key)
        p = np.nan_to_num(rate, nan=0.0)
        draws = rng.binomial(nl[:, None], p[:, None], size=(len(groups), B))
        with np.errstate(divide="ignore", invalid="ignore"):
            boot = np.where(nl[:, None] > 0, draws / np.maximum(nl[:, None], 1), np.nan)

    pvals: list[float | None] = []
    tests: list[str | None] = []
    for i in range(len(groups)):
        if ref is None or i == ref or nl[i] == 0:
            pvals.append(None)
            tests.append(None)
            continue
        pv, tname = rate_test_2x2(int(pos[i]), int(nl[i]), int(pos[ref]), int(nl[ref]))
        pvals.append(pv)
        tests.append(tname)
    adj_in = [pvals[i] if eligible[i] else None for i in range(len(groups))]
    adjusted = holm(adj_in)

    out: list[GroupOutcome] = []
    ratio_boot_all = {}
    for i, g in enumerate(groups):
        unknown, small, elig = flags[i]
        ir = None if ref is None or nl[i] == 0 else safe_div(rate[i], ref_rate)  # type: ignore[arg-type]
        spd = None if ref is None or nl[i] == 0 else float(rate[i] - ref_rate)  # type: ignore[operator]
        rb = sb = None
        if boot is not None and ref is not None and nl[i] > 0:
            with np.errstate(divide="ignore", invalid="ignore"):
                rb = boot[i] / boot[ref]
            sb = boot[i] - boot[ref]
            ratio_boot_all[i] = rb
        p_adj = adjusted[i] if elig else None
        ir_ci = interval(rb, alpha) if i != ref else None
        out.append(
            GroupOutcome(
                group=g,
                n=int(n[i]),
                share=fl(n[i] / rows) or 0.0,
                unknown=unknown,
                small=small,
                eligible=elig,
                n_labelled=int(nl[i]),
                positives=int(pos[i]),
                base_rate=fl(rate[i]),
                base_rate_ci=interval(boot[i], alpha) if boot is not None and nl[i] > 0 else None,
                impact_ratio=fl(ir),
                impact_ratio_ci=ir_ci,
                parity_difference=fl(spd),
                parity_difference_ci=interval(sb, alpha) if i != ref else None,
                p_value=pvals[i],
                p_value_adjusted=p_adj,
                test=tests[i],
                significant=None if p_adj is None else bool(p_adj < alpha),
                below_four_fifths=None if ir is None or not elig else bool(ir < config.four_fifths),
            )
        )

    summary = OutcomeSummary(
        column=column, positive=positive, reference_group=groups[ref] if ref is not None else None
    )
    el = np.flatnonzero(eligible)
    if len(el) >= 1 and ref is not None:
        ratios = [(out[i].impact_ratio, groups[i], i) for i in el if out[i].impact_ratio is not None]
        if ratios:
            mn = min(ratios, key=lambda t: (t[0], t[1]))
            summary.min_impact_ratio, summary.min_impact_ratio_group = mn[0], mn[1]
            summary.min_impact_ratio_ci = out[mn[2]].impact_ratio_ci if mn[2] != ref else None
        er = rate[el]
        summary.demographic_parity_difference = fl(er.max() - er.min())
        summary.demographic_parity_ratio = fl(safe_div(er.min(), er.max()))
        if boot is not None and len(el) >= 2:
            be = boot[el]
            summary.demographic_parity_difference_ci = interval(be.max(0) - be.min(0), alpha)
            with np.errstate(divide="ignore", invalid="ignore"):
                summary.demographic_parity_ratio_ci = interval(be.min(0) / be.max(0), alpha)
        summary.p_value = (
            chi2_independence(np.stack([pos[el], nl[el] - pos[el]], axis=1)) if len(el) >= 2 else None
        )
        summary.groups_below_four_fifths = [groups[i] for i in el if out[i].below_four_fifths]
        summary.significantly_disadvantaged = [
            groups[i]
            for i in el
            if out[i].significant
            and out[i].impact_ratio_ci is not None
            and out[i].impact_ratio_ci.high is not None
            and out[i].impact_ratio_ci.high < 1
        ]
    return out, summary
