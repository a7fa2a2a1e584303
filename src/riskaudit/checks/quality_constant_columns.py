"""quality.constant_columns: columns with exactly one distinct non-null value (they carry no information)."""

from ._registry import register_rule, threshold_check

ID = "quality.constant_columns"


@register_rule(ID, scanner="quality", title="constant columns", source="ydata-profiling CONSTANT alert (n_distinct = 1)")
def evaluate(results, cfg):
    cols = results["quality"].columns.constant
    shown = f": {', '.join(cols[:10])}" + (" ..." if len(cols) > 10 else "") if cols else ""
    return [threshold_check(ID, len(cols), cfg, fmt="{:d}", what=f"constant columns{shown}; count")]
