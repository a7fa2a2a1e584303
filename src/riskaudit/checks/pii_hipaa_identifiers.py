"""pii.hipaa_identifiers: per column, a HIPAA Safe Harbor identifier (letters A-R) is present."""

from typing import Literal

from pydantic import Field

from ..pii import HIPAA_LETTERS
from ._registry import NoParams, Rule


class HipaaIdentifiersParams(NoParams):
    allow: list[str] = Field(
        [], description="HIPAA letters tolerated, e.g. [C] when the Safe Harbor rules judge dates."
    )
    status: Literal["pass", "warn", "fail"] = Field(
        "fail", description="Status of a column holding an identifier."
    )


class HipaaIdentifiers(Rule):
    id = "pii.hipaa_identifiers"
    scanner = "pii"
    title = "no HIPAA Safe Harbor identifiers"
    direction = "none"
    source = "45 CFR 164.514(b)(2)(i)(A)-(R)"
    Params = HipaaIdentifiersParams

    def check(self, results, cfg, params):
        r = results["pii"]
        allow = set(params.allow)
        out = []
        for c, p in r.columns.items():
            letters = [x for x in p.hipaa if x not in allow]
            if not letters:
                continue
            what = "; ".join(f"{x} ({HIPAA_LETTERS.get(x, '?')})" for x in letters)
            out.append(
                self.result(
                    cfg,
                    status=params.status,
                    value=letters,
                    column=c,
                    message=f"column '{c}' holds HIPAA identifier {what}",
                )
            )
        if not out:
            out.append(
                self.result(cfg, status="pass", value=[], message="no HIPAA Safe Harbor identifier found")
            )
        return out
