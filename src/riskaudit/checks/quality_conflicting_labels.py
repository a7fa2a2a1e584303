"""quality.conflicting_labels: share of rows in groups of identical features with more than one label."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.conflicting_labels"


@register_rule(ID, scanner="quality", title="conflicting labels",
               source="Deepchecks ConflictingLabels (default condition: ratio 0)")
def evaluate(results, cfg):
    c = results["quality"].conflicting_labels
    if c is None:
        return [not_measured(ID, cfg, "conflicting labels", "no label column (--label, quality.label or columns.label)")]
    return [threshold_check(ID, c.ratio, cfg, column=c.label, fmt="{:.4g}",
                            what=f"rows with conflicting labels ({c.rows:,} rows in {c.groups:,} feature groups) share")]
