"""reident.small_classes: share of records in classes smaller than the policy's k."""

from ._registry import register_rule, threshold_check


@register_rule("reident.small_classes", scanner="reident", title="records in small classes",
               source="El Emam & Dankar 2008; ARX records-at-risk")
def evaluate(results, cfg):
    r = results["reident"]
    return [threshold_check("reident.small_classes", r.share_in_small_classes, cfg,
                            what=f"share of records in classes smaller than k={r.k_threshold}")]
