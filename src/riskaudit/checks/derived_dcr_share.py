"""derived.dcr_share: share of synthetic rows closer to train than to holdout (mostlyai-qa DCR share, ties/2)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.dcr_share"
WHAT = "DCR share (synthetic rows closer to train than to holdout)"


@register_rule(
    ID,
    scanner="derived",
    title="DCR share",
    direction="higher_is_worse",
    source="mostlyai-qa Distances.dcr_share (expected 0.5; 'should not be significantly larger than 50%'); "
    "Platzer & Reutterer 2021",
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
    return [threshold_check(ID, s.dcr.dcr_share, cfg, what=WHAT, fmt="{:.4f}")]
