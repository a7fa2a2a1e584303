"""safe_harbor.dates: dates directly related to a person carry the year only."""

from ._registry import Rule


class Dates(Rule):
    id = "safe_harbor.dates"
    scanner = "safe_harbor"
    title = "dates reduced to the year"
    source = "45 CFR 164.514(b)(2)(i)(C): all elements of dates (except year)"

    def check(self, results, cfg, params):
        sh = results["safe_harbor"]
        fail = cfg.fail if cfg.fail is not None else 0
        out = []
        for col, d in sh.dates.items():
            status = "fail" if d.finer_than_year > fail else "pass"
            out.append(
                self.result(
                    cfg,
                    status=status,
                    value=d.finer_than_year,
                    threshold=fail,
                    column=col,
                    message=f"{d.finer_than_year:,} of {d.values:,} values are more precise than the year",
                )
            )
        if not out:
            out.append(
                self.result(cfg, status="pass", value=0, threshold=fail, message="no date column found")
            )
        return out
