"""t-closeness (Li et al. 2007) and delta-disclosure (Brickell & Shmatikov 2008) per sensitive attribute.

p = distribution of the attribute over the whole table, q_c = its distribution within class c.

- equal distance (categorical): t = max_c 1/2 sum_v |q_c(v) - p(v)| (values absent from the class count p(v));
- ordered distance (numeric): with the m distinct values sorted, t = max_c 1/(m-1) sum_i |sum_{j<=i} (q_c(j) - p(j))|
  (pycanon/ARX ordered distance). It needs a classes x values grid on the engine; when that grid
  exceeds ``max_cells`` the ordered distance is not computed (reported as None with a note);
- delta-disclosure: delta = max_c max_{v in c} |ln(q_c(v) / p(v))| over the values present in the class
  (a value absent from a class would give an infinite delta; pycanon's loop likewise only visits present values).

NULL sensitive values are one more category for the equal distance and delta; they are left out of
the ordered distance (they have no position).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ..engine import Engine
from ._diversity import with_class_size
from ._result import DeltaDisclosure, TCloseness

__all__ = ["DeltaDisclosure", "TCloseness", "closeness"]


def _global(cs: ir.Table, sensitive: str) -> ir.Table:
    """The table-wide distribution of the attribute, from the per-class counts (no second scan of the data)."""
    g = cs.group_by(sensitive).agg(__gn=cs["__n"].sum())
    return g.mutate(__p=g["__gn"].cast("float64") / g["__gn"].sum().over().cast("float64")).rename(
        __v=sensitive
    )


def _with_sizes(cs: ir.Table, quasi_identifiers: list[str], classes: ir.Table | None) -> ir.Table:
    """``cs`` plus the class size ``__nc``: joined from ``classes`` (QIs + ``__count``, one row per class)
    when given (a hash join; 25% cheaper than the window at 5M rows), else a window sum over the class."""
    if classes is None:
        return with_class_size(cs, quasi_identifiers)
    sizes = classes.select(
        *[classes[q].name(f"__k{i}") for i, q in enumerate(quasi_identifiers)], __nc=classes["__count"]
    )
    j = cs.join(sizes, [cs[q].identical_to(sizes[f"__k{i}"]) for i, q in enumerate(quasi_identifiers)])
    return j.drop(*[f"__k{i}" for i in range(len(quasi_identifiers))])


def closeness(
    engine: Engine,
    cs: ir.Table,
    quasi_identifiers: list[str],
    sensitive: str,
    *,
    ordered: bool,
    classes: ir.Table | None = None,
    max_cells: int = 50_000_000,
) -> tuple[TCloseness, DeltaDisclosure]:
    """t-closeness and delta-disclosure of ``sensitive`` from its (class, value) counts ``cs``; for the
    equal distance both come from one query over ``cs``."""
    g = engine.materialize(_global(cs, sensitive), "dist")
    try:
        m = int(engine.execute(g.count()))
        j = _with_sizes(cs, quasi_identifiers, classes)
        j = j.join(g, j[sensitive].identical_to(g["__v"]))
        q = j["__n"].cast("float64") / j["__nc"].cast("float64")
        lnr = (q / j["__p"]).ln().abs()
        if not ordered:
            per = j.group_by(quasi_identifiers).agg(
                __s=((q - j["__p"]).abs() - j["__p"]).sum(), __d=lnr.max()
            )
            row = engine.execute(per.aggregate(t=(0.5 * (1 + per["__s"])).max(), d=per["__d"].max())).iloc[0]
            return (
                TCloseness(t=_clip(float(row["t"])), distance="equal", values=m),
                DeltaDisclosure(delta=round(float(row["d"]), 12)),
            )
        delta = DeltaDisclosure(delta=round(float(engine.execute(j.aggregate(d=lnr.max())).iloc[0]["d"]), 12))
        return _ordered(engine, cs, g, quasi_identifiers, sensitive, max_cells), delta
    finally:
        engine.drop(g)


def _ordered(
    engine: Engine, cs: ir.Table, g: ir.Table, quasi_identifiers: list[str], sensitive: str, max_cells: int
) -> TCloseness:
    """The ordered distance over the non-null values (a classes x values grid)."""
    gv = g.filter(g["__v"].notnull())
    m = int(engine.execute(gv.count()))
    nonnull = cs.filter(cs[sensitive].notnull())
    classes = nonnull.group_by(quasi_identifiers).agg(__nc=nonnull["__n"].sum())
    classes = classes.mutate(__cid=ibis.dense_rank().over(order_by=[classes[q] for q in quasi_identifiers]))
    J = int(engine.execute(classes.count()))
    if m <= 1:
        return TCloseness(t=0.0, distance="ordered", values=m)
    if J * m > max_cells:
        return TCloseness(
            t=None,
            distance="ordered",
            values=m,
            note=f"not computed: {J} classes x {m} values exceeds {max_cells} cells",
        )
    total = float(engine.execute(gv["__gn"].sum()))
    gv = gv.mutate(__pp=gv["__gn"].cast("float64") / total, __idx=ibis.dense_rank().over(order_by=gv["__v"]))
    cid = nonnull.join(classes, [nonnull[q].identical_to(classes[q]) for q in quasi_identifiers])
    cid = cid.select(
        __cid=cid["__cid"], __v2=cid[sensitive], __q=cid["__n"].cast("float64") / cid["__nc"].cast("float64")
    )
    grid = classes.select("__cid").cross_join(gv.select("__v", "__pp", "__idx"))
    grid = grid.left_join(cid, [grid["__cid"] == cid["__cid"], grid["__v"] == cid["__v2"]])
    grid = grid.select(cid_=grid["__cid"], idx=grid["__idx"], d=grid["__q"].fill_null(0.0) - grid["__pp"])
    grid = grid.mutate(cum=grid["d"].sum().over(group_by=grid["cid_"], order_by=grid["idx"], rows=(None, 0)))
    per = grid.group_by("cid_").agg(s=grid["cum"].abs().sum())
    t = engine.execute(per.aggregate(t=per["s"].max())).iloc[0]["t"]
    return TCloseness(t=_clip(float(t) / (m - 1)), distance="ordered", values=m)


def _clip(v: float) -> float:
    return round(min(max(v, 0.0), 1.0), 12)
