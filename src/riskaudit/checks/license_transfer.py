"""license.transfer_mechanism: EU/EEA-origin data processed or stored outside the EU/EEA needs a Chapter V mechanism."""

from ..license import EU_EEA
from ._registry import Rule
from ._terms import license_terms


class TransferMechanism(Rule):
    id = "license.transfer_mechanism"
    scanner = "license"
    title = "transfer mechanism for EU data"
    direction = "none"
    source = "GDPR Art. 44-46, 49: transfers outside the EU/EEA need adequacy, SCCs, BCRs or a derogation"

    def check(self, results, cfg, params):
        terms = license_terms(results)
        if terms is None:
            return []
        j = terms.jurisdictions
        eu_origin = sorted(c.upper() for c in j.origin if c.upper() in EU_EEA)
        outside = sorted({c.upper() for c in [*j.processing, *j.storage] if c.upper() not in EU_EEA})
        if not eu_origin or not outside:
            why = "no EU/EEA origin" if not eu_origin else "processing and storage stay in the EU/EEA"
            return [self.result(cfg, status="pass", value=None, message=f"no third-country transfer ({why})")]
        if j.transfer_mechanism == "none":
            return [
                self.result(
                    cfg,
                    status="fail",
                    value=", ".join(outside),
                    message=f"data of EU/EEA origin ({', '.join(eu_origin)}) processed or stored in {', '.join(outside)} "
                    "with no transfer mechanism (jurisdictions.transfer_mechanism: none)",
                )
            ]
        return [
            self.result(
                cfg,
                status="pass",
                value=", ".join(outside),
                message=f"transfer to {', '.join(outside)} under '{j.transfer_mechanism}'",
            )
        ]
