"""quality.mixed_types: text columns whose values parse as more than one kind (numbers, dates, other text)."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.mixed_types"


@register_rule(ID, scanner="quality", title="mixed-type columns",
               source="Deepchecks MixedDataTypes (columns holding both numbers and strings); "
               "Great Expectations expect_column_values_to_be_of_type")
def evaluate(results, cfg):
    mixed = results["quality"].columns.mixed_types
    if mixed is None:
        return [not_measured(ID, cfg, "mixed-type columns", "quality.mixed_types is off")]
    cols = sorted(mixed)
    shown = (f": {', '.join(f'{c} (rarest kind {mixed[c].minority_share:.2%})' for c in cols[:10])}"
             + (" ..." if len(cols) > 10 else "")) if cols else ""
    return [threshold_check(ID, len(cols), cfg, fmt="{:d}", what=f"text columns with mixed value types{shown}; count")]
