"""linkage.exact_reidentification: share of auxiliary rows re-identified by an exact join (correct when a true id is configured, else unique matches)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "linkage.exact_reidentification"


@register_rule(ID, scanner="linkage", title="exact linkage re-identification", direction="higher_is_worse",
               source="Sweeney 2000 (ZIP, birth date, sex); WP29 Opinion 05/2014 linkability")
def evaluate(results, cfg):
    r = results["linkage"]
    value = (r.exact.correct_rate if r.exact.correct_rate is not None else r.exact.unique_match_rate) if r.exact else None
    if value is None:
        return [not_measured(ID, cfg, what="exact linkage re-identification",
                             reason="no auxiliary table configured (linkage.aux)")]
    return [threshold_check(ID, value, cfg, what=("share of auxiliary rows correctly re-identified" if r.exact.correct_rate is not None else "share of auxiliary rows matching exactly one record") + " on " + ", ".join(r.on), direction="higher_is_worse", fmt="{:.4g}")]
