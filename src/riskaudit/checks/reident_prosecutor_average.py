"""reident.prosecutor_average: records-weighted average prosecutor risk (classes / records)."""

from ._registry import register_rule, threshold_check


@register_rule("reident.prosecutor_average", scanner="reident", title="average prosecutor risk",
               source="El Emam; ARX RiskModelSampleSummary (records-weighted)")
def evaluate(results, cfg):
    r = results["reident"]
    return [threshold_check("reident.prosecutor_average", r.prosecutor.average_records_weighted, cfg,
                            what="average prosecutor risk (classes/records)")]
