"""license.no_reidentification: a CCPA-deidentified or anonymous claim needs a no-re-identification covenant with flow-down."""

from ._registry import Rule
from ._terms import license_terms


class NoReidentification(Rule):
    id = "license.no_reidentification"
    scanner = "license"
    title = "no-re-identification covenant with flow-down"
    direction = "none"
    source = "Cal. Civ. Code 1798.140(m)(2)-(3): public commitment not to re-identify; recipients contractually bound"

    def check(self, results, cfg, params):
        terms = license_terms(results)
        if terms is None or terms.privacy.deidentification_claim not in (
            "ccpa_deidentified",
            "anonymous",
            "expert_determination",
        ):
            return []
        nr = terms.no_reidentification
        missing = [k for k, v in (("covenant", nr.covenant), ("flow_down", nr.flow_down)) if not v]
        if missing:
            return [
                self.result(
                    cfg,
                    status="fail",
                    value=", ".join(missing),
                    message=f"claim '{terms.privacy.deidentification_claim}' but no_reidentification.{' and '.join(missing)} is false",
                )
            ]
        return [
            self.result(
                cfg,
                status="pass",
                value=None,
                message="no-re-identification covenant with flow-down to recipients",
            )
        ]
