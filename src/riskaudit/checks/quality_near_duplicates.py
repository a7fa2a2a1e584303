"""quality.near_duplicates: share of rows that repeat an earlier row after normalisation (case, whitespace, ASCII
punctuation, float rounding; NULL equals NULL). Includes the exact duplicates."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.near_duplicates"


@register_rule(
    ID,
    scanner="quality",
    title="near-duplicate rows",
    source="Deepchecks StringMismatch base form (lower case, non-alphanumerics removed), applied to whole rows; "
    "Deepchecks DataDuplicates ratio (1 - unique rows / rows)",
)
def evaluate(results, cfg):
    n = results["quality"].near_duplicates
    if n is None:
        wide = any(n.startswith("near_duplicates: not computed") for n in results["quality"].notes)
        why = (
            "more compared columns than quality.near_max_columns"
            if wide
            else "quality.near_duplicates is off"
        )
        return [not_measured(ID, cfg, "near-duplicate rows", why)]
    return [
        threshold_check(
            ID,
            n.ratio,
            cfg,
            fmt="{:.4g}",
            what=f"near-duplicate rows ({n.duplicate_rows:,} of {n.rows:,}, {n.beyond_exact:,} beyond the exact "
            f"duplicates; normalised: {', '.join(n.normalisation) or 'nothing'}) share",
        )
    ]
