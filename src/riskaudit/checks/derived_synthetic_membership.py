"""derived.synthetic_membership: AUC of the DOMIAS-style density-ratio membership attack on the synthetic release."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.synthetic_membership"
WHAT = "DOMIAS-style membership attack AUC"


@register_rule(
    ID,
    scanner="derived",
    title="synthetic-data membership inference",
    direction="higher_is_worse",
    source="van Breugel et al. 2023, Membership Inference Attacks against Synthetic Data through "
    "Overfitting Detection (DOMIAS), AISTATS",
)
def evaluate(results, cfg):
    s = results["derived"].synthetic
    if s is None or s.domias is None:
        why = (
            "no synthetic release with holdout (derived.synthetic, derived.holdout)"
            if s is None
            else "the holdout is too small for the attack (at least 10 rows)"
        )
        return [not_measured(ID, cfg, what=WHAT, reason=why)]
    return [threshold_check(ID, s.domias.metrics.auc, cfg, what=WHAT, fmt="{:.4f}")]
