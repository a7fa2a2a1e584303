"""license.safe_harbor_claim: the license claims HIPAA Safe Harbor but identifiers are still present."""

from ._registry import Rule
from ._terms import HIPAA_LETTERS, hipaa_identifiers, license_terms


class SafeHarborClaim(Rule):
    id = "license.safe_harbor_claim"
    scanner = "license"
    title = "Safe Harbor claim supported by findings"
    direction = "none"
    source = "45 CFR 164.514(b)(2)(i): all 18 identifiers removed for a Safe Harbor de-identification claim"

    def check(self, results, cfg, params):
        terms = license_terms(results)
        if terms is None or terms.privacy.deidentification_claim != "safe_harbor":
            return []
        if results.get("pii") is None and results.get("safe_harbor") is None:
            return [
                self.result(
                    cfg,
                    status="error",
                    value=None,
                    message="Safe Harbor claim cannot be checked: neither the PII nor the Safe Harbor scan ran",
                )
            ]
        found = hipaa_identifiers(results)
        if not found:
            return [
                self.result(
                    cfg,
                    status="pass",
                    value=0,
                    threshold=0,
                    message="Safe Harbor claim: no HIPAA identifiers found",
                )
            ]
        return [
            self.result(
                cfg,
                status="fail",
                value=letters,
                threshold=[],
                column=col,
                message="license claims Safe Harbor but the column holds HIPAA identifier(s) "
                + "; ".join(f"({x}) {HIPAA_LETTERS.get(x, '?')}" for x in letters),
            )
            for col, letters in found.items()
        ]
