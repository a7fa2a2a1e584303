"""derived.identical_matches: excess of synthetic rows identical to a train row over those identical to a holdout row."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.identical_matches"
WHAT = "identical match share to train minus to holdout"


@register_rule(
    ID,
    scanner="derived",
    title="identical matches (train vs holdout)",
    direction="higher_is_worse",
    source="mostlyai-qa Distances.ims_training vs ims_holdout (about as many identical matches expected)",
)
def evaluate(results, cfg):
    s = results["derived"].synthetic
    if s is None:
        return [
            not_measured(
                ID,
                cfg,
                what=WHAT,
                reason="no synthetic release with holdout (derived.synthetic, derived.holdout)",
            )
        ]
    return [threshold_check(ID, s.dcr.ims_train - s.dcr.ims_holdout, cfg, what=WHAT, fmt="{:.4f}")]
