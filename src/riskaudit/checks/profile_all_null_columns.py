"""profile.all_null_columns: columns holding no value at all (a broken export, or a dropped field)."""

from ._registry import Rule


class AllNullColumns(Rule):
    id = "profile.all_null_columns"
    scanner = "profile"
    title = "all-null columns"
    direction = "none"
    source = (
        "ISO/IEC 25012 completeness; ydata-profiling MISSING alert (here: every value of a column missing)"
    )

    def check(self, results, cfg, params):
        p = results["profile"]
        empty = [c for c, prof in p.columns.items() if prof.all_null]
        status = "warn" if empty else "pass"
        msg = (
            f"{len(empty)} column(s) hold no value: {', '.join(empty)}"
            if empty
            else "every column holds values"
        )
        return [self.result(cfg, status=status, value=len(empty), threshold=0, message=msg)]
