"""license.safe_harbor_claim: the license claims HIPAA Safe Harbor but identifiers are still present."""

from ..findings import HIPAA_LETTERS
from ..scorecard import Check
from ._registry import register_rule
from ._terms import hipaa_identifiers, license_terms

ID = "license.safe_harbor_claim"
SOURCE = "45 CFR 164.514(b)(2)(i): all 18 identifiers removed for a Safe Harbor de-identification claim"


@register_rule(ID, scanner="license", title="Safe Harbor claim supported by findings", direction="none", source=SOURCE)
def evaluate(results, cfg):
    terms = license_terms(results)
    if terms is None or terms.privacy.deidentification_claim != "safe_harbor":
        return []
    src = cfg.source or SOURCE
    if results.get("pii") is None and results.get("safe_harbor") is None:
        return [Check(id=ID, status="error", value=None, scanner="license", source=src,
                      message="Safe Harbor claim cannot be checked: neither the PII nor the Safe Harbor scan ran")]
    found = hipaa_identifiers(results)
    if not found:
        return [Check(id=ID, status="pass", value=0, threshold=0, scanner="license", source=src,
                      message="Safe Harbor claim: no HIPAA identifiers found")]
    return [Check(id=ID, status="fail", value=letters, threshold=[], scanner="license", source=src, column=col,
                  message="license claims Safe Harbor but the column holds HIPAA identifier(s) "
                          + "; ".join(f"({x}) {HIPAA_LETTERS.get(x, '?')}" for x in letters))
            for col, letters in found.items()]
