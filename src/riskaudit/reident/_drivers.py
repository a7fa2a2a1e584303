"""Uniqueness drivers: which QI combinations make records unique, and what to generalise first.

1. **Minimal sample uniques (SUDA2-style, Elliot/Manning; sdcMicro ``suda2``).** A record has an MSU on
   the QI subset S when it is unique on S and on no proper subset of S. Uniqueness is monotone, so it
   suffices to check the subsets of size |S|-1. Subsets are examined up to ``max_subset_size`` (the
   bound on work; SUDA2 searches all sizes). Computed on the engine over the distinct QI patterns
   (records with a duplicate full pattern can never be unique on a subset): one window count per
   subset. SUDA score per record = sum over its MSUs of (M - |S|)! (sdcMicro ``original_scores``),
   M = number of QIs; attribute contribution = share of the total score from MSUs containing it.
2. **ARX distinction and separation per subset** (``RiskModelAttributes``): distinction = classes / n,
   separation = 1 - sum_j C(f_j, 2) / C(n, 2), over every subset up to ``max_subset_size``.
3. **Suggestion.** For each QI, candidate generalisations (date -> year or year-month, 5-digit code
   -> 3-digit prefix, integer -> 5/10-wide bands) and suppression (dropping the column from the
   release); each candidate's resulting k, average prosecutor risk (classes / records) and sample
   uniques are computed on the engine. The first suggestion is the candidate with the largest k,
   then the lowest average risk, then the fewest uniques.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re

import ibis
import ibis.expr.types as ir

from ..engine import Engine
from ._result import Drivers, SubsetStats, Suggestion

__all__ = ["Drivers", "uniqueness_drivers"]


def _key(subset: tuple[str, ...]) -> str:
    return "__u_" + "_".join(str(i) for i in subset)


def uniqueness_drivers(
    engine: Engine,
    table: ir.Table,
    patterns: ir.Table,
    quasi_identifiers: list[str],
    *,
    max_subset_size: int = 3,
    max_quasi_identifiers: int = 12,
    suggest: bool = True,
    top: int = 20,
) -> Drivers:
    qis = list(quasi_identifiers)
    note = None
    if len(qis) > max_quasi_identifiers:
        note = f"only the first {max_quasi_identifiers} of {len(qis)} quasi-identifiers were examined"
        qis = qis[:max_quasi_identifiers]
    M = len(qis)
    size_cap = min(max_subset_size, M)
    idx = {q: i for i, q in enumerate(qis)}
    subsets = [s for r in range(1, size_cap + 1) for s in itertools.combinations(qis, r)]
    # distinct patterns over the examined QIs
    p = patterns.group_by(qis).agg(__c=patterns["__count"].sum())
    if engine.fuse_group_bys:
        w = _unique_flags_fused(p, qis, subsets, [_key(tuple(idx[a] for a in s)) for s in subsets])
    else:
        wins = {}
        for s in subsets:
            key = _key(tuple(idx[a] for a in s))
            wins[key] = p["__c"].sum().over(group_by=[p[a] for a in s]) == 1
        w = p.mutate(**wins)
    msu = {}
    for s in subsets:
        u = w[_key(tuple(idx[a] for a in s))]
        if len(s) > 1:
            sub = [w[_key(tuple(idx[a] for a in t))] for t in itertools.combinations(s, len(s) - 1)]
            u = u & ~functools.reduce(operator.or_, sub)
        msu[s] = u.cast("int64")
    score = functools.reduce(operator.add, [msu[s] * math.factorial(M - len(s)) for s in subsets])
    w2 = w.mutate(__score=score, **{f"__m{i}": msu[s] for i, s in enumerate(subsets)})
    aggs = {f"m{i}": w2[f"__m{i}"].sum() for i in range(len(subsets))}
    aggs |= {f"u{i}": w2[_key(tuple(idx[a] for a in s))].cast("int64").sum() for i, s in enumerate(subsets)}
    aggs["records_with_msu"] = (w2["__score"] > 0).cast("int64").sum()
    row = engine.execute(w2.aggregate(**aggs)).iloc[0]
    # ARX distinction / separation per subset: one union-all of per-subset aggregates
    n = int(engine.execute(p["__c"].sum()))
    if engine.fuse_group_bys:
        ds = _class_sizes_fused(engine, p, qis, subsets)
    else:
        parts = []
        for i, s in enumerate(subsets):
            g = p.group_by(list(s)).agg(__f=p["__c"].sum())
            parts.append(
                g.aggregate(i=ibis.literal(i), J=g.count(), pairs=(g["__f"] * (g["__f"] - 1) / 2).sum())
            )
        ds = engine.execute(functools.reduce(lambda a, b: a.union(b), parts))
    ds = {int(r.i): (int(r.J), float(r.pairs)) for r in ds.itertuples()}
    total_pairs = n * (n - 1) / 2
    stats = []
    by_size: dict[str, int] = {}
    contrib = dict.fromkeys(qis, 0.0)
    total_score = 0.0
    for i, s in enumerate(subsets):
        m = int(row[f"m{i}"])
        by_size[str(len(s))] = by_size.get(str(len(s)), 0) + m
        sc = m * math.factorial(M - len(s))
        total_score += sc
        for a in s:
            contrib[a] += sc
        J, pairs = ds[i]
        stats.append(
            SubsetStats(
                attributes=list(s),
                distinction=J / n,
                separation=1 - pairs / total_pairs if total_pairs else 0.0,
                sample_uniques=int(row[f"u{i}"]),
                minimal_sample_uniques=m,
            )
        )
    stats.sort(key=lambda x: (-x.minimal_sample_uniques, len(x.attributes), x.attributes))
    contributions = {a: round(100 * v / total_score, 6) if total_score else 0.0 for a, v in contrib.items()}
    out = Drivers(
        max_subset_size=size_cap,
        subsets_examined=len(subsets),
        records_with_msu=int(row["records_with_msu"]),
        msu_count_by_size=by_size,
        attribute_contributions=contributions,
        subsets=stats[:top],
        note=note,
    )
    if suggest:
        out.suggestions = suggestions(engine, patterns, quasi_identifiers)
    return out


def _replicated(table: ir.Table, copies: int, name: str) -> ir.Table:
    """``table`` with each row repeated ``copies`` times, copy number ``name`` = 0 .. copies - 1."""
    ids = ibis.memtable({name: list(range(copies))}, schema={name: "int64"})
    return table.cross_join(ids)


def _masked_keys(
    x: ir.Table, qis: list[str], subsets: list[tuple[str, ...]], copy: str
) -> dict[str, ir.Value]:
    """Per QI: its value in the copies whose subset has it, one constant NULL in the others."""
    keys = {}
    for q in qis:
        has = [i for i, s in enumerate(subsets) if q in s]
        keys[q] = ibis.ifelse(x[copy].isin(has), x[q], ibis.null(x[q].type()))
    return keys


def _unique_flags_fused(
    p: ir.Table, qis: list[str], subsets: list[tuple[str, ...]], names: list[str]
) -> ir.Table:
    """``p`` (one row per distinct pattern) with a boolean per subset, ``names[i]``: whether the pattern's
    class on ``subsets[i]`` holds one record. One window over the patterns repeated once per subset,
    partitioned by (subset, masked QIs; see :func:`_class_sizes_fused`), then one GROUP BY on the pattern
    back to a row per pattern: the same flags as one window per subset, in two shuffles instead of one per
    subset (``Engine.fuse_group_bys``)."""
    x = _replicated(p, len(subsets), "__set")
    keys = _masked_keys(x, qis, subsets, "__set")
    x = x.mutate(
        __f=x["__c"]
        .sum()
        .over(group_by=[x["__set"], *[v.name(f"__k{i}") for i, v in enumerate(keys.values())]])
    )
    one = {n: ibis.ifelse((x["__set"] == i) & (x["__f"] == 1), 1, 0).max() for i, n in enumerate(names)}
    per = x.group_by(qis).agg(__c=x["__c"].max(), **one)
    return per.mutate(**{n: per[n] == 1 for n in names})


def _class_sizes_fused(engine: Engine, p: ir.Table, qis: list[str], subsets: list[tuple[str, ...]]) -> object:
    """(i, J, pairs) of every subset ``i`` as one grouped query (``Engine.fuse_group_bys``): the patterns are
    repeated once per subset and grouped by (subset, each QI where the subset has it, NULL elsewhere). A
    column outside the subset is one constant NULL, so it splits nothing; inside, NULL is a group of its own
    as in the per-subset GROUP BY. The same counts, in one shuffle instead of one per subset."""
    x = _replicated(p, len(subsets), "__set")
    keys = _masked_keys(x, qis, subsets, "__set")
    g = x.group_by(x["__set"], **keys).agg(__f=x["__c"].sum())
    out = g.group_by(i=g["__set"]).agg(J=g.count(), pairs=(g["__f"] * (g["__f"] - 1) / 2).sum())
    return engine.execute(out)


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_CODE5_RE = re.compile(r"^\d{5}$")


def _candidates(engine: Engine, table: ir.Table, col: str) -> list[tuple[str, ir.Value]]:
    c = table[col]
    dtype = c.type()
    out: list[tuple[str, ir.Value]] = []
    if dtype.is_date() or dtype.is_timestamp():
        out += [("date -> year", c.year()), ("date -> year-month", c.year() * 100 + c.month())]
    elif dtype.is_integer():
        out += [("value -> 5-wide band", (c // 5) * 5), ("value -> 10-wide band", (c // 10) * 10)]
    elif dtype.is_string():
        # the 50 smallest and 50 largest values decide the pattern (deterministic, no row sample needed)
        nn = table.filter(c.notnull()).select(v=c)
        lo = engine.execute(nn.order_by("v").limit(50))["v"].tolist()
        hi = engine.execute(nn.order_by(ibis.desc("v")).limit(50))["v"].tolist()
        vals = [str(v) for v in lo + hi]
        if vals and all(_DATE_RE.match(v) for v in vals):
            out += [("date -> year", c.substr(0, 4)), ("date -> year-month", c.substr(0, 7))]
        elif vals and all(_CODE5_RE.match(v) for v in vals):
            out += [("5-digit -> 3-digit prefix", c.substr(0, 3))]
    out.append(("suppress column", None))
    return out


def _k_risk(
    engine: Engine, table: ir.Table, qis: list[str], replace: tuple[str, ir.Value | None] | None
) -> tuple[int, float, int]:
    cols = []
    for q in qis:
        if replace is not None and q == replace[0]:
            if replace[1] is None:
                continue
            cols.append(replace[1].name(q))
        else:
            cols.append(table[q])
    if not cols:
        n = int(engine.execute(table["__count"].sum()))
        return n, 1.0 / n, 0
    g = table.group_by(cols).agg(__f=table["__count"].sum())
    r = engine.execute(
        g.aggregate(k=g["__f"].min(), J=g.count(), n=g["__f"].sum(), u=ibis.ifelse(g["__f"] == 1, 1, 0).sum())
    ).iloc[0]
    return int(r["k"]), int(r["J"]) / int(r["n"]), int(r["u"])


def _k_risk_fused(
    engine: Engine, table: ir.Table, qis: list[str], replaces: list[tuple[str, ir.Value | None] | None]
) -> list[tuple[int, float, int]]:
    """:func:`_k_risk` of every entry of ``replaces`` in one grouped query (``Engine.fuse_group_bys``): the
    pattern table repeated once per candidate, grouped by (candidate, the QIs it keeps, its generalised
    column as text). A dropped or replaced QI is one constant NULL for that candidate; the generalised values
    (years, year-months, integer bands, prefixes) are one-to-one with their text, so the groups are those of
    :func:`_k_risk`. A candidate that keeps no column is answered as :func:`_k_risk` answers it."""
    x = _replicated(table, len(replaces), "__cand")
    keys = {}
    for q in qis:
        drop = [i for i, r in enumerate(replaces) if r is not None and r[0] == q]
        keys[q] = ibis.ifelse(x["__cand"].isin(drop), ibis.null(x[q].type()), x[q]) if drop else x[q]
    generalised = [(i, r[1]) for i, r in enumerate(replaces) if r is not None and r[1] is not None]
    if generalised:
        # the candidates' expressions were built on ``table``: rebind them to the replicated rows
        cases = [
            (x["__cand"] == i, e.op().replace({table.op(): x.op()}).to_expr().cast("string"))
            for i, e in generalised
        ]
        keys["__g"] = ibis.cases(*cases, else_=ibis.null("string"))
    g = x.group_by(x["__cand"], **keys).agg(__f=x["__count"].sum())
    df = engine.execute(
        g.group_by(i=g["__cand"]).agg(
            k=g["__f"].min(), J=g.count(), n=g["__f"].sum(), u=ibis.ifelse(g["__f"] == 1, 1, 0).sum()
        )
    )
    rows = {int(r.i): r for r in df.itertuples()}
    out = []
    for i, r in enumerate(replaces):
        row = rows[i]
        if r is not None and r[1] is None and qis == [r[0]]:  # nothing left to group by
            n = int(row.n)
            out.append((n, 1.0 / n, 0))
        else:
            out.append((int(row.k), int(row.J) / int(row.n), int(row.u)))
    return out


def suggestions(engine: Engine, patterns: ir.Table, qis: list[str]) -> list[Suggestion]:
    """Candidates evaluated on the pattern table (QIs + ``__count``), never on the raw rows."""
    table = patterns
    candidates = [(col, action, expr) for col in qis for action, expr in _candidates(engine, table, col)]
    if engine.fuse_group_bys:
        (k0, r0, _u0), *after = _k_risk_fused(
            engine, table, qis, [None] + [(c, e) for c, _a, e in candidates]
        )
    else:
        k0, r0, _u0 = _k_risk(engine, table, qis, None)
        after = [_k_risk(engine, table, qis, (col, expr)) for col, _action, expr in candidates]
    found = []
    for (col, action, _expr), (k1, r1, u1) in zip(candidates, after, strict=True):
        text = f"{col}: {action}: k {k0} -> {k1}, average risk {r0:.4g} -> {r1:.4g}"
        found.append(
            Suggestion(
                column=col,
                action=action,
                k_before=k0,
                k_after=k1,
                average_risk_before=r0,
                average_risk_after=r1,
                sample_uniques_after=u1,
                text=text,
            )
        )
    # generalising before suppressing: suppression only wins when it is strictly better
    found.sort(
        key=lambda s: (
            -s.k_after,
            s.average_risk_after,
            s.sample_uniques_after,
            s.action == "suppress column",
            s.column,
        )
    )
    return found
