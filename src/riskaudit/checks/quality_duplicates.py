"""quality.duplicates: share of rows that repeat an earlier row exactly (NULL equals NULL)."""

from ._registry import Rule


class Duplicates(Rule):
    id = "quality.duplicates"
    scanner = "quality"
    title = "duplicate rows"
    source = (
        "ydata-profiling DUPLICATES alert (any duplicate row); "
        "Deepchecks DataDuplicates (1 - unique rows / rows)"
    )

    def check(self, results, cfg, params):
        d = results["quality"].duplicates
        return [
            self.threshold(
                d.ratio,
                cfg,
                fmt="{:.4g}",
                what=f"duplicate rows ({d.duplicate_rows:,} of {d.rows:,}, {d.duplicate_groups:,} groups) share",
            )
        ]
