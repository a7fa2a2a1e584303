"""gdpr.inference: sensitive values inferable from the quasi-identifiers (lowest distinct l-diversity)."""

from ._registry import Rule


class Inference(Rule):
    id = "gdpr.inference"
    scanner = "reident"
    title = "inference (l-diversity)"
    direction = "lower_is_worse"
    source = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (inference); Machanavajjhala et al. 2007 (l-diversity)"

    def check(self, results, cfg, params):
        v = results["reident"].min_distinct_l()
        if v is None:
            return [self.not_measured(cfg, reason="no sensitive attributes configured (columns.sensitive)")]
        return [
            self.threshold(v, cfg, what="smallest distinct l-diversity of a sensitive attribute", fmt="{:g}")
        ]


evaluate = Inference.instance().evaluate
