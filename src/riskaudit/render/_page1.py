"""What page 1 of every human report holds: the report date, one row per area and the worst findings, ranked.

Shared by Markdown, HTML and the notebook view so the three always agree. Renderers never judge: an area's
status is the worst status of the checks the policy already decided in that area, its headline number is read
from the typed scanner results, and "what to do" is fixed text per rule (or the check's reason when the check was
not measured).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field

from ..scorecard import Check, Scorecard
from ._common import ORDER, finding_order

__all__ = ["AREAS", "Area", "Finding", "area_of", "areas", "ranked_findings", "report_date"]

#: (key, title), in the order page 1 shows them
AREAS: tuple[tuple[str, str], ...] = (
    ("pii", "Personal data (PII)"),
    ("reident", "Re-identification"),
    ("linkage", "Linkage"),
    ("bias", "Bias"),
    ("quality", "Data quality"),
    ("license", "License"),
)

_AREA_OF_SCANNER = {
    "pii": "pii",
    "safe_harbor": "pii",
    "reident": "reident",
    "linkage": "linkage",
    "gdpr": "linkage",
    "bias": "bias",
    "quality": "quality",
    "profile": "quality",
    "license": "license",
}


def area_of(c: Check) -> str:
    """The page-1 area a check belongs to (by its rule id's prefix, else its scanner)."""
    prefix = c.id.split(".", 1)[0]
    return _AREA_OF_SCANNER.get(prefix) or _AREA_OF_SCANNER.get(c.scanner or "", "quality")


# What to do about a failing / warning rule. Keyed by rule id, then by rule-id prefix. ``{cols}`` = the columns.
_ADVICE = {
    "pii.direct_identifiers": "Drop or pseudonymise the direct identifiers: {cols}.",
    "pii.free_text": "Redact personal data in the free-text columns ({cols}) or leave them out.",
    "pii.hipaa_identifiers": "Remove or generalise the columns carrying HIPAA identifiers ({cols}).",
    "pii.special_category": "Record a lawful basis for the special-category columns ({cols}) or leave them out.",
    "pii.quasi_identifiers_confirmed": "Confirm the quasi-identifiers in the config (columns.quasi_identifiers).",
    "pii": "Review the personal-data columns ({cols}).",
    "safe_harbor": "Generalise as Safe Harbor requires: ZIP to 3 digits, dates to the year, ages over 89 to 90+.",
    "reident.k_anonymity": "Generalise or suppress quasi-identifiers until every class holds at least k records "
    "(see the uniqueness drivers and suggestions).",
    "reident.prosecutor_highest": "Generalise or suppress quasi-identifiers until no class holds a single record "
    "(see the uniqueness drivers and suggestions).",
    "reident": "Generalise quasi-identifiers (see the uniqueness drivers and suggestions) or restrict access.",
    "linkage": "Generalise the linking columns or restrict access: an auxiliary table re-identifies people.",
    "gdpr": "Reduce singling-out, linkability and inference risk before calling the release anonymous.",
    "bias.four_fifths": "Review outcomes for the groups below four-fifths ({cols}) before training on this label.",
    "bias.equalized_odds": "Review the model's error rates by group ({cols}).",
    "bias.small_groups": "Collect more rows for small groups or report them apart ({cols}).",
    "bias": "Review group outcomes and representation ({cols}).",
    "quality": "Fix the data-quality findings ({cols}) before training.",
    "profile": "Drop or fill the empty columns ({cols}).",
    "license": "Amend the license terms so they match what the data holds.",
}


def _advice(c: Check, cols: list[str]) -> str:
    text = _ADVICE.get(c.id) or _ADVICE.get(c.id.split(".", 1)[0]) or c.message
    shown = ", ".join(cols[:6]) + (f" and {len(cols) - 6} more" if len(cols) > 6 else "")
    return text.replace(" ({cols})", f" ({shown})" if cols else "").replace(
        "{cols}", shown or "see the checks"
    )


def _identity_tier(c: Check) -> int:
    """Findings that identify people by themselves come first, in this order: direct identifiers (0), a class of
    one record (k = 1, highest prosecutor risk 1) (1), Safe Harbor failures (2); every other finding is 3."""
    if c.id == "pii.direct_identifiers":
        return 0
    v = c.value
    num = isinstance(v, int | float) and not isinstance(v, bool)
    if (c.id == "reident.k_anonymity" and num and v <= 1) or (
        c.id == "reident.prosecutor_highest" and num and v >= 1
    ):
        return 1
    if c.id.startswith("safe_harbor.") or c.id == "license.safe_harbor_claim":
        return 2
    return 3


@dataclass
class Finding:
    """One page-1 row: every non-passing check of one rule with one status, worst check first."""

    rule: str
    status: str
    severity: str
    area: str
    checks: list[Check] = field(default_factory=list)

    @property
    def worst(self) -> Check:
        return self.checks[0]

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(c.column for c in self.checks if c.column))

    @property
    def action(self) -> str:
        return _advice(self.worst, self.columns)


def _rank_key(c: Check) -> tuple:
    return (ORDER[c.status], _identity_tier(c), *finding_order(c)[1:])


