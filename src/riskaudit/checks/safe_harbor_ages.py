"""safe_harbor.ages: no age over 89, and no birth year indicating one (aggregate into 90+).

Parameter ``reference_year``: the year ages are measured at (default 2024); a birth year <= reference_year - 90
indicates an age over 89.
"""

from ..scorecard import Check
from ._registry import register_rule

ID = "safe_harbor.ages"
SOURCE = "45 CFR 164.514(b)(2)(i)(C): ages over 89 and date elements (including year) indicative of such age"


@register_rule(ID, scanner="safe_harbor", title="no ages over 89", direction="higher_is_worse", source=SOURCE)
def evaluate(results, cfg):
    sh = results["safe_harbor"]
    src = cfg.source or SOURCE
    ref = int((cfg.model_extra or {}).get("reference_year", 2024))
    fail = cfg.fail if cfg.fail is not None else 0
    out = []
    for col, a in sh.ages.items():
        status = "fail" if a.over_89 > fail else "pass"
        out.append(Check(id=ID, status=status, value=a.over_89, threshold=fail, scanner="safe_harbor", column=col, source=src,
                         message=f"{a.over_89:,} of {a.values:,} ages are over 89"))
    for col, d in sh.dates.items():
        if not d.birth or not d.year_counts:
            continue
        n = sum(c for y, c in d.year_counts.items() if y.isdigit() and int(y) <= ref - 90)
        status = "fail" if n > fail else "pass"
        out.append(Check(id=ID, status=status, value=n, threshold=fail, scanner="safe_harbor", column=col, source=src,
                         message=f"{n:,} records born in or before {ref - 90} (over 89 in {ref})"))
    if not out:
        out.append(Check(id=ID, status="pass", value=0, threshold=fail, scanner="safe_harbor", source=src, message="no age or birth column found"))
    return out
