"""reident.population_uniqueness: estimated share of the population unique on the QIs (needs reident.population_size or sampling_fraction)."""

from ._registry import Rule


class PopulationUniqueness(Rule):
    id = "reident.population_uniqueness"
    scanner = "reident"
    title = "population uniqueness"
    source = (
        "Dankar et al. 2012 (BMC Med Inform Decis Mak 12:66) decision rule; ARX PopulationUniqueness model"
    )

    def check(self, results, cfg, params):
        r = results["reident"]
        value = r.population_uniqueness.estimate if r.population_uniqueness else None
        if value is None:
            why = getattr(r, "population_not_measured", None) or (
                "no population size or sampling fraction configured "
                "(reident.population_size / sampling_fraction)"
            )
            return [self.not_measured(cfg, reason=why)]
        return [
            self.threshold(
                value,
                cfg,
                what="estimated population uniqueness (" + r.population_uniqueness.model + ")",
                fmt="{:.4g}",
            )
        ]
