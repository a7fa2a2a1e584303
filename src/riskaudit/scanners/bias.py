"""Registers the demographic bias scanner with the audit (order 40)."""

from __future__ import annotations

from ..bias import BiasResult, resolve_protected, scan_bias
from ._registry import AuditContext, register_scanner


@register_scanner("bias", order=40, description="representation, outcome disparities, intersections, model metrics, proxies, missingness")
def _run(ctx: AuditContext) -> BiasResult | None:
    cfg = ctx.config
    if not cfg.bias.enabled:
        ctx.skipped["bias"] = "bias.enabled is false"
        return None
    cols = cfg.columns
    roles = ctx.roles
    protected, source = resolve_protected(cols, ctx.dataset.columns, roles.protected, roles.direct_identifiers)
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
