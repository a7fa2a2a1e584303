"""linkage.exact_reidentification: share of auxiliary rows re-identified by an exact join (correct when a true id is configured, else unique matches)."""

from ._registry import Rule


class ExactReidentification(Rule):
    id = "linkage.exact_reidentification"
    scanner = "linkage"
    title = "exact linkage re-identification"
    source = "Sweeney 2000 (ZIP, birth date, sex); WP29 Opinion 05/2014 linkability"

    def check(self, results, cfg, params):
        r = results["linkage"]
        value = (
            (r.exact.correct_rate if r.exact.correct_rate is not None else r.exact.unique_match_rate)
            if r.exact
            else None
        )
        if value is None:
            return [self.not_measured(cfg, reason="no auxiliary table configured (linkage.aux)")]
        what = (
            "share of auxiliary rows correctly re-identified"
            if r.exact.correct_rate is not None
            else "share of auxiliary rows matching exactly one record"
        )
        return [self.threshold(value, cfg, what=what + " on " + ", ".join(r.on), fmt="{:.4g}")]
