"""Registers the PII scanner (order 10); its suggestions feed :func:`~riskaudit.scanners._roles.resolve_roles`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._later import BACKGROUND_MAX_ROWS
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
    from ..pii._scan import start_scan_pii

    ds = ctx.dataset
    types = {c: str(t).lower() for c, t in ds.table.schema().items()}
    # a small audit's analysis goes to the helper process started with the audit (pii/_worker.py); the audit runs
    # the scanners that need no column roles meanwhile, and waits for it before resolving the roles
    worker = ctx.pii_worker if ds.rows <= BACKGROUND_MAX_ROWS else None
    if worker is None and ctx.pii_worker is not None:
        ctx.pii_worker.close()  # a large input: the helper is not used, and should not sit idle through the audit
    later = start_scan_pii(
        ds.engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows, worker=worker
    )
    if worker is None:
        return later.result()

    def apply(result: PiiResult) -> None:
        ctx.results["pii"] = result

    ctx.defer("pii")(later, apply)
    return None
