"""Missing values in quasi-identifiers: their own value (default) or a wildcard (sdcMicro/ARX style).

``value``: NULL is one more category; two records with NULL zip5 and equal other QIs share a class.
``wildcard``: NULL matches *any* value. Record r then "shares a class" with every record s such that
on every QI either value is NULL or the values are equal. That relation is not transitive, so sizes
are per record (as sdcMicro's ``freqCalc`` fk with NA and ARX's ``RiskModelSampleWildcard``):

    f(r) = sum over distinct QI patterns b compatible with r's pattern of count(b)

Computed on the engine over the distinct patterns: complete patterns (no NULL) are compatible only
with themselves and with NULL-carrying patterns, so one join of all patterns against the (usually
few) NULL-carrying patterns, plus one join of NULL-carrying patterns against complete ones, suffices.
"""

from __future__ import annotations

import functools
import operator

import ibis
import ibis.expr.types as ir

from ._equivalence import class_sizes

__all__ = ["wildcard_pattern_sizes", "pattern_sizes"]


def _compat(a: ir.Table, b: ir.Table, qis: list[str], bnames: list[str]) -> ir.BooleanValue:
    conds = [a[q].isnull() | b[bq].isnull() | (a[q] == b[bq]) for q, bq in zip(qis, bnames, strict=True)]
    return functools.reduce(operator.and_, conds)


def pattern_sizes(
    table: ir.Table, quasi_identifiers: list[str], missing: str = "value", *, counts: ir.Table | None = None
) -> ir.Table:
    """One row per distinct QI pattern: the QIs, ``__count`` (records with exactly that pattern) and
    ``__size`` (the class size each of those records has under the missing-value semantics).

    ``counts``: an already grouped table, one row per QI pattern with its ``__count`` (for example
    :func:`class_value_stats`), to take the patterns from instead of scanning ``table`` again."""
    if counts is not None:
        p = counts.select(*quasi_identifiers, "__count")
    else:
        p = class_sizes(table, quasi_identifiers).rename(__count="__size")
    if missing != "wildcard":
        return p.mutate(__size=p["__count"])
    return wildcard_pattern_sizes(p, quasi_identifiers)


def wildcard_pattern_sizes(p: ir.Table, qis: list[str]) -> ir.Table:
    has_null = functools.reduce(operator.or_, [p[q].isnull() for q in qis])
    bnames = [f"__b{i}" for i in range(len(qis))]
    nul = p.filter(has_null)
    nul = nul.select(*[nul[q].name(b) for q, b in zip(qis, bnames, strict=True)], __bcount=nul["__count"])
    comp = p.filter(~has_null)
    comp = comp.select(*[comp[q].name(b) for q, b in zip(qis, bnames, strict=True)], __bcount=comp["__count"])
    a = p.mutate(__hasnull=has_null)
    # S1: every pattern against the NULL-carrying patterns (includes the pattern itself when it has NULLs)
    j1 = a.left_join(nul, _compat(a, nul, qis, bnames))
    s1 = j1.group_by([*qis, "__count", "__hasnull"]).agg(__s1=j1["__bcount"].sum().fill_null(0))
    # S2: NULL-carrying patterns against complete patterns
    an = a.filter(a["__hasnull"])
    j2 = an.join(comp, _compat(an, comp, qis, bnames))
    s2 = j2.group_by(qis).agg(__s2=j2["__bcount"].sum())
    s2 = s2.rename(**{b: q for q, b in zip(qis, bnames, strict=True)})
    out = s1.left_join(s2, [s1[q].identical_to(s2[b]) for q, b in zip(qis, bnames, strict=True)])
    size = ibis.ifelse(out["__hasnull"], out["__s1"] + out["__s2"].fill_null(0), out["__count"] + out["__s1"])
    return out.select(*qis, __count=out["__count"], __size=size.cast("int64"))
