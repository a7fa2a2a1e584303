"""Registers the demographic bias scanner with the audit (order 40)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._registry import ROLES, AuditContext, register_scanner

if TYPE_CHECKING:
    from ..bias import BiasResult


@register_scanner(
    "bias",
    order=40,
    description="representation, outcome disparities, intersections, model metrics, proxies, missingness",
    requires=(ROLES,),
)
def _run(ctx: AuditContext) -> BiasResult | None:
    from ..bias import scan_bias  # here: SciPy's statistics load when bias runs, not when the audit starts

    cfg = ctx.config
    if not cfg.bias.enabled:
        ctx.skipped["bias"] = "bias.enabled is false"
        return None
    cols = cfg.columns
    roles = ctx.roles
    protected, source = roles.protected, roles.protected_source  # resolved: resolve_roles
    if not protected:
        ctx.skipped["bias"] = (
            "no protected attribute configured (columns.protected) or suggested by the PII scan or column names"
        )
        return None
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
