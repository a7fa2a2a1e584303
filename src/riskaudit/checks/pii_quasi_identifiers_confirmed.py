"""pii.quasi_identifiers_confirmed: the re-identification analysis ran on quasi-identifiers the PII scan only
*suggested* (from values, names, table context or distribution) and nobody confirmed in the config.

A suggestion can miss a column an attacker knows (the risk then comes out too good) or include one they do not.
Warns by default; with the rule parameter ``require_confirmed_qis: true`` it fails. Confirm the set with
``columns.quasi_identifiers`` (or ``columns.roles: {col: quasi_identifier}``).
"""

from ..scorecard import Check
from ._registry import _params, register_rule

RULE = "pii.quasi_identifiers_confirmed"
SOURCE = ("release-gate: the quasi-identifier set is the data owner's decision (a suggestion can miss what an "
          "attacker knows, and the risk then comes out too good)")


@register_rule(RULE, scanner="pii", title="quasi-identifiers confirmed in the config", direction="none", source=SOURCE)
def evaluate(results, cfg):
    r = results["pii"]
    require = bool(_params(cfg).get("require_confirmed_qis", False))
    src = cfg.source or SOURCE
    source = getattr(r, "quasi_identifiers_source", "suggested")
    if source == "config":
        return [Check(id=RULE, status="pass", value=0, threshold=0, scanner="pii", source=src,
                      message="the quasi-identifiers are set in the config (columns.quasi_identifiers / columns.roles)")]
    bad = "fail" if require else "warn"
    cands = [q for q in getattr(r, "qi_candidates", []) if q.suggested]
    if source == "none" or not cands:
        return [Check(id=RULE, status=bad, value=0, threshold=0, scanner="pii", source=src,
                      message="no quasi-identifier is set in the config and the PII scan found none: the "
                              "re-identification risk was computed on no column; set columns.quasi_identifiers")]
    low = [q.column for q in cands if q.confidence < 0.5]
    shown = ", ".join(f"{q.column} ({q.entity or 'distribution'}, {q.evidence}, {q.confidence:.2f})" for q in cands)
    left = [q.column for q in getattr(r, "qi_candidates", []) if not q.suggested]
    msg = (f"the quasi-identifiers were only suggested by the PII scan, never confirmed in the config: {shown}"
           + (f"; {len(low)} with low confidence ({', '.join(low)})" if low else "")
           + (f"; left out: {', '.join(left)}" if left else "")
           + "; confirm them in columns.quasi_identifiers")
    return [Check(id=RULE, status=bad, value=len(cands), threshold=0, scanner="pii", source=src, message=msg)]
