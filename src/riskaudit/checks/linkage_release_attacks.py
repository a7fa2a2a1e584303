"""linkage.release_attacks: largest control-corrected Anonymeter-style risk (singling out, linkability, inference)."""

from ._registry import not_measured, register_rule, threshold_check

ID = "linkage.release_attacks"


@register_rule(ID, scanner="linkage", title="singling-out / linkability / inference risk", direction="higher_is_worse",
               source="Giomi et al. 2023 (Anonymeter); WP29 Opinion 05/2014 s. 2.2.3")
def evaluate(results, cfg):
    r = results["linkage"]
    value = max(x.risk.value for x in (r.anonymeter.singling_out, r.anonymeter.linkability, r.anonymeter.inference) if x is not None) if r.anonymeter else None
    if value is None:
        return [not_measured(ID, cfg, what="singling-out / linkability / inference risk",
                             reason="no release configured (linkage.anonymeter.release)")]
    return [threshold_check(ID, value, cfg, what="largest release-attack risk (singling out, linkability, inference)", direction="higher_is_worse", fmt="{:.4g}")]
