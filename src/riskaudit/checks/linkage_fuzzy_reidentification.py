"""linkage.fuzzy_reidentification: share of auxiliary rows linked by Splink above the match threshold (correct when a true id is configured)."""

from ._registry import Rule


class FuzzyReidentification(Rule):
    id = "linkage.fuzzy_reidentification"
    scanner = "linkage"
    title = "fuzzy linkage re-identification"
    source = "Fellegi & Sunter 1969 (Splink); WP29 Opinion 05/2014 linkability"

    def check(self, results, cfg, params):
        r = results["linkage"]
        value = (
            (r.fuzzy.correct_rate if r.fuzzy.correct_rate is not None else r.fuzzy.link_rate)
            if r.fuzzy
            else None
        )
        if value is None:
            return [
                self.not_measured(cfg, reason="fuzzy linkage not run (linkage.fuzzy: true with linkage.aux)")
            ]
        return [
            self.threshold(
                value,
                cfg,
                what="share of auxiliary rows linked by Splink at p >= " + format(r.fuzzy.threshold, "g"),
                fmt="{:.4g}",
            )
        ]
