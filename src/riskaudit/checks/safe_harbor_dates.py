"""safe_harbor.dates: dates directly related to a person carry the year only."""

from ..scorecard import Check
from ._registry import register_rule

ID = "safe_harbor.dates"
SOURCE = "45 CFR 164.514(b)(2)(i)(C): all elements of dates (except year)"


@register_rule(ID, scanner="safe_harbor", title="dates reduced to the year", direction="higher_is_worse", source=SOURCE)
def evaluate(results, cfg):
    sh = results["safe_harbor"]
    src = cfg.source or SOURCE
    fail = cfg.fail if cfg.fail is not None else 0
    out = []
    for col, d in sh.dates.items():
        status = "fail" if d.finer_than_year > fail else "pass"
        out.append(Check(id=ID, status=status, value=d.finer_than_year, threshold=fail, scanner="safe_harbor", column=col,
                         source=src, message=f"{d.finer_than_year:,} of {d.values:,} values are more precise than the year"))
    if not out:
        out.append(Check(id=ID, status="pass", value=0, threshold=fail, scanner="safe_harbor", source=src, message="no date column found"))
    return out
