"""reident.journalist_highest: highest journalist risk 1/min F (population table or F = f/pi)."""

from ._registry import Rule


class JournalistHighest(Rule):
    id = "reident.journalist_highest"
    scanner = "reident"
    title = "highest journalist risk"
    source = "El Emam (2013); ARX RiskModelSampleSummary journalist risk"

    def check(self, results, cfg, params):
        r = results["reident"]
        value = r.journalist.highest if r.journalist else None
        if value is None:
            why = getattr(r, "population_not_measured", None) or (
                "no population table, size or sampling fraction configured "
                "(reident.population_table / population_size / sampling_fraction)"
            )
            return [self.not_measured(cfg, reason=why)]
        return [
            self.threshold(
                value,
                cfg,
                what="highest journalist risk 1/min F (" + r.journalist.population_source + ")",
                fmt="{:.4g}",
            )
        ]
