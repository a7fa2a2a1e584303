"""reident.prosecutor_highest: highest prosecutor risk 1/k."""

from ._registry import register_rule, threshold_check


@register_rule("reident.prosecutor_highest", scanner="reident", title="highest prosecutor risk",
               source="El Emam, Guide to the De-Identification of Personal Health Information (2013)")
def evaluate(results, cfg):
    r = results["reident"]
    return [threshold_check("reident.prosecutor_highest", r.prosecutor.highest, cfg, what="highest prosecutor risk (1/k)")]
