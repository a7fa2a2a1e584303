"""derived.model_membership: TPR at FPR 0.1 % of a membership-inference attack on a trained model (scores supplied)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.model_membership"
WHAT = "model membership attack TPR at FPR 0.1%"


@register_rule(ID, scanner="derived", title="model membership inference (TPR at low FPR)", direction="higher_is_worse",
               source="Carlini et al. 2022, Membership Inference Attacks From First Principles (IEEE S&P): report "
                      "TPR at low FPR; a random guess has TPR = FPR")
def evaluate(results, cfg):
    m = results["derived"].model
    if m is None:
        return [not_measured(ID, cfg, what=WHAT, reason="no membership scores given (derived.scores, riskaudit model-privacy --scores)")]
    return [threshold_check(ID, m.metrics.tpr_at_fpr["0.001"], cfg, what=WHAT, fmt="{:.4f}")]
