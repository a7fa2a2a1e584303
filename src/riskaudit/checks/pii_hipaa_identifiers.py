"""pii.hipaa_identifiers: per column, a HIPAA Safe Harbor identifier (letters A-R) is present."""

from ..pii import HIPAA_LETTERS
from ..scorecard import Check
from ._registry import _params, register_rule

SOURCE = "45 CFR 164.514(b)(2)(i)(A)-(R)"
RULE = "pii.hipaa_identifiers"


@register_rule(RULE, scanner="pii", title="no HIPAA Safe Harbor identifiers", direction="none",
               source=SOURCE)
def evaluate(results, cfg):
    """Params: ``allow`` (letters tolerated, e.g. [C] when dates are handled elsewhere); status from ``status`` (fail)."""
    r = results["pii"]
    allow = set(_params(cfg).get("allow", []))
    status = _params(cfg).get("status", "fail")
    out = []
    for c, p in r.columns.items():
        letters = [x for x in p.hipaa if x not in allow]
        if not letters:
            continue
        what = "; ".join(f"{x} ({HIPAA_LETTERS.get(x, '?')})" for x in letters)
        out.append(Check(id=RULE, status=status, value=letters, scanner="pii", column=c, source=cfg.source or SOURCE,
                         message=f"column '{c}' holds HIPAA identifier {what}"))
    if not out:
        out.append(Check(id=RULE, status="pass", value=[], scanner="pii", source=cfg.source or SOURCE,
                         message="no HIPAA Safe Harbor identifier found"))
    return out
