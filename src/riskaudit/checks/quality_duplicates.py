"""quality.duplicates: share of rows that repeat an earlier row exactly (NULL equals NULL)."""

from ._registry import register_rule, threshold_check

ID = "quality.duplicates"


@register_rule(ID, scanner="quality", title="duplicate rows", source="ydata-profiling DUPLICATES alert (any duplicate row); "
               "Deepchecks DataDuplicates (1 - unique rows / rows)")
def evaluate(results, cfg):
    d = results["quality"].duplicates
    return [threshold_check(ID, d.ratio, cfg, fmt="{:.4g}",
                            what=f"duplicate rows ({d.duplicate_rows:,} of {d.rows:,}, {d.duplicate_groups:,} groups) share")]
