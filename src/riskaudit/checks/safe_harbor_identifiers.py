"""safe_harbor.identifiers: no column may hold one of the 18 HIPAA identifiers (from the PII scan)."""

from ..findings import HIPAA_LETTERS, pii_columns
from ..scorecard import Check
from ._registry import register_rule

ID = "safe_harbor.identifiers"
SOURCE = "45 CFR 164.514(b)(2)(i)(A)-(R)"


@register_rule(ID, scanner="pii", title="HIPAA identifiers removed", direction="none", source=SOURCE)
def evaluate(results, cfg):
    src = cfg.source or SOURCE
    skip = set((cfg.model_extra or {}).get("letters_checked_elsewhere", []))
    found = {col: [x for x in c["hipaa"] if x not in skip] for col, c in pii_columns(results.get("pii")).items()}
    found = {k: v for k, v in found.items() if v}
    if not found:
        return [Check(id=ID, status="pass", value=0, threshold=0, scanner="pii", source=src,
                      message="no column holds a HIPAA Safe Harbor identifier")]
    return [Check(id=ID, status="fail", value=letters, threshold=[], scanner="pii", column=col, source=src,
                  message="HIPAA identifier(s) present: " + "; ".join(f"({x}) {HIPAA_LETTERS.get(x, '?')}" for x in letters))
            for col, letters in found.items()]
