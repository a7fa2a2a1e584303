"""quality.constant_columns: columns with exactly one distinct non-null value (they carry no information)."""

from ._registry import Rule


class ConstantColumns(Rule):
    id = "quality.constant_columns"
    scanner = "quality"
    title = "constant columns"
    source = "ydata-profiling CONSTANT alert (n_distinct = 1)"

    def check(self, results, cfg, params):
        cols = results["quality"].columns.constant
        shown = f": {', '.join(cols[:10])}" + (" ..." if len(cols) > 10 else "") if cols else ""
        return [self.threshold(len(cols), cfg, fmt="{:d}", what=f"constant columns{shown}; count")]
