"""Shared helpers for the license and regulatory rules (not a rule module)."""

from __future__ import annotations

from typing import Any

from ..scanners._roles import name_tokens

# 45 CFR 164.514(b)(2)(i)(A)-(R), in the short wording these rules' messages use (the PII scan's
# riskaudit.pii.HIPAA_LETTERS is longer; the rule messages keep this one so their texts do not change)
HIPAA_LETTERS = {
    "A": "names",
    "B": "geographic subdivisions smaller than a state",
    "C": "dates (except year) and ages over 89",
    "D": "telephone numbers",
    "E": "fax numbers",
    "F": "email addresses",
    "G": "social security numbers",
    "H": "medical record numbers",
    "I": "health plan beneficiary numbers",
    "J": "account numbers",
    "K": "certificate/license numbers",
    "L": "vehicle identifiers",
    "M": "device identifiers",
    "N": "URLs",
    "O": "IP addresses",
    "P": "biometric identifiers",
    "Q": "full-face photographs",
    "R": "other unique identifying numbers",
}

# Column-name fallback for GDPR Art. 9 categories when the PII scan gives none.
_ART9_TOKENS = {
    "race": "racial_or_ethnic_origin",
    "ethnicity": "racial_or_ethnic_origin",
    "ethnic": "racial_or_ethnic_origin",
    "religion": "religious_or_philosophical_beliefs",
    "religious": "religious_or_philosophical_beliefs",
    "diagnosis": "health",
    "icd": "health",
    "icd10": "health",
    "disease": "health",
    "medication": "health",
    "disability": "health",
    "health": "health",
    "genetic": "genetic",
    "genotype": "genetic",
    "biometric": "biometric",
    "union": "trade_union_membership",
    "political": "political_opinions",
    "orientation": "sex_life_or_sexual_orientation",
}


def special_categories(results: dict[str, Any]) -> dict[str, list[str]]:
    """column -> GDPR Art. 9 categories, from the PII scan, else from column names (profile)."""
    out: dict[str, list[str]] = {}
    pii = results.get("pii")
    if pii is not None:
        out.update(pii.gdpr_by_column())
    cols = list((getattr(results.get("profile"), "columns", None) or {}).keys())
    for col in cols:
        if col in out:
            continue
        cats = sorted({_ART9_TOKENS[t] for t in name_tokens(col) if t in _ART9_TOKENS})
        if cats:
            out[col] = cats
    return dict(sorted(out.items()))


def hipaa_identifiers(results: dict[str, Any]) -> dict[str, list[str]]:
    """column -> HIPAA Safe Harbor letters found, from the PII scan and the Safe Harbor evidence."""
    out: dict[str, set[str]] = {}
    pii = results.get("pii")
    for col, letters in (pii.hipaa_by_column() if pii is not None else {}).items():
        out.setdefault(col, set()).update(letters)
    sh = results.get("safe_harbor")
    if sh is not None:
        for col, g in sh.geographic.items():
            if g.more_than_3_digits:
                out.setdefault(col, set()).add("B")
        for col, d in sh.dates.items():
            if d.finer_than_year:
                out.setdefault(col, set()).add("C")
        for col, a in sh.ages.items():
            if a.over_89:
                out.setdefault(col, set()).add("C")
    return {k: sorted(v) for k, v in sorted(out.items())}


def license_terms(results: dict[str, Any]):
    lic = results.get("license")
    return None if lic is None or not lic.provided else lic.terms
