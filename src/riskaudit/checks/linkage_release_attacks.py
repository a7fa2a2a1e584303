"""linkage.release_attacks: largest control-corrected Anonymeter-style risk (singling out, linkability, inference)."""

from ._registry import Rule


class ReleaseAttacks(Rule):
    id = "linkage.release_attacks"
    scanner = "linkage"
    title = "singling-out / linkability / inference risk"
    source = "Giomi et al. 2023 (Anonymeter); WP29 Opinion 05/2014 s. 2.2.3"

    def check(self, results, cfg, params):
        r = results["linkage"]
        a = r.anonymeter
        value = (
            max(x.risk.value for x in (a.singling_out, a.linkability, a.inference) if x is not None)
            if a
            else None
        )
        if value is None:
            return [self.not_measured(cfg, reason="no release configured (linkage.anonymeter.release)")]
        # the largest of the three is a lower bound when linkability or inference searched only part of the release
        bound = a.lower_bound_reason() if (a.linkability or a.inference) else None
        return [
            self.threshold(
                value,
                cfg,
                what="largest release-attack risk (singling out, linkability, inference)",
                fmt="{:.4g}",
                lower_bound=bound,
            )
        ]
