"""Column profile: type, nulls and distinct count of every column, in one aggregate query per 250 columns
(past 256 columns: one GROUP BY per column type over the long form, ``riskaudit/_wide.py``)."""

from __future__ import annotations

from .._wide import column_counts
from ..dataset import Dataset
from ._registry import AuditContext, register_scanner
from ._result import ColumnProfile, ProfileResult

__all__ = ["ColumnProfile", "ProfileResult", "scan_profile"]


def scan_profile(dataset: Dataset) -> ProfileResult:
    """Profile every column (counts and exact distinct counts): one Ibis aggregation per 250 columns."""
    t = dataset.table
    counts = column_counts(dataset.engine, t, list(t.columns))
    schema = t.schema()
    cols: dict[str, ColumnProfile] = {}
    for c in t.columns:
        non_null, distinct = counts[c]
        nulls = dataset.rows - non_null
        cols[c] = ColumnProfile(
            type=str(schema[c]).lower().replace("!", ""),
            nulls=nulls,
            null_share=round(nulls / dataset.rows, 6),
            distinct=distinct,
            unique_share=round(distinct / non_null, 6) if non_null else 0.0,
            all_null=non_null == 0,
        )
    return ProfileResult(rows=dataset.rows, columns=cols)


@register_scanner(
    "profile",
    order=0,
    description="column types, nulls, distinct counts; validates the configured role columns",
    always=True,
)
def _run(ctx: AuditContext) -> ProfileResult:
    result = scan_profile(ctx.dataset)
    check_role_columns(ctx, result)
    return result


#: config key -> the role named in the error about an all-null column (`risk --qi` and the audit say the same)
_ROLE_NAMES = {
    "columns.quasi_identifiers": "quasi-identifier",
    "columns.sensitive": "sensitive attribute",
    "columns.protected": "protected attribute",
    "columns.label": "label column",
}


def check_role_columns(ctx: AuditContext, profile: ProfileResult) -> None:
    """Configured role columns must hold values: an all-null QI or label makes every result meaningless."""
    from ..errors import ColumnError

    for col, key in ctx.config.columns.named_columns().items():
        if key.startswith("columns.ignore"):
            continue
        p = profile.columns.get(col)
        if p is not None and p.all_null:
            what = _ROLE_NAMES.get(key.rsplit(".", 1)[0] if key[-1].isdigit() else key, "column")
            raise ColumnError(
                f"{ctx.config_path}: {key}: {what} '{col}' is entirely null in {ctx.dataset.path} (holds no value in any of "
                f"the {profile.rows:,} rows); fix the export or remove it from the config"
            )
