"""reident.k_anonymity: the smallest equivalence class must reach k."""

from ._registry import register_rule, threshold_check


@register_rule("reident.k_anonymity", scanner="reident", title="k-anonymity", direction="lower_is_worse",
               source="Sweeney 2002, k-anonymity; EMA Policy 0070 guidance uses class size >= 11")
def evaluate(results, cfg):
    r = results["reident"]
    return [threshold_check("reident.k_anonymity", r.k, cfg, what=f"smallest class size k over {len(r.quasi_identifiers)} quasi-identifiers", direction="lower_is_worse", fmt="{:d}")]
