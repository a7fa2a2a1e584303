"""reident.small_classes: share of records in classes smaller than the policy's k."""

from ._registry import Rule


class SmallClasses(Rule):
    id = "reident.small_classes"
    scanner = "reident"
    title = "records in small classes"
    source = "El Emam & Dankar 2008; ARX records-at-risk"

    def check(self, results, cfg, params):
        r = results["reident"]
        return [
            self.threshold(
                r.share_in_small_classes,
                cfg,
                what=f"share of records in classes smaller than k={r.k_threshold}",
            )
        ]
