"""linkage.fuzzy_reidentification: share of auxiliary rows linked by Splink above the match threshold (correct when a true id is configured)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "linkage.fuzzy_reidentification"


@register_rule(ID, scanner="linkage", title="fuzzy linkage re-identification", direction="higher_is_worse",
               source="Fellegi & Sunter 1969 (Splink); WP29 Opinion 05/2014 linkability")
def evaluate(results, cfg):
    r = results["linkage"]
    value = (r.fuzzy.correct_rate if r.fuzzy.correct_rate is not None else r.fuzzy.link_rate) if r.fuzzy else None
    if value is None:
        return [not_measured(ID, cfg, what="fuzzy linkage re-identification",
                             reason="fuzzy linkage not run (linkage.fuzzy: true with linkage.aux)")]
    return [threshold_check(ID, value, cfg, what="share of auxiliary rows linked by Splink at p >= " + format(r.fuzzy.threshold, "g"), direction="higher_is_worse", fmt="{:.4g}")]
