"""derived.model_membership: TPR at FPR 0.1 % of a membership-inference attack on a trained model (scores supplied)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.model_membership"
WHAT = "model membership attack TPR at FPR 0.1%"


@register_rule(
    ID,
    scanner="derived",
    title="model membership inference (TPR at low FPR)",
    direction="higher_is_worse",
    source="Carlini et al. 2022, Membership Inference Attacks From First Principles (IEEE S&P): report "
    "TPR at low FPR; a random guess has TPR = FPR",
)
def evaluate(results, cfg):
    m = results["derived"].model
    if m is None:
        return [
            not_measured(
                ID,
                cfg,
                what=WHAT,
                reason="no membership scores given (derived.scores, riskaudit model-privacy --scores)",
            )
        ]
    met = m.metrics
    # with fewer than 1,000 non-members no threshold gives FPR 0.1 % but FPR 0: the value is the TPR there, a lower bound
    bound = (
        (
            f"{met.non_members:,} non-members resolve FPR only to {met.fpr_resolution:.3g}; the value is the TPR at "
            "FPR 0"
        )
        if met.fpr_resolution > 0.001
        else None
    )
    return [threshold_check(ID, met.tpr_at_fpr["0.001"], cfg, what=WHAT, fmt="{:.4f}", lower_bound=bound)]
