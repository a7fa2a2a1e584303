"""pii.special_category: GDPR Art. 9 special-category data present (a legal basis under Art. 9(2) is needed)."""

from typing import Literal

from pydantic import Field

from ._registry import NoParams, Rule


class SpecialCategoryParams(NoParams):
    status: Literal["pass", "warn", "fail"] = Field(
        "warn", description="Status of a column holding special-category data."
    )


class SpecialCategory(Rule):
    id = "pii.special_category"
    scanner = "pii"
    title = "GDPR Art. 9 special categories"
    direction = "none"
    source = "GDPR Art. 9(1); CCPA 1798.140(ae) sensitive personal information"
    Params = SpecialCategoryParams

    def check(self, results, cfg, params):
        r = results["pii"]
        out = []
        for c, p in r.columns.items():
            if p.gdpr_special:
                out.append(
                    self.result(
                        cfg,
                        status=params.status,
                        value=p.gdpr_special,
                        column=c,
                        message=f"column '{c}' holds GDPR Art. 9 data ({', '.join(p.gdpr_special)}): document the Art. 9(2) basis",
                    )
                )
        if not out:
            out.append(
                self.result(
                    cfg, status="pass", value=[], message="no GDPR Art. 9 special-category column found"
                )
            )
        return out
