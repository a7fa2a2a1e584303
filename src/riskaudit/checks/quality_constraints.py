"""quality.constraints: rows violating the per-column constraints declared in quality.constraints (min, max,
allowed values, regex); one check per constrained column, counts only."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.constraints"


@register_rule(
    ID,
    scanner="quality",
    title="declared column constraints",
    source="Great Expectations expect_column_values_to_be_between / _be_in_set / _match_regex "
    "(default mostly=1.0: any violating value fails); pandera Check.in_range / isin / str_matches",
)
def evaluate(results, cfg):
    cons = results["quality"].constraints
    if not cons:
        return [
            not_measured(
                ID, cfg, "declared column constraints", "no constraints declared (quality.constraints)"
            )
        ]
    out = []
    for col, v in sorted(cons.items()):
        parts = [
            f"{name.replace('_', ' ')} {n:,}"
            for name, n in (
                ("below_min", v.below_min),
                ("above_max", v.above_max),
                ("not_allowed", v.not_allowed),
                ("regex_mismatch", v.regex_mismatch),
            )
            if n is not None
        ]
        out.append(
            threshold_check(
                ID,
                v.ratio,
                cfg,
                column=col,
                fmt="{:.4g}",
                what=f"rows violating the constraints of {col} ({v.violating_rows:,}; {'; '.join(parts)}) share",
            )
        )
    return out
