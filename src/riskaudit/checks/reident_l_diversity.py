"""reident.l_diversity: smallest distinct l over the sensitive attributes."""

from ._registry import not_measured, register_rule, threshold_check

ID = "reident.l_diversity"


@register_rule(ID, scanner="reident", title="distinct l-diversity", direction="lower_is_worse",
               source="Machanavajjhala et al. 2007, l-diversity")
def evaluate(results, cfg):
    r = results["reident"]
    value = min(v.distinct_l for v in r.l_diversity.values()) if r.l_diversity else None
    if value is None:
        return [not_measured(ID, cfg, what="distinct l-diversity",
                             reason="no sensitive attributes configured (columns.sensitive)")]
    return [threshold_check(ID, value, cfg, what="smallest distinct l over " + ", ".join(sorted(r.l_diversity)), direction="lower_is_worse", fmt="{:d}")]
