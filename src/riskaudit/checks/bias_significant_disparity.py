"""bias.significant_disparity: eligible groups whose outcome rate is significantly below the most favoured group's
(Holm-adjusted Fisher/chi-square p < bias.alpha and impact-ratio CI entirely below 1)."""

from ..scorecard import Check
from ._registry import register_rule, threshold_check

ID = "bias.significant_disparity"


@register_rule(ID, scanner="bias", title="statistically significant disparity",
               source="EEOC 29 CFR 1607.4(D) (statistical significance); Fisher exact / chi-square tests")
def evaluate(results, cfg):
    r = results["bias"]
    out = []
    for a in r.attributes:
        summaries = [a.outcome] if a.outcome is not None else [c.outcome for c in a.one_vs_rest]
        for o in summaries:
            if o is None or o.reference_group is None:
                continue
            groups = o.significantly_disadvantaged
            shown = ", ".join(groups[:8]) + (" ..." if len(groups) > 8 else "")
            what = (f"groups of {a.attribute} with a significantly lower rate of '{o.column}' = {o.positive} than {o.reference_group}"
                    + (f" ({shown})" if groups else ""))
            out.append(threshold_check(ID, len(groups), cfg, what=what, column=a.attribute, fmt="{:d}"))
    if not out:
        out.append(Check(id=ID, status="pass", value=None, threshold=cfg.fail, scanner="bias", source=cfg.source,
                         message="no label configured (columns.label): no outcome disparity to test"))
    return out
