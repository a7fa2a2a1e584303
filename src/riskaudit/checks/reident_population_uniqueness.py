"""reident.population_uniqueness: estimated share of the population unique on the QIs (needs reident.population_size or sampling_fraction)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "reident.population_uniqueness"


@register_rule(ID, scanner="reident", title="population uniqueness", direction="higher_is_worse",
               source="Dankar et al. 2012 (BMC Med Inform Decis Mak 12:66) decision rule; ARX PopulationUniqueness model")
def evaluate(results, cfg):
    r = results["reident"]
    value = r.population_uniqueness.estimate if r.population_uniqueness else None
    if value is None:
        why = getattr(r, "population_not_measured", None) or "no population size or sampling fraction configured (reident.population_size / sampling_fraction)"
        return [not_measured(ID, cfg, what="population uniqueness", reason=why)]
    return [threshold_check(ID, value, cfg, what="estimated population uniqueness (" + r.population_uniqueness.model + ")", direction="higher_is_worse", fmt="{:.4g}")]
