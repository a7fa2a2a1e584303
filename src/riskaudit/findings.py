"""Read-only views over scanner results, kept only for the rules in checks/ that still import them.

Renderers and scanners read the typed models and their query methods (``PiiResult.hipaa_by_column``,
``PiiResult.entities_of``, ``SafeHarborResult.hipaa_by_column``...); this module goes once checks/ does too.

Scanner results are typed pydantic models (or, while a scanner is being built, plain dicts). These
helpers read them defensively so a renderer or rule never crashes on an absent or older result.
"""

from __future__ import annotations

from typing import Any

__all__ = ["get", "pii_columns", "HIPAA_LETTERS", "GDPR_SPECIAL"]

# 45 CFR 164.514(b)(2)(i)(A)-(R)
HIPAA_LETTERS = {
    "A": "names", "B": "geographic subdivisions smaller than a state", "C": "dates (except year) and ages over 89",
    "D": "telephone numbers", "E": "fax numbers", "F": "email addresses", "G": "social security numbers",
    "H": "medical record numbers", "I": "health plan beneficiary numbers", "J": "account numbers",
    "K": "certificate/license numbers", "L": "vehicle identifiers", "M": "device identifiers", "N": "URLs",
    "O": "IP addresses", "P": "biometric identifiers", "Q": "full-face photographs", "R": "other unique identifying numbers",
}

GDPR_SPECIAL = (
    "racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs", "trade_union_membership",
    "genetic", "biometric", "health", "sex_life_or_sexual_orientation",
)


def get(obj: Any, *path: str, default: Any = None) -> Any:
    """``get(r, "prosecutor", "highest")`` on models or dicts; ``default`` when any step is missing."""
    cur = obj
    for p in path:
        if cur is None:
            return default
        if isinstance(cur, dict):
            cur = cur.get(p)
        else:
            cur = getattr(cur, p, None)
    return default if cur is None else cur


def _as_dict(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return {}


def pii_columns(pii: Any) -> dict[str, dict[str, Any]]:
    """Per-column PII findings as plain dicts: ``{column: {entities, role, confidence, hipaa, gdpr_special, ...}}``.

    Accepts ``results.pii`` whether it nests columns under ``columns`` or is the mapping itself.
    """
    d = _as_dict(pii)
    cols = d.get("columns", d)
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(cols, dict):
        return out
    for name, c in cols.items():
        c = _as_dict(c)
        if not isinstance(c, dict) or not any(k in c for k in ("entities", "role", "hipaa", "gdpr_special")):
            continue
        ents = c.get("entities") or {}
        if isinstance(ents, list):  # a list of {type/entity, prevalence}
            ents = {str(e.get("type") or e.get("entity")): e.get("prevalence", 1.0) for e in ents if isinstance(e, dict)}
        elif isinstance(ents, dict):
            ents = {k: (v.get("prevalence") if isinstance(v, dict) else v) for k, v in ents.items()}
        hipaa = c.get("hipaa") or []
        if isinstance(hipaa, str):
            hipaa = [hipaa]
        gdpr = c.get("gdpr_special") or []
        if isinstance(gdpr, str):
            gdpr = [gdpr]
        ccpa = c.get("ccpa_spi") or c.get("ccpa_sensitive") or c.get("ccpa") or []
        if isinstance(ccpa, str):
            ccpa = [ccpa]
        out[str(name)] = {
            **c,
            "entities": {str(k): (float(v) if isinstance(v, int | float) else None) for k, v in ents.items()},
            "role": c.get("role"),
            "hipaa": sorted({str(h) for h in hipaa}),
            "gdpr_special": sorted({str(g) for g in gdpr}),
            "ccpa_sensitive": sorted({str(x) for x in ccpa}) if isinstance(ccpa, list) else [],
        }
    return dict(sorted(out.items()))
