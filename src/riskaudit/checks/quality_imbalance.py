"""quality.imbalance: class imbalance of the label, 1 - H(class shares) / log2(classes)."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.imbalance"


@register_rule(ID, scanner="quality", title="class imbalance", source="ydata-profiling IMBALANCE alert (imbalance score > 0.5)")
def evaluate(results, cfg):
    b = results["quality"].class_balance
    if b is None:
        return [not_measured(ID, cfg, "class imbalance", "no label column (--label, quality.label or columns.label), "
                             "or more classes than quality.max_classes")]
    if b.imbalance_score is None:
        return [not_measured(ID, cfg, "class imbalance", f"the label {b.label} has {b.classes} class(es)")]
    return [threshold_check(ID, b.imbalance_score, cfg, column=b.label, fmt="{:.3f}",
                            what=f"imbalance score of {b.label} ({b.classes} classes, minority share {b.minority_share:.3g})")]
