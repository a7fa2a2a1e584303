"""l-diversity of a sensitive attribute within the equivalence classes (Machanavajjhala et al. 2007).

Computed on the engine from one GROUP BY over (QIs, sensitive) -> counts; only one aggregate row
comes back per attribute. NULL in the sensitive attribute is one more value (as in pycanon).

- ``distinct_l``: min over classes of the number of distinct sensitive values (pycanon ``l_diversity``);
- ``entropy_l``: exp(min over classes of the entropy -sum q ln q) (entropy l-diversity holds for every
  l <= entropy_l; pycanon reports the floor of this value);
- recursive (c, l): a class satisfies it when r_1 < c (r_l + ... + r_m), r_i the i-th largest count.
  For the given l, ``c_required`` = max over classes of r_1 / (r_l + ... + r_m): every c above it
  holds; None when some class has fewer than l distinct values (no c can hold).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel, ConfigDict, Field

from ..engine import Engine

__all__ = ["LDiversity", "l_diversity", "value_counts_per_class"]


class RecursiveCL(BaseModel):
    model_config = ConfigDict(extra="forbid")

    l: int  # noqa: E741
    c_required: float | None = Field(description="Any c above this satisfies recursive (c,l); None: impossible.")
    classes_with_fewer_than_l_values: int


class LDiversity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    distinct_l: int = Field(description="Smallest number of distinct sensitive values in a class.")
    entropy_l: float = Field(description="exp(smallest class entropy), natural log.")
    recursive: RecursiveCL
    classes_below_l: int = Field(description="Classes with fewer distinct values than the configured l.")
    l_threshold: int


def value_counts_per_class(table: ir.Table, quasi_identifiers: list[str], sensitive: str) -> ir.Table:
    """(QIs, sensitive value) -> ``__n``, with the class size ``__nc`` as a window sum."""
    cs = table.group_by([*quasi_identifiers, sensitive]).agg(__n=ibis._.count())
    return cs.mutate(__nc=cs["__n"].sum().over(group_by=[cs[q] for q in quasi_identifiers]))


def l_diversity(
    engine: Engine, cs: ir.Table, quasi_identifiers: list[str], *, recursive_l: int = 2, l_threshold: int = 2
) -> LDiversity:
    q = cs["__n"].cast("float64") / cs["__nc"].cast("float64")
    rank = ibis.row_number().over(group_by=[cs[c] for c in quasi_identifiers], order_by=ibis.desc(cs["__n"])) + 1
    x = cs.mutate(__h=-(q * q.ln()), __rank=rank)
    per = x.group_by(quasi_identifiers).agg(
        __d=x.count(),
        __ent=x["__h"].sum(),
        __r1=x["__n"].max(),
        __tail=ibis.ifelse(x["__rank"] >= recursive_l, x["__n"], 0).sum(),
    )
    agg = per.aggregate(
        d=per["__d"].min(),
        H=per["__ent"].min(),
        few=ibis.ifelse(per["__tail"] == 0, 1, 0).sum(),
        below=ibis.ifelse(per["__d"] < l_threshold, 1, 0).sum(),
        c=(per["__r1"].cast("float64") / ibis.ifelse(per["__tail"] > 0, per["__tail"], ibis.null()).cast("float64")).max(),
    )
    row = engine.execute(agg).iloc[0]
    few = int(row["few"])
    return LDiversity(
        distinct_l=int(row["d"]),
        entropy_l=float(_exp(row["H"])),
        recursive=RecursiveCL(l=recursive_l, c_required=None if few else float(row["c"]),
                              classes_with_fewer_than_l_values=few),
        classes_below_l=int(row["below"]),
        l_threshold=l_threshold,
    )


def _exp(h: float) -> float:
    import math

    v = math.exp(max(float(h), 0.0))
    return round(v, 12)
