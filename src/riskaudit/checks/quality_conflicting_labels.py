"""quality.conflicting_labels: share of rows in groups of identical features with more than one label."""

from ._registry import Rule


class ConflictingLabels(Rule):
    id = "quality.conflicting_labels"
    scanner = "quality"
    title = "conflicting labels"
    source = "Deepchecks ConflictingLabels (default condition: ratio 0)"

    def check(self, results, cfg, params):
        c = results["quality"].conflicting_labels
        if c is None:
            return [
                self.not_measured(cfg, reason="no label column (--label, quality.label or columns.label)")
            ]
        return [
            self.threshold(
                c.ratio,
                cfg,
                column=c.label,
                fmt="{:.4g}",
                what=f"rows with conflicting labels ({c.rows:,} rows in {c.groups:,} feature groups) share",
            )
        ]
