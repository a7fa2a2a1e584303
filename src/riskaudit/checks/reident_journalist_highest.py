"""reident.journalist_highest: highest journalist risk 1/min F (population table or F = f/pi)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "reident.journalist_highest"


@register_rule(ID, scanner="reident", title="highest journalist risk", direction="higher_is_worse",
               source="El Emam (2013); ARX RiskModelSampleSummary journalist risk")
def evaluate(results, cfg):
    r = results["reident"]
    value = r.journalist.highest if r.journalist else None
    if value is None:
        why = getattr(r, "population_not_measured", None) or "no population table, size or sampling fraction configured (reident.population_table / population_size / sampling_fraction)"
        return [not_measured(ID, cfg, what="highest journalist risk", reason=why)]
    return [threshold_check(ID, value, cfg, what="highest journalist risk 1/min F (" + r.journalist.population_source + ")", direction="higher_is_worse", fmt="{:.4g}")]
