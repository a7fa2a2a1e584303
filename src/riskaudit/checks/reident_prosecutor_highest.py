"""reident.prosecutor_highest: highest prosecutor risk 1/k."""

from ._registry import Rule


class ProsecutorHighest(Rule):
    id = "reident.prosecutor_highest"
    scanner = "reident"
    title = "highest prosecutor risk"
    source = "El Emam, Guide to the De-Identification of Personal Health Information (2013)"

    def check(self, results, cfg, params):
        r = results["reident"]
        return [self.threshold(r.prosecutor.highest, cfg, what="highest prosecutor risk (1/k)")]
