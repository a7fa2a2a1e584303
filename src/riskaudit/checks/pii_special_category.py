"""pii.special_category: GDPR Art. 9 special-category data present (a legal basis under Art. 9(2) is needed)."""

from ..scorecard import Check
from ._registry import _params, register_rule

SOURCE = "GDPR Art. 9(1); CCPA 1798.140(ae) sensitive personal information"
RULE = "pii.special_category"


@register_rule(RULE, scanner="pii", title="GDPR Art. 9 special categories", direction="none",
               source=SOURCE)
def evaluate(results, cfg):
    r = results["pii"]
    status = _params(cfg).get("status", "warn")
    out = []
    for c, p in r.columns.items():
        if p.gdpr_special:
            out.append(Check(id=RULE, status=status, value=p.gdpr_special, scanner="pii", column=c,
                             source=cfg.source or SOURCE,
                             message=f"column '{c}' holds GDPR Art. 9 data ({', '.join(p.gdpr_special)}): document the Art. 9(2) basis"))
    if not out:
        out.append(Check(id=RULE, status="pass", value=[], scanner="pii", source=cfg.source or SOURCE,
                         message="no GDPR Art. 9 special-category column found"))
    return out
