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

from ..engine import Engine
from ._result import LDiversity, RecursiveCL

__all__ = [
    "LDiversity",
    "class_value_stats",
    "l_diversity",
    "l_diversity_of_classes",
    "value_counts_per_class",
    "with_class_size",
]


def value_counts_per_class(table: ir.Table, quasi_identifiers: list[str], sensitive: str) -> ir.Table:
    """(QIs, sensitive value) -> ``__n``: the one GROUP BY over the data every per-attribute measure uses."""
    return table.group_by([*quasi_identifiers, sensitive]).agg(__n=ibis._.count())


def with_class_size(cs: ir.Table, quasi_identifiers: list[str]) -> ir.Table:
    """``cs`` plus the class size ``__nc`` (a window sum over the class)."""
    return cs.mutate(__nc=cs["__n"].sum().over(group_by=[cs[q] for q in quasi_identifiers]))


def class_value_stats(cs: ir.Table, quasi_identifiers: list[str], *, recursive_l: int = 2) -> ir.Table:
    """One row per class from the (class, value) counts: the QIs, class size ``__count``, distinct values
    ``__d``, ``__nlogn`` = sum n ln n, largest count ``__r1`` and the recursive tail ``__t`` (for l = 2 it is
    ``__count - __r1``, no window; a larger l ranks the values within each class with a window).

    Its ``(QIs, __count)`` are also the equivalence classes, so one GROUP BY over (QIs, value) serves
    k-anonymity and l-diversity alike."""
    if recursive_l == 2:
        src, tail = cs, None
    else:
        rank = (
            ibis.row_number().over(group_by=[cs[c] for c in quasi_identifiers], order_by=ibis.desc(cs["__n"]))
            + 1
        )
        src = cs.mutate(__rank=rank)
        tail = ibis.ifelse(src["__rank"] >= recursive_l, src["__n"], 0).sum()
    n = src["__n"].cast("float64")
    aggs = dict(__count=src["__n"].sum(), __d=src.count(), __nlogn=(n * n.ln()).sum(), __r1=n.max())
    if tail is not None:
        aggs["__t"] = tail.cast("float64")
    per = src.group_by(quasi_identifiers).agg(**aggs)
    return per if tail is not None else per.mutate(__t=per["__count"].cast("float64") - per["__r1"])


def l_diversity(
    engine: Engine, cs: ir.Table, quasi_identifiers: list[str], *, recursive_l: int = 2, l_threshold: int = 2
) -> LDiversity:
    """l-diversity from the (class, value) counts ``cs`` (see :func:`class_value_stats`)."""
    return l_diversity_of_classes(
        engine,
        class_value_stats(cs, quasi_identifiers, recursive_l=recursive_l),
        recursive_l=recursive_l,
        l_threshold=l_threshold,
    )


def l_diversity_of_classes(
    engine: Engine, per: ir.Table, *, recursive_l: int = 2, l_threshold: int = 2
) -> LDiversity:
    """One aggregate over the per-class statistics of :func:`class_value_stats` (entropy
    H = ln n_c - sum n ln n / n_c); one row comes back."""
    nc = per["__count"].cast("float64")
    ent = nc.ln() - per["__nlogn"] / nc
    agg = per.aggregate(
        d=per["__d"].min(),
        H=ent.min(),
        few=ibis.ifelse(per["__t"] <= 0, 1, 0).sum(),
        below=ibis.ifelse(per["__d"] < l_threshold, 1, 0).sum(),
        c=(per["__r1"] / ibis.ifelse(per["__t"] > 0, per["__t"], ibis.null())).max(),
    )
    row = engine.execute(agg).iloc[0]
    few = int(row["few"])
    return LDiversity(
        distinct_l=int(row["d"]),
        entropy_l=float(_exp(row["H"])),
        recursive=RecursiveCL(
            l=recursive_l, c_required=None if few else float(row["c"]), classes_with_fewer_than_l_values=few
        ),
        classes_below_l=int(row["below"]),
        l_threshold=l_threshold,
    )


def _exp(h: float) -> float:
    import math

    v = math.exp(max(float(h), 0.0))
    return round(v, 12)
