"""bias.four_fifths: lowest impact ratio (group rate / most favoured group's rate) per protected attribute and
intersection, for the label and for the model decision. Unknown and small groups are reported but not judged."""

from ._bias_inputs import decision_missing_reason, decision_role, label_missing_reason
from ._registry import Rule


def _ci(ci) -> str:
    return (
        f", 95% CI {ci.low:.3f}-{ci.high:.3f}"
        if ci is not None and ci.low is not None and ci.high is not None
        else ""
    )


class FourFifths(Rule):
    id = "bias.four_fifths"
    scanner = "bias"
    title = "impact ratio (four-fifths rule)"
    direction = "lower_is_worse"
    source = "EEOC Uniform Guidelines 29 CFR 1607.4(D); NYC LL144 6 RCNY 5-300/5-301"

    def check(self, results, cfg, params):
        r = results["bias"]
        out = []
        for a in r.attributes:
            if a.outcome is not None and a.outcome.min_impact_ratio is not None:
                o = a.outcome
                out.append(
                    self.threshold(
                        o.min_impact_ratio,
                        cfg,
                        column=a.attribute,
                        fmt="{:.3f}",
                        judged_by="label",
                        what=f"lowest impact ratio of '{o.column}' = {o.positive} by {a.attribute} "
                        f"({o.min_impact_ratio_group} vs {o.reference_group}{_ci(o.min_impact_ratio_ci)})",
                    )
                )
            if a.model is not None and a.model.min_impact_ratio is not None:
                m = a.model
                grp = next((g for g in m.groups if g.group == m.min_impact_ratio_group), None)
                out.append(
                    self.threshold(
                        m.min_impact_ratio,
                        cfg,
                        column=a.attribute,
                        fmt="{:.3f}",
                        judged_by=decision_role(r),
                        what=f"lowest selection-rate impact ratio of decision '{m.prediction}' by {a.attribute} "
                        f"({m.min_impact_ratio_group} vs {m.reference_group}{_ci(grp.impact_ratio_ci if grp else None)})",
                    )
                )
        if not out:
            reasons = [x for x in (label_missing_reason(r), decision_missing_reason(r)) if x]
            out.append(
                self.not_measured(
                    cfg,
                    reason="; ".join(reasons)
                    or "no group with enough rows to compare (bias.min_group_size / min_group_share)",
                )
            )
        return out


evaluate = FourFifths.instance().evaluate
