"""bias.significant_disparity: eligible groups whose outcome rate is significantly below the most favoured group's
(Holm-adjusted Fisher/chi-square p < bias.alpha and impact-ratio CI entirely below 1)."""

from ._bias_inputs import class_facet, label_missing_reason
from ._registry import Rule


class SignificantDisparity(Rule):
    id = "bias.significant_disparity"
    scanner = "bias"
    title = "statistically significant disparity"
    source = "EEOC 29 CFR 1607.4(D) (statistical significance); Fisher exact / chi-square tests"

    def check(self, results, cfg, params):
        r = results["bias"]
        out = []
        for a in r.attributes:
            multi = a.outcome is None
            summaries = [a.outcome] if a.outcome is not None else [c.outcome for c in a.one_vs_rest]
            for o in summaries:
                if o is None or o.reference_group is None:
                    continue
                groups = o.significantly_disadvantaged
                shown = ", ".join(groups[:8]) + (" ..." if len(groups) > 8 else "")
                what = (
                    f"groups of {a.attribute} with a significantly lower rate of '{o.column}' = {o.positive} than {o.reference_group}"
                    + (f" ({shown})" if groups else "")
                )
                out.append(
                    self.threshold(
                        len(groups),
                        cfg,
                        what=what,
                        column=a.attribute,
                        fmt="{:d}",
                        judged_by="label",
                        facet=class_facet(o.positive) if multi else None,
                    )
                )
        if not out:
            out.append(
                self.not_measured(
                    cfg,
                    reason=label_missing_reason(r)
                    or "no group with enough rows to compare (bias.min_group_size / min_group_share)",
                )
            )
        return out
