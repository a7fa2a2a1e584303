"""reident.individual_risk: mean Benedetti-Franconi individual risk (needs columns.weight)."""

from ._registry import Rule


class IndividualRisk(Rule):
    id = "reident.individual_risk"
    scanner = "reident"
    title = "individual risk (weighted)"
    source = "Benedetti & Franconi 1998; sdcMicro indivRisk / measure_risk global risk"

    def check(self, results, cfg, params):
        r = results["reident"]
        value = r.individual_risk.global_risk if r.individual_risk else None
        if value is None:
            return [self.not_measured(cfg, reason="no survey weight column configured (columns.weight)")]
        return [
            self.threshold(
                value,
                cfg,
                what="global individual risk (weights: " + r.individual_risk.weight_column + ")",
                fmt="{:.4g}",
            )
        ]
