"""Missingness disparity: per column, the missing rate by group, flagged when it differs significantly.

One engine aggregation counts the missing values of every column by the groups of all protected attributes.
A column is flagged when the chi-square test of missing x group over eligible groups is significant after a
Bonferroni correction over columns and the max-min gap is at least ``bias.missingness_min_difference``.
"""

from __future__ import annotations

import ibis.expr.types as ir
import numpy as np
import pandas as pd

from ..config import BiasConfig
from ..engine import Engine
from ._outcomes import group_flags
from ._result import MissingnessColumn
from ._stats import chi2_independence, fl

__all__ = ["missing_counts", "missingness_by_group"]


def missing_counts(
    engine: Engine, table: ir.Table, groups: dict[str, ir.StringValue], columns: list[str]
) -> pd.DataFrame:
    """One aggregation: rows and missing values of every column by the groups of all attributes (g0.., __n, m0..)."""
    t = table.mutate(**{f"g{i}": e for i, e in enumerate(groups.values())})
    metrics = [t.count().name("__n")]
    for i, c in enumerate(columns):
        v = t[c]
        miss = v.isnull()
        if v.type().is_string():
            miss = miss | (v.strip() == "")
        metrics.append(miss.cast("int64").sum().name(f"m{i}"))
    df = engine.execute(t.group_by([f"g{i}" for i in range(len(groups))]).aggregate(metrics))
    return df.rename(columns={f"g{i}": a for i, a in enumerate(groups)})


def missingness_by_group(
    counts: pd.DataFrame, attribute: str, columns: list[str], rows: int, config: BiasConfig
) -> list[MissingnessColumn]:
    """Missing rate of each of ``columns`` (indexes into ``counts``' m<i>) by the groups of ``attribute``."""
    mcols = [c for c in counts.columns if c.startswith("m") and c[1:].isdigit()]
    df = counts.groupby(attribute, sort=True)[["__n", *mcols]].sum().reset_index()
    groups = [str(g) for g in df[attribute]]
    n = df["__n"].to_numpy(dtype=np.int64)
    elig = np.array([group_flags(g, int(k), rows, config)[2] for g, k in zip(groups, n, strict=True)])
    out: list[MissingnessColumn] = []
    tested = 0
    pending = []
    for i, c in enumerate(columns):
        if c == attribute:
            continue
        m = df[f"m{i}"].fillna(0).to_numpy(dtype=np.int64)
        total_m = int(m.sum())
        if total_m == 0:
            continue
        rates = m / np.maximum(n, 1)
        diff = p = None
        if elig.sum() >= 2:
            diff = float(rates[elig].max() - rates[elig].min())
            p = chi2_independence(np.stack([m[elig], n[elig] - m[elig]], axis=1))
            tested += 1
        pending.append((c, total_m, rates, diff, p))
    for c, total_m, rates, diff, p in pending:
        p_adj = None if p is None else min(1.0, p * max(tested, 1))
        flagged = bool(
            p_adj is not None
            and p_adj < config.alpha
            and diff is not None
            and diff >= config.missingness_min_difference
        )
        out.append(
            MissingnessColumn(
                column=c,
                missing_rate=fl(total_m / rows) or 0.0,
                by_group={g: fl(r) or 0.0 for g, r in zip(groups, rates, strict=True)},
                difference=fl(diff),
                p_value=fl(p_adj, 12),
                flagged=flagged,
            )
        )
    return out
