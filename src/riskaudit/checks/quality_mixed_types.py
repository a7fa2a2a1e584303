"""quality.mixed_types: text columns whose values parse as more than one kind (numbers, dates, other text)."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.mixed_types"


@register_rule(
    ID,
    scanner="quality",
    title="mixed-type columns",
    source="Deepchecks MixedDataTypes (columns holding both numbers and strings); "
    "Great Expectations expect_column_values_to_be_of_type",
)
def evaluate(results, cfg):
    mixed = results["quality"].columns.mixed_types
    if mixed is None:
        wide = any(n.startswith("columns.mixed_types: not computed") for n in results["quality"].notes)
        why = "more text columns than quality.mixed_max_columns" if wide else "quality.mixed_types is off"
        return [not_measured(ID, cfg, "mixed-type columns", why)]
    cols = sorted(mixed)
    shown = (
        (
            f": {', '.join(f'{c} (rarest kind {mixed[c].minority_share:.2%})' for c in cols[:10])}"
            + (" ..." if len(cols) > 10 else "")
        )
        if cols
        else ""
    )
    return [
        threshold_check(
            ID, len(cols), cfg, fmt="{:d}", what=f"text columns with mixed value types{shown}; count"
        )
    ]