def ranked_findings(sc: Scorecard, n: int = 10) -> list[Finding]:
    """The worst ``n`` non-passing, measured findings: checks of one rule and status grouped in one row.

    Order: status (error, fail, warn); then findings that identify people by themselves (direct identifiers,
    k = 1, Safe Harbor); then the rule's severity; then how far past its threshold the worst check is."""
    groups: dict[tuple[str, str], Finding] = {}
    for c in sorted((c for c in sc.checks if c.status not in ("pass", "not_measured")), key=_rank_key):
        f = groups.get((c.id, c.status))
        if f is None:
            f = groups[(c.id, c.status)] = Finding(
                rule=c.id, status=c.status, severity=c.severity or "medium", area=area_of(c)
            )
        f.checks.append(c)
    return sorted(groups.values(), key=lambda f: _rank_key(f.worst))[:n]


@dataclass
class Area:
    key: str
    title: str
    status: str  # a check status, or "not_run" when no check of this area is in the scorecard
    headline: str
    action: str
    counts: dict[str, int] = field(default_factory=dict)


def _pct(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:.1%}" if v == 0 or abs(v) >= 0.01 else f"{v * 100:.3g}%"


def _headline(key: str, sc: Scorecard) -> str | None:
    r = sc.results
    if key == "pii" and r.pii is not None:
        p = r.pii
        return (
            f"{len(p.direct_identifiers)} direct identifier column(s); HIPAA letters "
            f"{', '.join(p.hipaa_letters) or 'none'}; {len(p.suggested_quasi_identifiers)} quasi-identifier(s)"
        )
    if key == "reident" and r.reident is not None:
        x = r.reident
        return (
            f"k = {x.k}; {_pct(x.share_in_small_classes)} of {x.records:,} records in classes below "
            f"{x.k_threshold}; highest prosecutor risk {x.prosecutor.highest:.3g}"
        )
    if key == "linkage" and r.linkage is not None:
        lk = r.linkage
        if lk.exact is not None:
            ex = lk.exact
            if ex.correct_rate is not None:
                return f"{_pct(ex.correct_rate)} of {ex.aux_rows:,} auxiliary rows correctly re-identified (exact linkage)"
            return f"{_pct(ex.unique_match_rate)} of {ex.aux_rows:,} auxiliary rows match exactly one record"
        if lk.fuzzy is not None:
            return f"{_pct(lk.fuzzy.link_rate)} of {lk.fuzzy.aux_rows:,} auxiliary rows linked (fuzzy)"
        if lk.anonymeter is not None:
            risks = [(n, getattr(lk.anonymeter, n)) for n in ("singling_out", "linkability", "inference")]
            parts = [
                f"{n.replace('_', ' ')} {a.risk.value:.3g}"
                for n, a in risks
                if a is not None and a.risk is not None
            ]
            return "attack risk: " + ", ".join(parts) if parts else None
        return None
    if key == "bias" and r.bias is not None:
        worst = None
        for a in r.bias.attributes:
            for o in (a.outcome, a.model):
                if (
                    o is not None
                    and o.min_impact_ratio is not None
                    and (worst is None or o.min_impact_ratio < worst[0])
                ):
                    worst = (o.min_impact_ratio, a.attribute, o.min_impact_ratio_group)
        if worst is not None:
            return (
                f"lowest impact ratio {worst[0]:.3g} ({worst[1]}: {worst[2]}); four-fifths line "
                f"{r.bias.four_fifths:g}; {len(r.bias.attributes)} attribute(s) and intersections"
            )
        return f"{len(r.bias.attributes)} attribute(s) and intersections; no label, group sizes only"
    if key == "quality" and r.quality is not None:
        q = r.quality
        return f"{_pct(q.duplicates.ratio)} duplicate rows; {q.missing.rows_with_any:,} rows with a missing value"
    if key == "license":
        lic = sc.license
        if not lic:
            return "no license terms bound to this scorecard"
        return (
            f"{lic.get('declared_license') or 'license not declared'}; de-identification claim: "
            f"{lic.get('deidentification_claim') or 'none'}"
        )
    return None


def areas(sc: Scorecard) -> list[Area]:
    """One row per area: worst measured status (not measured when none of its checks was measured; not run when
    the scorecard holds no check of it), the headline number, what to do."""
    by_area: dict[str, list[Check]] = {k: [] for k, _ in AREAS}
    for c in sc.checks:
        by_area.setdefault(area_of(c), []).append(c)
    out = []
    for key, title in AREAS:
        cs = sorted(by_area[key], key=_rank_key)
        counts = {s: sum(1 for c in cs if c.status == s) for s in ORDER}
        measured = [c for c in cs if c.status != "not_measured"]
        if not cs:
            status, action = "not_run", "Not part of this policy or no input for it."
        elif not measured:
            status = "not_measured"
            action = "To measure: " + "; ".join(sorted({c.reason or c.message for c in cs}))[:400]
        else:
            worst = measured[0]
            status = worst.status
            if status == "pass":
                action = "Nothing to do."
            else:
                cols = list(
                    dict.fromkeys(
                        c.column for c in measured if c.id == worst.id and c.status == status and c.column
                    )
                )
                action = _advice(worst, cols)
        headline = _headline(key, sc)
        if headline is None:
            n = len(measured)
            headline = f"{counts['fail']} fail, {counts['warn']} warn of {n} measured check(s)" if cs else "-"
        out.append(Area(key=key, title=title, status=status, headline=headline, action=action, counts=counts))
    return out


def report_date(sc: Scorecard) -> str:
    """The date the report is about: the scorecard's generation time when recorded, else ``SOURCE_DATE_EPOCH``
    (reproducible builds), else today (UTC)."""
    if sc.generated_at:
        return sc.generated_at[:10]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.datetime.now(_dt.UTC).date().isoformat()
