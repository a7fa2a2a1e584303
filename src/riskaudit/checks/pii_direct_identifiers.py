"""pii.direct_identifiers: a dataset licensed for AI work should hold no direct identifier column."""

from ..scorecard import Check
from ._registry import register_rule

SOURCE = "HIPAA 45 CFR 164.514(b)(2); GDPR Art. 4(1) identifiers; ISO/IEC 20889 direct identifiers"
RULE = "pii.direct_identifiers"


@register_rule(RULE, scanner="pii", title="no direct identifiers", direction="higher_is_worse",
               source=SOURCE)
def evaluate(results, cfg):
    r = results["pii"]
    cols = [c for c, p in r.columns.items() if p.role == "direct_identifier"]
    status = "fail" if cols and cfg.fail is not None and len(cols) > cfg.fail else (
        "warn" if cols and cfg.warn is not None and len(cols) > cfg.warn else "pass")
    th = cfg.fail if status != "warn" else cfg.warn
    if not cols:
        return [Check(id=RULE, status="pass", value=0, threshold=th, scanner="pii", source=cfg.source or SOURCE,
                      message="no direct identifier column found")]
    out = []
    for c in cols:
        p = r.columns[c]
        out.append(Check(id=RULE, status=status, value=p.decision, threshold=th, scanner="pii", column=c,
                         source=cfg.source or SOURCE,
                         message=f"column '{c}' is a direct identifier ({p.decision}, confidence {p.confidence:.2f}): drop or pseudonymise it"))
    return out
