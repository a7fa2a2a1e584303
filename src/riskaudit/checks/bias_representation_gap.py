"""bias.representation_gap: lowest observed/reference share ratio per protected attribute (bias.reference_population)."""

from ._registry import Rule


class RepresentationGap(Rule):
    id = "bias.representation_gap"
    scanner = "bias"
    title = "representation against the reference population"
    direction = "lower_is_worse"
    source = "EU AI Act Art. 10(3) (sufficiently representative data); chi-square goodness of fit"

    def check(self, results, cfg, params):
        r = results["bias"]
        out = []
        for a in r.attributes:
            rep = a.representation
            if rep is None or rep.min_ratio is None:
                continue
            worst = min((g for g in rep.groups if g.ratio is not None), key=lambda g: (g.ratio, g.group))
            p = f"; goodness-of-fit p={rep.p_value:.3g}" if rep.p_value is not None else ""
            out.append(
                self.threshold(
                    rep.min_ratio,
                    cfg,
                    column=a.attribute,
                    fmt="{:.3f}",
                    what=f"lowest share/reference ratio of {a.attribute} ({worst.group}: {worst.share:.3f} vs "
                    f"{worst.reference_share:.3f}{p})",
                )
            )
        if not out:
            out.append(
                self.not_measured(
                    cfg, reason="no reference population configured (bias.reference_population)"
                )
            )
        return out
