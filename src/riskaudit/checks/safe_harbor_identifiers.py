"""safe_harbor.identifiers: no column may hold one of the 18 HIPAA identifiers (from the PII scan)."""

from pydantic import Field

from ._registry import NoParams, Rule
from ._terms import HIPAA_LETTERS


class IdentifiersParams(NoParams):
    letters_checked_elsewhere: list[str] = Field(
        [], description="HIPAA letters another Safe Harbor rule judges (not failed here)."
    )


class Identifiers(Rule):
    id = "safe_harbor.identifiers"
    scanner = "pii"
    title = "HIPAA identifiers removed"
    direction = "none"
    source = "45 CFR 164.514(b)(2)(i)(A)-(R)"
    Params = IdentifiersParams

    def check(self, results, cfg, params):
        skip = set(params.letters_checked_elsewhere)
        pii = results.get("pii")
        found = {
            col: [x for x in letters if x not in skip]
            for col, letters in (pii.hipaa_by_column() if pii is not None else {}).items()
        }
        found = {k: v for k, v in found.items() if v}
        if not found:
            return [
                self.result(
                    cfg,
                    status="pass",
                    value=0,
                    threshold=0,
                    message="no column holds a HIPAA Safe Harbor identifier",
                )
            ]
        return [
            self.result(
                cfg,
                status="fail",
                value=letters,
                threshold=[],
                column=col,
                message="HIPAA identifier(s) present: "
                + "; ".join(f"({x}) {HIPAA_LETTERS.get(x, '?')}" for x in letters),
            )
            for col, letters in found.items()
        ]
