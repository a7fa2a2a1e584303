"""bias.equalized_odds: fairlearn equalized-odds difference (worst of TPR and FPR max-min over eligible groups)
of the model decision against the label, per protected attribute and intersection."""

from ._bias_inputs import decision_missing_reason, decision_role, label_missing_reason
from ._registry import Rule


class EqualizedOdds(Rule):
    id = "bias.equalized_odds"
    scanner = "bias"
    title = "model equalized odds"
    source = "Hardt, Price & Srebro 2016 (equalized odds); fairlearn equalized_odds_difference"

    def check(self, results, cfg, params):
        r = results["bias"]
        out = []
        for a in r.attributes:
            m = a.model
            if m is None or m.equalized_odds_difference is None:
                continue
            ci = m.equalized_odds_difference_ci
            ci_s = (
                f", 95% CI {ci.low:.3f}-{ci.high:.3f}"
                if ci is not None and ci.low is not None and ci.high is not None
                else ""
            )
            out.append(
                self.threshold(
                    m.equalized_odds_difference,
                    cfg,
                    column=a.attribute,
                    fmt="{:.3f}",
                    judged_by=decision_role(r),
                    what=f"equalized-odds difference of '{m.prediction}' by {a.attribute}{ci_s}",
                )
            )
        if not out:
            reasons = [x for x in (decision_missing_reason(r), label_missing_reason(r)) if x]
            out.append(
                self.not_measured(
                    cfg,
                    reason="; ".join(reasons) or "no group with labelled positives and negatives to compare",
                )
            )
        return out
