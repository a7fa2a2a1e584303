"""safe_harbor.zip3: geography no finer than ZIP3, and restricted ZIP3s (<= 20,000 people) changed to 000.

Parameters (policy): ``restricted_zip3`` (list of prefixes) and ``census_vintage`` (the Census the list comes
from; HHS publishes the 2000 Census list and warns to re-derive it from newer data).
"""

from pydantic import Field

from ._registry import NoParams, Rule

HHS_2000 = [
    "036",
    "059",
    "063",
    "102",
    "203",
    "556",
    "692",
    "790",
    "821",
    "823",
    "830",
    "831",
    "878",
    "879",
    "884",
    "890",
    "893",
]


class Zip3Params(NoParams):
    restricted_zip3: list[str | int] = Field(
        HHS_2000, description="ZIP3 prefixes of 20,000 people or fewer (must become 000)."
    )
    census_vintage: int = Field(2000, description="Census the restricted list is derived from.")


class Zip3(Rule):
    id = "safe_harbor.zip3"
    scanner = "safe_harbor"
    title = "ZIP codes reduced to allowed ZIP3"
    source = "45 CFR 164.514(b)(2)(i)(B); HHS de-identification guidance (restricted ZIP3s, 2000 Census)"
    Params = Zip3Params

    def check(self, results, cfg, params):
        sh = results["safe_harbor"]
        restricted = {str(z).zfill(3) for z in params.restricted_zip3}
        vintage = params.census_vintage
        fail = cfg.fail if cfg.fail is not None else 0
        out = []
        for col, g in sh.geographic.items():
            bad_prefix = {p: n for p, n in g.zip3_counts.items() if p in restricted}
            n_bad = sum(bad_prefix.values())
            if g.more_than_3_digits > fail:
                out.append(
                    self.result(
                        cfg,
                        status="fail",
                        value=g.more_than_3_digits,
                        threshold=fail,
                        column=col,
                        facet="digits",
                        message=f"{g.more_than_3_digits:,} of {g.values:,} values have more than 3 ZIP digits",
                    )
                )
            if n_bad > fail:
                out.append(
                    self.result(
                        cfg,
                        status="fail",
                        value=n_bad,
                        threshold=fail,
                        column=col,
                        facet="restricted_zip3",
                        message=f"{n_bad:,} records in restricted ZIP3s ({', '.join(sorted(bad_prefix))}; Census {vintage}) "
                        "not changed to 000",
                    )
                )
            if g.more_than_3_digits <= fail and n_bad <= fail:
                out.append(
                    self.result(
                        cfg,
                        status="pass",
                        value=0,
                        threshold=fail,
                        column=col,
                        message=f"ZIP3 only; no restricted ZIP3 (Census {vintage} list)",
                    )
                )
        if not out:
            out.append(
                self.result(cfg, status="pass", value=0, threshold=fail, message="no ZIP-code column found")
            )
        return out
