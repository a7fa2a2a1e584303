"""profile.all_null_columns: columns holding no value at all (a broken export, or a dropped field)."""

from ..scorecard import Check
from ._registry import register_rule


@register_rule("profile.all_null_columns", scanner="profile", title="all-null columns", direction="none",
               source="data quality")
def evaluate(results, cfg):
    p = results["profile"]
    empty = [c for c, prof in p.columns.items() if prof.all_null]
    status = "warn" if empty else "pass"
    msg = (f"{len(empty)} column(s) hold no value: {', '.join(empty)}" if empty else "every column holds values")
    return [Check(id="profile.all_null_columns", status=status, value=len(empty), threshold=0, message=msg,
                  scanner="profile", source=cfg.source)]
