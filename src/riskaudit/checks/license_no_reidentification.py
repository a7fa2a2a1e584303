"""license.no_reidentification: a CCPA-deidentified or anonymous claim needs a no-re-identification covenant with flow-down."""

from ..scorecard import Check
from ._registry import register_rule
from ._terms import license_terms

ID = "license.no_reidentification"
SOURCE = "Cal. Civ. Code 1798.140(m)(2)-(3): public commitment not to re-identify; recipients contractually bound"


@register_rule(ID, scanner="license", title="no-re-identification covenant with flow-down", direction="none", source=SOURCE)
def evaluate(results, cfg):
    terms = license_terms(results)
    if terms is None or terms.privacy.deidentification_claim not in ("ccpa_deidentified", "anonymous", "expert_determination"):
        return []
    nr = terms.no_reidentification
    missing = [k for k, v in (("covenant", nr.covenant), ("flow_down", nr.flow_down)) if not v]
    src = cfg.source or SOURCE
    if missing:
        return [Check(id=ID, status="fail", value=", ".join(missing), scanner="license", source=src,
                      message=f"claim '{terms.privacy.deidentification_claim}' but no_reidentification.{' and '.join(missing)} is false")]
    return [Check(id=ID, status="pass", value=None, scanner="license", source=src,
                  message="no-re-identification covenant with flow-down to recipients")]
