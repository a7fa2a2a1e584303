"""safe_harbor.ages: no age over 89, and no birth year indicating one (aggregate into 90+).

Parameter ``reference_year``: the year ages are measured at (default 2024); a birth year <= reference_year - 90
indicates an age over 89.
"""

from pydantic import Field

from ._registry import NoParams, Rule


class AgesParams(NoParams):
    reference_year: int = Field(
        2024, description="Year ages are measured at; a birth year <= reference_year - 90 is over 89."
    )


class Ages(Rule):
    id = "safe_harbor.ages"
    scanner = "safe_harbor"
    title = "no ages over 89"
    source = (
        "45 CFR 164.514(b)(2)(i)(C): ages over 89 and date elements (including year) indicative of such age"
    )
    Params = AgesParams

    def check(self, results, cfg, params):
        sh = results["safe_harbor"]
        ref = params.reference_year
        fail = cfg.fail if cfg.fail is not None else 0
        out = []
        for col, a in sh.ages.items():
            status = "fail" if a.over_89 > fail else "pass"
            out.append(
                self.result(
                    cfg,
                    status=status,
                    value=a.over_89,
                    threshold=fail,
                    column=col,
                    message=f"{a.over_89:,} of {a.values:,} ages are over 89",
                )
            )
        for col, d in sh.dates.items():
            if not d.birth or not d.year_counts:
                continue
            n = sum(c for y, c in d.year_counts.items() if y.isdigit() and int(y) <= ref - 90)
            status = "fail" if n > fail else "pass"
            out.append(
                self.result(
                    cfg,
                    status=status,
                    value=n,
                    threshold=fail,
                    column=col,
                    message=f"{n:,} records born in or before {ref - 90} (over 89 in {ref})",
                )
            )
        if not out:
            out.append(
                self.result(
                    cfg, status="pass", value=0, threshold=fail, message="no age or birth column found"
                )
            )
        return out
