"""gdpr.singling_out: share of records that are unique on the quasi-identifiers (can be singled out)."""

from ._registry import Rule


class SinglingOut(Rule):
    id = "gdpr.singling_out"
    scanner = "reident"
    title = "singling out"
    source = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (singling out); GDPR Recital 26"

    def check(self, results, cfg, params):
        r = results["reident"]
        share = r.sample_uniques / r.records if r.records else None
        return [
            self.threshold(share, cfg, what="share of records unique on the quasi-identifiers", fmt="{:.4f}")
        ]


evaluate = SinglingOut.instance().evaluate
