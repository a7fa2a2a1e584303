"""reident.individual_risk: mean Benedetti-Franconi individual risk (needs columns.weight)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "reident.individual_risk"


@register_rule(ID, scanner="reident", title="individual risk (weighted)", direction="higher_is_worse",
               source="Benedetti & Franconi 1998; sdcMicro indivRisk / measure_risk global risk")
def evaluate(results, cfg):
    r = results["reident"]
    value = r.individual_risk.global_risk if r.individual_risk else None
    if value is None:
        return [not_measured(ID, cfg, what="individual risk (weighted)",
                             reason="no survey weight column configured (columns.weight)")]
    return [threshold_check(ID, value, cfg, what="global individual risk (weights: " + r.individual_risk.weight_column + ")", direction="higher_is_worse", fmt="{:.4g}")]
