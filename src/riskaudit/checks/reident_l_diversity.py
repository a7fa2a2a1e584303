"""reident.l_diversity: smallest distinct l over the sensitive attributes."""

from ._registry import Rule


class LDiversity(Rule):
    id = "reident.l_diversity"
    scanner = "reident"
    title = "distinct l-diversity"
    direction = "lower_is_worse"
    source = "Machanavajjhala et al. 2007, l-diversity"

    def check(self, results, cfg, params):
        r = results["reident"]
        value = min(v.distinct_l for v in r.l_diversity.values()) if r.l_diversity else None
        if value is None:
            return [self.not_measured(cfg, reason="no sensitive attributes configured (columns.sensitive)")]
        return [
            self.threshold(
                value, cfg, what="smallest distinct l over " + ", ".join(sorted(r.l_diversity)), fmt="{:d}"
            )
        ]
