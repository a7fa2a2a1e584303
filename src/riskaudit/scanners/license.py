"""Binds the license terms (``cfg.license``) into the audit: ``results.license`` and ``scorecard.license``.

Not a data scanner: it reads the license file only, so license rules can judge terms against findings.
"""

from __future__ import annotations

from ..license import LicenseResult, license_result
from ._registry import AuditContext, register_scanner


@register_scanner("license", order=-10, description="license terms bound into the scorecard")
def _run(ctx: AuditContext) -> LicenseResult | None:
    if not ctx.config.license:
        wanted = any(rid.startswith("license.") and r.enabled for rid, r in ctx.config.policy.rules.items())
        return LicenseResult(provided=False) if wanted else None
    result = license_result(ctx.config.license)
    ctx.extra["license"] = result.summary()
    return result
