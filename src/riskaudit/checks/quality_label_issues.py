"""quality.label_issues: share of examined rows whose given label confident learning flags as likely wrong."""

from ._registry import Rule


class LabelIssues(Rule):
    id = "quality.label_issues"
    scanner = "quality"
    title = "label issues"
    source = (
        "Northcutt, Jiang & Chuang, Confident Learning, JAIR 2021; Northcutt, Athalye & Mueller 2021 "
        "(3.3% label errors on average in 10 benchmark test sets)"
    )

    def check(self, results, cfg, params):
        li = results["quality"].label_issues
        if li is None:
            return [
                self.not_measured(
                    cfg,
                    reason="confident learning not run (needs a label and quality.label_issues, "
                    "--label-issues or --pred-probs)",
                )
            ]
        what = (
            f"label-issue rate by confident learning ({li.issues:,} of {li.rows_examined:,} "
            + ("sampled " if li.sample else "")
            + f"rows; {li.method})"
        )
        return [self.threshold(li.rate, cfg, fmt="{:.4g}", what=what)]
