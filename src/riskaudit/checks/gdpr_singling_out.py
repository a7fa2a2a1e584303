"""gdpr.singling_out: share of records that are unique on the quasi-identifiers (can be singled out)."""

from ._registry import register_rule, threshold_check

ID = "gdpr.singling_out"


@register_rule(ID, scanner="reident", title="singling out", direction="higher_is_worse",
               source="WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (singling out); GDPR Recital 26")
def evaluate(results, cfg):
    r = results["reident"]
    share = r.sample_uniques / r.records if r.records else None
    return [threshold_check(ID, share, cfg, what="share of records unique on the quasi-identifiers", fmt="{:.4f}")]
