"""derived.synthetic_attacks: largest singling-out / linkability / inference risk on the synthetic release
(Anonymeter-style, train as original, holdout as control)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "derived.synthetic_attacks"
WHAT = (
    "largest attack risk on the synthetic release (singling out, linkability, inference; holdout as control)"
)


@register_rule(
    ID,
    scanner="derived",
    title="attacks on the synthetic release",
    direction="higher_is_worse",
    source="Giomi et al. 2023 (Anonymeter), PoPETs; WP29 Opinion 05/2014 s. 2.2.3",
)
def evaluate(results, cfg):
    s = results["derived"].synthetic
    if s is None or s.attacks is None:
        why = (
            "no synthetic release with holdout (derived.synthetic, derived.holdout)"
            if s is None
            else "the attacks were switched off (derived.attacks: false)"
        )
        return [not_measured(ID, cfg, what=WHAT, reason=why)]
    a = s.attacks
    value = max(x.risk for x in (a.singling_out, a.linkability, a.inference) if x is not None)
    return [threshold_check(ID, value, cfg, what=WHAT, fmt="{:.4f}", lower_bound=a.lower_bound)]
