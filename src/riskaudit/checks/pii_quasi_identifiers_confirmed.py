"""pii.quasi_identifiers_confirmed: the re-identification analysis ran on quasi-identifiers the PII scan only
*suggested* (from values, names, table context or distribution) and nobody confirmed in the config.

A suggestion can miss a column an attacker knows (the risk then comes out too good) or include one they do not.
Warns by default; with the rule parameter ``require_confirmed_qis: true`` it fails. Confirm the set with
``columns.quasi_identifiers`` (or ``columns.roles: {col: quasi_identifier}``).
"""

from pydantic import Field

from ._registry import NoParams, Rule


class QuasiIdentifiersConfirmedParams(NoParams):
    require_confirmed_qis: bool = Field(
        False, description="true: fail (not warn) when the quasi-identifiers were only suggested."
    )


class QuasiIdentifiersConfirmed(Rule):
    id = "pii.quasi_identifiers_confirmed"
    scanner = "pii"
    title = "quasi-identifiers confirmed in the config"
    direction = "none"
    source = (
        "release-gate: the quasi-identifier set is the data owner's decision (a suggestion can miss what an "
        "attacker knows, and the risk then comes out too good)"
    )
    Params = QuasiIdentifiersConfirmedParams

    def check(self, results, cfg, params):
        r = results["pii"]
        source = getattr(r, "quasi_identifiers_source", "suggested")
        if source == "config":
            return [
                self.result(
                    cfg,
                    status="pass",
                    value=0,
                    threshold=0,
                    message="the quasi-identifiers are set in the config (columns.quasi_identifiers / columns.roles)",
                )
            ]
        bad = "fail" if params.require_confirmed_qis else "warn"
        cands = [q for q in getattr(r, "qi_candidates", []) if q.suggested]
        if source == "none" or not cands:
            return [
                self.result(
                    cfg,
                    status=bad,
                    value=0,
                    threshold=0,
                    message="no quasi-identifier is set in the config and the PII scan found none: the "
                    "re-identification risk was computed on no column; set columns.quasi_identifiers",
                )
            ]
        low = [q.column for q in cands if q.confidence < 0.5]
        shown = ", ".join(
            f"{q.column} ({q.entity or 'distribution'}, {q.evidence}, {q.confidence:.2f})" for q in cands
        )
        left = [q.column for q in getattr(r, "qi_candidates", []) if not q.suggested]
        msg = (
            f"the quasi-identifiers were only suggested by the PII scan, never confirmed in the config: {shown}"
            + (f"; {len(low)} with low confidence ({', '.join(low)})" if low else "")
            + (f"; left out: {', '.join(left)}" if left else "")
            + "; confirm them in columns.quasi_identifiers"
        )
        return [self.result(cfg, status=bad, value=len(cands), threshold=0, message=msg)]
