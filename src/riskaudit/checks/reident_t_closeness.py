"""reident.t_closeness: largest t over the sensitive attributes."""

from ._registry import not_measured, register_rule, threshold_check

ID = "reident.t_closeness"


@register_rule(ID, scanner="reident", title="t-closeness", direction="higher_is_worse",
               source="Li, Li & Venkatasubramanian 2007, t-closeness (equal/ordered distance)")
def evaluate(results, cfg):
    r = results["reident"]
    value = max((v.t for v in r.t_closeness.values() if v.t is not None), default=None) if r.t_closeness else None
    if value is None:
        return [not_measured(ID, cfg, what="t-closeness",
                             reason="no sensitive attributes configured (columns.sensitive), or no distance could be computed")]
    return [threshold_check(ID, value, cfg, what="largest t over " + ", ".join(sorted(r.t_closeness)), direction="higher_is_worse", fmt="{:.4g}")]
