"""license.transfer_mechanism: EU/EEA-origin data processed or stored outside the EU/EEA needs a Chapter V mechanism."""

from ..license import EU_EEA
from ..scorecard import Check
from ._registry import register_rule
from ._terms import license_terms

ID = "license.transfer_mechanism"
SOURCE = "GDPR Art. 44-46, 49: transfers outside the EU/EEA need adequacy, SCCs, BCRs or a derogation"


@register_rule(ID, scanner="license", title="transfer mechanism for EU data", direction="none", source=SOURCE)
def evaluate(results, cfg):
    terms = license_terms(results)
    if terms is None:
        return []
    j = terms.jurisdictions
    src = cfg.source or SOURCE
    eu_origin = sorted(c.upper() for c in j.origin if c.upper() in EU_EEA)
    outside = sorted({c.upper() for c in [*j.processing, *j.storage] if c.upper() not in EU_EEA})
    if not eu_origin or not outside:
        why = "no EU/EEA origin" if not eu_origin else "processing and storage stay in the EU/EEA"
        return [Check(id=ID, status="pass", value=None, scanner="license", source=src, message=f"no third-country transfer ({why})")]
    if j.transfer_mechanism == "none":
        return [Check(id=ID, status="fail", value=", ".join(outside), scanner="license", source=src,
                      message=f"data of EU/EEA origin ({', '.join(eu_origin)}) processed or stored in {', '.join(outside)} "
                              "with no transfer mechanism (jurisdictions.transfer_mechanism: none)")]
    return [Check(id=ID, status="pass", value=", ".join(outside), scanner="license", source=src,
                  message=f"transfer to {', '.join(outside)} under '{j.transfer_mechanism}'")]
