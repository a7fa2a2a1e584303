"""quality.missing_share: the largest share of missing values in any column."""

from ._registry import Rule


class MissingShare(Rule):
    id = "quality.missing_share"
    scanner = "quality"
    title = "missing values"
    source = "ydata-profiling MISSING alert (above 1% of a column)"

    def check(self, results, cfg, params):
        m = results["quality"].missing
        if not m.columns:
            return [self.result(cfg, status="pass", value=0.0, message="no columns")]
        col, worst = max(m.columns.items(), key=lambda kv: (kv[1].share, kv[0]))
        th = cfg.warn if cfg.warn is not None else cfg.fail
        over = sorted(c for c, v in m.columns.items() if th is not None and v.share > th)
        more = (
            f"; columns above {th:g}: {', '.join(over[:10])}" + (" ..." if len(over) > 10 else "")
            if over
            else ""
        )
        return [
            self.threshold(
                worst.share,
                cfg,
                column=col,
                fmt="{:.4g}",
                what=f"largest missing share ({col}; {m.rows_with_any:,} rows with any missing value{more})",
            )
        ]
