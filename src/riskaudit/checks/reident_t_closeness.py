"""reident.t_closeness: largest t over the sensitive attributes."""

from ._registry import Rule


class TCloseness(Rule):
    id = "reident.t_closeness"
    scanner = "reident"
    title = "t-closeness"
    source = "Li, Li & Venkatasubramanian 2007, t-closeness (equal/ordered distance)"

    def check(self, results, cfg, params):
        r = results["reident"]
        value = (
            max((v.t for v in r.t_closeness.values() if v.t is not None), default=None)
            if r.t_closeness
            else None
        )
        if value is None:
            return [
                self.not_measured(
                    cfg,
                    reason="no sensitive attributes configured (columns.sensitive), or no distance could be computed",
                )
            ]
        return [
            self.threshold(
                value, cfg, what="largest t over " + ", ".join(sorted(r.t_closeness)), fmt="{:.4g}"
            )
        ]
