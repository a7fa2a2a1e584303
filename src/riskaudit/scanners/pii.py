"""Registers the PII scanner (order 10) and feeds its roles into the audit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._registry import AuditContext, register_scanner

if TYPE_CHECKING:  # riskaudit.pii imports scanners._roles: import it lazily to keep the import graph acyclic
    from ..pii import PiiResult


@register_scanner("pii", order=10, description="PII columns and free text (Presidio offline), roles, HIPAA/GDPR/CCPA")
def _run(ctx: AuditContext) -> PiiResult | None:
    cfg = ctx.config
    if not cfg.pii.enabled:
        return None
    from ..pii import scan_pii

    ds = ctx.dataset
    types = {c: str(t).lower() for c, t in ds.table.schema().items()}
    result = scan_pii(ds.engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows)
    apply_roles(ctx, result)
    return result


def apply_roles(ctx: AuditContext, result: PiiResult) -> None:
    """Config roles win; the scan fills what the config leaves empty."""
    roles, cols = ctx.roles, ctx.config.columns
    if not cols.quasi_identifiers and not any(r == "quasi_identifier" for r in cols.roles.values()):
        roles.quasi_identifiers = list(result.suggested_quasi_identifiers)
        roles.quasi_identifiers_source = "suggested"
    for c in result.direct_identifiers:
        if c not in roles.direct_identifiers:
            roles.direct_identifiers.append(c)
    if not cols.sensitive:
        for c in result.sensitive:  # free text is reported, but is no attribute for l-diversity/t-closeness
            if c not in roles.sensitive and not result.columns[c].free_text:
                roles.sensitive.append(c)
    if not cols.protected:
        roles.protected = list(result.suggested_protected)
