"""quality.imbalance: class imbalance of the label, 1 - H(class shares) / log2(classes)."""

from ._registry import Rule


class Imbalance(Rule):
    id = "quality.imbalance"
    scanner = "quality"
    title = "class imbalance"
    source = "ydata-profiling IMBALANCE alert (imbalance score > 0.5)"

    def check(self, results, cfg, params):
        b = results["quality"].class_balance
        if b is None:
            return [
                self.not_measured(
                    cfg,
                    reason="no label column (--label, quality.label or columns.label), "
                    "or more classes than quality.max_classes",
                )
            ]
        if b.imbalance_score is None:
            return [self.not_measured(cfg, reason=f"the label {b.label} has {b.classes} class(es)")]
        return [
            self.threshold(
                b.imbalance_score,
                cfg,
                column=b.label,
                fmt="{:.3f}",
                what=f"imbalance score of {b.label} ({b.classes} classes, minority share {b.minority_share:.3g})",
            )
        ]
