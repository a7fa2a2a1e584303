"""safe_harbor.zip3: geography no finer than ZIP3, and restricted ZIP3s (<= 20,000 people) changed to 000.

Parameters (policy): ``restricted_zip3`` (list of prefixes) and ``census_vintage`` (the Census the list comes
from; HHS publishes the 2000 Census list and warns to re-derive it from newer data).
"""

from ..scorecard import Check
from ._registry import register_rule

ID = "safe_harbor.zip3"
SOURCE = "45 CFR 164.514(b)(2)(i)(B); HHS de-identification guidance (restricted ZIP3s, 2000 Census)"
HHS_2000 = ["036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884", "890", "893"]


@register_rule(ID, scanner="safe_harbor", title="ZIP codes reduced to allowed ZIP3", direction="higher_is_worse", source=SOURCE)
def evaluate(results, cfg):
    sh = results["safe_harbor"]
    params = cfg.model_extra or {}
    restricted = {str(z).zfill(3) for z in params.get("restricted_zip3", HHS_2000)}
    vintage = params.get("census_vintage", 2000)
    src = cfg.source or SOURCE
    fail = cfg.fail if cfg.fail is not None else 0
    out = []
    for col, g in sh.geographic.items():
        bad_prefix = {p: n for p, n in g.zip3_counts.items() if p in restricted}
        n_bad = sum(bad_prefix.values())
        if g.more_than_3_digits > fail:
            out.append(Check(id=ID, status="fail", value=g.more_than_3_digits, threshold=fail, scanner="safe_harbor", column=col,
                             source=src, facet="digits", message=f"{g.more_than_3_digits:,} of {g.values:,} values have more than 3 ZIP digits"))
        if n_bad > fail:
            out.append(Check(id=ID, status="fail", value=n_bad, threshold=fail, scanner="safe_harbor", column=col, source=src,
                             facet="restricted_zip3", message=f"{n_bad:,} records in restricted ZIP3s ({', '.join(sorted(bad_prefix))}; Census {vintage}) "
                                     "not changed to 000"))
        if g.more_than_3_digits <= fail and n_bad <= fail:
            out.append(Check(id=ID, status="pass", value=0, threshold=fail, scanner="safe_harbor", column=col, source=src,
                             message=f"ZIP3 only; no restricted ZIP3 (Census {vintage} list)"))
    if not out:
        out.append(Check(id=ID, status="pass", value=0, threshold=fail, scanner="safe_harbor", source=src,
                         message="no ZIP-code column found"))
    return out
