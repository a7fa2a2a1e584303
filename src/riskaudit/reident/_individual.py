"""sdcMicro-style individual risk (Benedetti-Franconi) with survey weights (``R/indivRisk.R``, "approx").

For a record in key k with sample frequency f_k and estimated population frequency F_k = sum of the
weights in k, p = f_k / F_k and

    f_k = 1:  r = p/(1-p) * ln(1/p)
    f_k = 2:  r = p/(1-p) - (p/(1-p))^2 * ln(1/p)
    f_k >= 3: r = p / (f_k - (1-p))
    f_k = F_k (every population member sampled): r = 1/f_k

Weights below 1 would make F_k < f_k; F_k is floored at f_k. Global risk = sum r / n, expected
re-identifications = sum r (sdcMicro ``measure_risk``).
"""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir

from ..engine import Engine
from ._result import IndividualRisk

__all__ = ["IndividualRisk", "benedetti_franconi", "individual_risk"]


def benedetti_franconi(fk: int, Fk: float) -> float:
    """Individual risk of one record (pure Python; the engine version below uses the same formula)."""
    Fk = max(float(Fk), float(fk))
    if fk == Fk:
        return 1.0 / fk
    p = fk / Fk
    if fk == 1:
        return p / (1 - p) * math.log(1 / p)
    if fk == 2:
        return p / (1 - p) - (p / (1 - p)) ** 2 * math.log(1 / p)
    return p / (fk - (1 - p))


def risk_expr(f: ir.NumericValue, F: ir.NumericValue) -> ir.FloatingValue:
    f = f.cast("float64")
    F = ibis.greatest(F.cast("float64"), f)
    p = f / F
    q = p / (1 - p)
    return ibis.cases(
        (f == F, 1.0 / f),
        (f == 1, q * (1.0 / p).ln()),
        (f == 2, q - q * q * (1.0 / p).ln()),
        else_=p / (f - (1 - p)),
    )


def individual_risk(
    engine: Engine, table: ir.Table, quasi_identifiers: list[str], weight: str, threshold: float
) -> IndividualRisk:
    g = table.group_by(quasi_identifiers).agg(__f=ibis._.count(), __popF=table[weight].cast("float64").sum())
    g = g.mutate(__r=risk_expr(g["__f"], g["__popF"]))
    agg = g.aggregate(
        n=g["__f"].sum(),
        total=(g["__r"] * g["__f"]).sum(),
        mx=g["__r"].max(),
        above=ibis.ifelse(g["__r"] > threshold, g["__f"], 0).sum(),
    )
    row = engine.execute(agg).iloc[0]
    n = float(row["n"])
    return IndividualRisk(
        weight_column=weight,
        global_risk=float(row["total"]) / n,
        expected_reidentifications=float(row["total"]),
        highest=float(row["mx"]),
        threshold=threshold,
        records_above_threshold=int(row["above"]),
    )
