"""Facts the documentation formats (SPDX, Croissant) state, read from checks and results only."""

from __future__ import annotations

from ..scorecard import Scorecard


def sensitive_columns(sc: Scorecard) -> dict[str, list[str]]:
    """column -> reasons (HIPAA letters, GDPR Art. 9 categories, direct-identifier role), read from what the
    policy's checks recorded (``pii.hipaa_identifiers`` / ``pii.special_category`` values) and from the typed
    scan results' own queries; nothing is recomputed here."""
    out: dict[str, set[str]] = {}

    def add(col: str, reasons: list[str]) -> None:
        out.setdefault(col, set()).update(reasons)

    for c in sc.checks:
        if c.column is None or not isinstance(c.value, list):
            continue
        if c.id == "pii.hipaa_identifiers":
            add(c.column, [f"HIPAA ({x})" for x in c.value])
        elif c.id == "pii.special_category":
            add(c.column, [f"GDPR Art. 9 {x}" for x in c.value])
    pii, sh = sc.results.pii, sc.results.safe_harbor
    if pii is not None:
        for col, letters in pii.hipaa_by_column().items():
            add(col, [f"HIPAA ({x})" for x in letters])
        for col, cats in pii.gdpr_by_column().items():
            add(col, [f"GDPR Art. 9 {x}" for x in cats])
        for col in pii.columns_with_role("direct_identifier"):
            add(col, ["direct identifier"])
    if sh is not None:
        for col, letters in sh.hipaa_by_column().items():
            add(col, [f"HIPAA ({x})" for x in letters])
    return {k: sorted(v) for k, v in sorted(out.items())}


def presence(sc: Scorecard) -> str:
    """yes / no / noAssertion for SPDX hasSensitivePersonalInformation."""
    if sensitive_columns(sc):
        return "yes"
    return "no" if sc.results.pii is not None else "noAssertion"


def known_biases(sc: Scorecard) -> list[str]:
    return [
        f"{c.id}{f' [{c.column}]' if c.column else ''}: {c.message}"
        for c in sc.checks
        if c.scanner == "bias" and c.status in ("warn", "fail")
    ]


def anonymization_methods(sc: Scorecard) -> list[str]:
    out = []
    lic = sc.license or {}
    claim = lic.get("deidentification_claim")
    if claim and claim != "none":
        out.append(f"claimed: {claim}")
    re_ = sc.results.reident
    if re_ is not None:
        out.append(
            f"measured: k-anonymity k={re_.k} over ({', '.join(re_.quasi_identifiers)}); "
            f"highest prosecutor risk {re_.prosecutor.highest:.4g}"
        )
    sh = sc.results.safe_harbor
    if sh is not None:
        zips = [c for c, g in sh.geographic.items() if g.more_than_3_digits == 0 and g.values]
        if zips:
            out.append(f"ZIP generalised to 3 digits ({', '.join(zips)})")
        years = [c for c, d in sh.dates.items() if d.finer_than_year == 0 and d.values]
        if years:
            out.append(f"dates reduced to year ({', '.join(years)})")
    return out or ["none recorded"]


def confidentiality(sc: Scorecard) -> str:
    """TLP level: red when identifiers remain and a check fails, amber when personal data remains, else green."""
    p = presence(sc)
    if p == "yes" and sc.verdict in ("fail", "error"):
        return "red"
    if p in ("yes", "noAssertion"):
        return "amber"
    return "green"


def intended_use(sc: Scorecard) -> str:
    lic = sc.license or {}
    uses = lic.get("intended_uses") or lic.get("permitted_uses") or []
    excluded = lic.get("excluded_uses") or []
    if not uses:
        return "Not stated (no license terms bound)."
    s = "Intended: " + ", ".join(uses)
    return s + ("; excluded: " + ", ".join(excluded) if excluded else "") + "."
