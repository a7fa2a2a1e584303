"""Registers the PII scanner (order 10); its suggestions feed :func:`~riskaudit.scanners._roles.resolve_roles`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._registry import AuditContext, register_scanner

if TYPE_CHECKING:  # riskaudit.pii imports scanners._roles: import it lazily to keep the import graph acyclic
    from ..pii import PiiResult


@register_scanner(
    "pii",
    order=10,
    description="PII columns and free text (Presidio offline), roles, HIPAA/GDPR/CCPA",
    produces=("pii", "role evidence"),
)
def _run(ctx: AuditContext) -> PiiResult | None:
    cfg = ctx.config
    if not cfg.pii.enabled:
        return None
    from ..pii import scan_pii

    ds = ctx.dataset
    types = {c: str(t).lower() for c, t in ds.table.schema().items()}
    return scan_pii(ds.engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows)
