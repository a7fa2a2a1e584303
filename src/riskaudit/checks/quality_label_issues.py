"""quality.label_issues: share of examined rows whose given label confident learning flags as likely wrong."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.label_issues"


@register_rule(ID, scanner="quality", title="label issues",
               source="Northcutt, Jiang & Chuang, Confident Learning, JAIR 2021; Northcutt, Athalye & Mueller 2021 "
               "(3.3% label errors on average in 10 benchmark test sets)")
def evaluate(results, cfg):
    li = results["quality"].label_issues
    if li is None:
        return [not_measured(ID, cfg, "label issues", "confident learning not run (needs a label and quality.label_issues, "
                             "--label-issues or --pred-probs)")]
    what = (f"label-issue rate by confident learning ({li.issues:,} of {li.rows_examined:,} "
            + ("sampled " if li.sample else "") + f"rows; {li.method})")
    return [threshold_check(ID, li.rate, cfg, fmt="{:.4g}", what=what)]
