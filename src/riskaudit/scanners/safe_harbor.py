"""HIPAA Safe Harbor evidence (45 CFR 164.514(b)(2)(i)(B) and (C)) computed on the engine.

Neutral measurements only; the ``safe_harbor.*`` rules judge them against the policy (restricted ZIP3 list,
reference year). Per column it records:

- geographic columns (ZIP-like names or PII ZIP findings): ZIP3 prefix counts and how many values carry more
  than three digits;
- date columns (date/timestamp types, date-like names or PII date findings): how many values are more precise
  than a year (day or month), and, for birth columns, counts by year;
- age columns: how many ages exceed 89.

Small aggregates only: no value other than a 3-digit prefix or a year ever leaves the engine.
"""

from __future__ import annotations

from typing import Any

import ibis

from ._registry import AuditContext, register_scanner
from ._result import AgeColumn, DateColumn, GeoColumn, SafeHarborResult
from ._roles import name_tokens

__all__ = ["SafeHarborResult", "GeoColumn", "DateColumn", "AgeColumn", "scan_safe_harbor", "classify_columns"]

_ZIP_TOKENS = {"zip", "zipcode", "zip3", "zip5", "postal", "postcode", "zcta"}
_DATE_TOKENS = {
    "date",
    "dob",
    "birthdate",
    "birthday",
    "admission",
    "admitted",
    "discharge",
    "discharged",
    "death",
    "died",
    "dod",
    "visit",
    "encounter",
    "service",
}
_BIRTH_TOKENS = {"dob", "birth", "birthdate", "birthday", "yob", "born"}
_DAY = r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{8})([ T].*)?$"
_MONTH = r"^\s*(\d{4}[-/.]\d{1,2}|\d{1,2}[-/.]\d{4})\s*$"
_YEAR = r"^\s*(\d{4})([-/.].*)?\s*$"


def classify_columns(columns: list[str], types: dict[str, str], pii: Any = None) -> dict[str, list[str]]:
    """Which columns hold ZIP codes, dates and ages (by type, name tokens and PII findings)."""
    entities_of = getattr(pii, "entities_of", None)
    geo, dates, ages = [], [], []
    for c in columns:
        toks = set(name_tokens(c))
        ents = {e.upper() for e in (entities_of(c) if entities_of is not None else {})}
        typ = types.get(c, "")
        if toks & _ZIP_TOKENS or any("ZIP" in e or "POSTAL" in e for e in ents):
            geo.append(c)
        elif (
            typ.startswith(("date", "timestamp"))
            or toks & _DATE_TOKENS
            or (toks & _BIRTH_TOKENS)
            or any("DATE" in e for e in ents)
        ):
            dates.append(c)
        elif "age" in toks and (typ.startswith(("int", "float", "decimal", "double", "uint")) or not typ):
            ages.append(c)
    return {"geographic": geo, "dates": dates, "ages": ages}


def scan_safe_harbor(
    engine: Any, text_table: Any, table: Any, groups: dict[str, list[str]]
) -> SafeHarborResult:
    out = SafeHarborResult()
    for c in groups.get("geographic", []):
        col = text_table[c]
        digits = col.re_replace(r"[^0-9]", "")
        agg = text_table.aggregate(
            n=col.count(),
            more=(digits.length() > 3).ifelse(1, 0).sum(),
        )
        row = engine.execute(agg).iloc[0]
        pref = text_table.filter(digits.length() >= 3).mutate(p=digits.substr(0, 3))
        counts = engine.execute(pref.group_by("p").aggregate(n=pref.p.count()))
        out.geographic[c] = GeoColumn(
            values=int(row["n"]),
            more_than_3_digits=int(row["more"] or 0),
            zip3_counts={str(p): int(n) for p, n in sorted(zip(counts["p"], counts["n"], strict=True))},
        )
    for c in groups.get("dates", []):
        col = text_table[c]
        birth = bool(set(name_tokens(c)) & _BIRTH_TOKENS)
        agg = text_table.aggregate(
            n=col.count(),
            fine=(col.re_search(_DAY) | col.re_search(_MONTH)).ifelse(1, 0).sum(),
        )
        row = engine.execute(agg).iloc[0]
        years: dict[str, int] = {}
        if birth:
            y = text_table.mutate(y=col.re_extract(r"(\d{4})", 1)).filter(lambda t: t.y != "")
            yc = engine.execute(y.group_by("y").aggregate(n=y.y.count()))
            years = {str(a): int(b) for a, b in sorted(zip(yc["y"], yc["n"], strict=True))}
        out.dates[c] = DateColumn(
            values=int(row["n"]), finer_than_year=int(row["fine"] or 0), birth=birth, year_counts=years
        )
    for c in groups.get("ages", []):
        col = table[c].cast("float64")
        row = engine.execute(
            table.aggregate(n=col.count(), over=(col > 89).ifelse(1, 0).sum(), mx=col.max())
        ).iloc[0]
        mx = row["mx"]
        out.ages[c] = AgeColumn(
            values=int(row["n"]),
            over_89=int(row["over"] or 0),
            max_age=None if mx is None or mx != mx else float(mx),
        )
    return out


@register_scanner(
    "safe_harbor",
    order=25,
    description="HIPAA Safe Harbor evidence: ZIP3, date precision, ages over 89",
    reads=("pii",),  # the PII findings name ZIP and date columns their names do not give away
)
def _run(ctx: AuditContext) -> SafeHarborResult | None:
    ds = ctx.dataset
    ignore = set(ctx.config.columns.ignore)
    cols = [c for c in ds.columns if c not in ignore]
    schema = ds.table.schema()
    types = {c: str(schema[c]).lower().replace("!", "") for c in cols}
    groups = classify_columns(cols, types, ctx.results.get("pii"))
    if not any(groups.values()):
        return SafeHarborResult()
    return scan_safe_harbor(ds.engine, ds.text_table, ds.table, groups)


_ = ibis  # ibis expressions are built through the table API above
