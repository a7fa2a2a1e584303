"""bias.small_groups: groups below bias.min_group_size or bias.min_group_share of rows (reported, never dropped;
NYC LL144 s. 5-301(d) lets them be excluded from impact ratios but requires their counts and rates)."""

from ._registry import Rule


class SmallGroups(Rule):
    id = "bias.small_groups"
    scanner = "bias"
    title = "small groups"
    source = "NYC LL144 6 RCNY 5-301(d) (2% of data); adverse-impact practice"

    def check(self, results, cfg, params):
        r = results["bias"]
        out = []
        for a in r.attributes:
            if a.intersection:
                continue
            small = [g for g in a.groups if g.small and not g.unknown]
            shown = "; ".join(
                f"{g.group} n={g.n}" + (f" rate={g.base_rate:.3f}" if g.base_rate is not None else "")
                for g in small[:10]
            ) + (" ..." if len(small) > 10 else "")
            what = (
                f"groups of {a.attribute} below {r.min_group_size} rows or {r.min_group_share:.0%} of rows"
                + (f" ({shown})" if small else "")
                + f"; Unknown group n={a.unknown_count}"
            )
            out.append(self.threshold(len(small), cfg, what=what, column=a.attribute, fmt="{:d}"))
        if not out:
            out.append(self.not_measured(cfg, reason="no protected attribute audited (columns.protected)"))
        return out
