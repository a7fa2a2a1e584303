"""Registers the re-identification scanner with the audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..dataset import close_all, open_auxiliary
from ._registry import ROLES, AuditContext, register_scanner

if TYPE_CHECKING:
    from ..reident import ReidentResult


@register_scanner(
    "reident",
    order=20,
    description="k-anonymity, prosecutor/journalist/marketer risk, population uniqueness, "
    "l-diversity, t-closeness, uniqueness drivers",
    requires=(ROLES,),
)
def _run(ctx: AuditContext) -> ReidentResult | None:
    from ..reident import scan_reident  # here: SciPy's special functions load when the step runs

    cfg = ctx.config
    if not cfg.reident.enabled:
        ctx.skipped["reident"] = "reident.enabled is false"
        return None
    roles = ctx.roles  # resolved (config, PII scan, column names): resolve_roles
    if not roles.quasi_identifiers:
        ctx.skipped["reident"] = "no quasi-identifiers configured (columns.quasi_identifiers) or suggested"
        return None
    engine = ctx.dataset.engine
    pop = open_auxiliary(cfg.reident.population_table, engine, cfg.dataset, cfg.reident.population_read)
    sensitive = [c for c in roles.sensitive if c not in roles.quasi_identifiers]
    try:
        return scan_reident(
            engine,
            ctx.dataset.table,
            roles.quasi_identifiers,
            cfg.reident,
            source=roles.quasi_identifiers_source,
            sensitive=sensitive or None,
            weight=cfg.columns.weight,
            population=pop.table if pop is not None else None,
        )
    finally:
        close_all(pop)
