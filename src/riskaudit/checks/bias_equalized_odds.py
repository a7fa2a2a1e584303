"""bias.equalized_odds: fairlearn equalized-odds difference (worst of TPR and FPR max-min over eligible groups)
of the model decision against the label, per protected attribute and intersection."""

from ..scorecard import Check
from ._registry import register_rule, threshold_check

ID = "bias.equalized_odds"


@register_rule(ID, scanner="bias", title="model equalized odds",
               source="Hardt, Price & Srebro 2016 (equalized odds); fairlearn equalized_odds_difference")
def evaluate(results, cfg):
    r = results["bias"]
    out = []
    for a in r.attributes:
        m = a.model
        if m is None or m.equalized_odds_difference is None:
            continue
        ci = m.equalized_odds_difference_ci
        ci_s = f", 95% CI {ci.low:.3f}-{ci.high:.3f}" if ci is not None and ci.low is not None and ci.high is not None else ""
        out.append(threshold_check(ID, m.equalized_odds_difference, cfg, column=a.attribute, fmt="{:.3f}",
                                   what=f"equalized-odds difference of '{m.prediction}' by {a.attribute}{ci_s}"))
    if not out:
        out.append(Check(id=ID, status="pass", value=None, threshold=cfg.fail, scanner="bias", source=cfg.source,
                         message="no decision and label configured (columns.prediction/score and columns.label): not measured"))
    return out
