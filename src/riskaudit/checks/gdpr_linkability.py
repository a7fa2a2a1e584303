"""gdpr.linkability: share of people an auxiliary dataset links to exactly one record (from results.linkage)."""

from ..findings import get
from ..scorecard import Check
from ._registry import register_rule, threshold_check

ID = "gdpr.linkability"
SOURCE = "WP29 Opinion 05/2014 on Anonymisation Techniques, s. 2.2.3 (linkability)"
# Names the linkage result may use for the headline rate, in order of preference.
_CANDIDATES = (("exact", "correct_rate"), ("exact", "unique_match_rate"), ("correct_rate",), ("unique_match_rate",),
               ("reidentification_rate",), ("exact", "reidentification_rate"), ("fuzzy", "reidentification_rate"))


@register_rule(ID, scanner="linkage", title="linkability", direction="higher_is_worse", source=SOURCE)
def evaluate(results, cfg):
    lk = results["linkage"]
    for path in _CANDIDATES:
        v = get(lk, *path)
        if isinstance(v, int | float):
            return [threshold_check(ID, float(v), cfg, what="share of auxiliary records linked (" + ".".join(path) + ")", fmt="{:.4f}")]
    return [Check(id=ID, status="error", value=None, scanner="linkage", source=cfg.source or SOURCE,
                  message="linkability: the linkage result carries no re-identification rate")]
