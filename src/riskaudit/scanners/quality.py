"""Registers the data-quality scanner with the audit (``results.quality``)."""

from __future__ import annotations

import difflib

from ..dataset import open_auxiliary
from ..errors import ColumnError
from ..quality import QualityResult, scan_quality
from ._registry import AuditContext, register_scanner


@register_scanner(
    "quality",
    order=50,
    requires=("profile",),
    description="duplicates, missingness, broken columns, class balance, conflicting labels, "
    "train/test overlap",
)
def _run(ctx: AuditContext) -> QualityResult | None:
    cfg = ctx.config
    q = cfg.quality
    if not q.enabled:
        ctx.skipped["quality"] = "quality.enabled is false"
        return None
    label = q.label or cfg.columns.label
    id_col = q.id or cfg.columns.id
    cols = ctx.dataset.columns
    for name, key in (
        (label, "quality.label (--label)" if q.label else "columns.label"),
        (id_col, "quality.id (--id)" if q.id else "columns.id"),
    ):
        if name is not None and name not in cols:
            close = difflib.get_close_matches(name, cols, n=1)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else f"; columns are: {', '.join(cols[:12])}{' ...' if len(cols) > 12 else ''}"
            )
            raise ColumnError(f"{key}: column '{name}' is not in {ctx.dataset.path}{hint}")
    engine = ctx.dataset.engine
    test = open_auxiliary(q.test, engine)
    return scan_quality(
        engine,
        ctx.dataset.table,
        q,
        label=label,
        id_column=id_col,
        exclude=list(cfg.columns.ignore),
        not_features=[c for c in (cfg.columns.prediction, cfg.columns.score) if c],
        test=test.table if test is not None else None,
        test_path=test.path if test is not None else "test",
        rows=ctx.dataset.rows,
        salt=cfg.outputs.salt,
        profile=ctx.results.get("profile"),
        where=ctx.dataset.path,
        text_table=ctx.dataset.text_table,
    )
