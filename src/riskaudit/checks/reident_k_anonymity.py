"""reident.k_anonymity: the smallest equivalence class must reach k."""

from ._registry import Rule


class KAnonymity(Rule):
    id = "reident.k_anonymity"
    scanner = "reident"
    title = "k-anonymity"
    direction = "lower_is_worse"
    source = "Sweeney 2002, k-anonymity; EMA Policy 0070 guidance uses class size >= 11"

    def check(self, results, cfg, params):
        r = results["reident"]
        return [
            self.threshold(
                r.k,
                cfg,
                what=f"smallest class size k over {len(r.quasi_identifiers)} quasi-identifiers",
                fmt="{:d}",
            )
        ]
