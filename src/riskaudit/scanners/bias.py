"""Registers the demographic bias scanner with the audit (order 40)."""

from __future__ import annotations

from ..bias import BiasResult, scan_bias, suggest_protected
from ._registry import AuditContext, register_scanner


@register_scanner("bias", order=40, description="representation, outcome disparities, intersections, model metrics, proxies, missingness")
def _run(ctx: AuditContext) -> BiasResult | None:
    cfg = ctx.config
    if not cfg.bias.enabled:
        ctx.skipped["bias"] = "bias.enabled is false"
        return None
    cols = cfg.columns
    roles = ctx.roles
    role_cols = cols.record_columns()
    if cols.protected:
        protected, source = list(cols.protected), "config"
    elif roles.protected:
        protected, source = list(roles.protected), "pii"
    else:
        exclude = set(cols.ignore) | role_cols | set(roles.direct_identifiers)
        protected, source = suggest_protected(ctx.dataset.columns, exclude), "name"
    protected = [c for c in protected if c not in role_cols and c not in cols.ignore]
    if not protected:
        ctx.skipped["bias"] = (
            "no protected attribute configured (columns.protected) or suggested by the PII scan or column names"
        )
        return None
    roles.protected = protected
    return scan_bias(
        ctx.dataset.engine,
        ctx.dataset.table,
        protected,
        cfg.bias,
        label=cols.label,
        positive=cols.positive_label,
        prediction=cols.prediction,
        score=cols.score,
        rows=ctx.dataset.rows,
        exclude=sorted(set(cols.ignore) | set(roles.direct_identifiers) | ({cols.id} if cols.id else set())),
        protected_source=source,
    )
