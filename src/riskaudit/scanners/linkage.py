"""Registers the linkage-attack scanner (order -5): runs when ``linkage.aux`` or ``linkage.anonymeter.release`` is set.

With ``linkage.on`` naming its columns it runs first, before the profile (it needs neither the profile nor the
column roles): on a small audit its Splink training then goes on in the background
(:func:`~riskaudit.linkage._fuzzy.start_fuzzy_linkage`) through every other scanner. Without ``linkage.on`` it links
on the quasi-identifiers, so it runs right after the PII scan, once the roles are resolved, first of the scanners
that read them."""

from __future__ import annotations

from .._later import BACKGROUND_MAX_ROWS
from ..dataset import close_all, open_auxiliary
from ..linkage import LinkageResult, default_on, scan_linkage
from ._registry import ROLES, AuditContext, register_scanner


@register_scanner(
    "linkage",
    order=-5,
    description="exact/fuzzy linkage with an auxiliary table; Anonymeter-style attacks on a release",
    requires=(ROLES,),
    # the roles only give the default linkage columns (the quasi-identifiers); with linkage.on set it runs without
    # them, so a small audit starts Splink while the PII analysis is still going on
    reads_roles=lambda config: not config.linkage.on,
)
def _run(ctx: AuditContext) -> LinkageResult | None:
    cfg = ctx.config.linkage
    if not cfg.aux and not cfg.anonymeter.release:
        ctx.skipped["linkage"] = (
            "no auxiliary table or release configured (linkage.aux, linkage.anonymeter.release)"
        )
        return LinkageResult(
            notes=[
                "not run: no auxiliary table or release configured (linkage.aux, linkage.anonymeter.release)"
            ]
        )
    ds = ctx.dataset
    engine = ds.engine
    base = ctx.config.dataset
    aux = rel = ctl = None
    try:
        aux = open_auxiliary(cfg.aux, engine, base, cfg.aux_read)
        rel = open_auxiliary(cfg.anonymeter.release, engine, base, cfg.anonymeter.release_read)
        ctl = open_auxiliary(cfg.anonymeter.control, engine, base, cfg.anonymeter.control_read)
        on = cfg.on or (
            default_on(ds.columns, aux.columns, ctx.roles.quasi_identifiers) if aux is not None else []
        )
        return scan_linkage(
            engine,
            ds.text_table,
            cfg,
            aux=aux.text_table if aux is not None else None,
            aux_name=aux.path if aux is not None else None,
            on=on,
            release=rel.text_table if rel is not None else None,
            release_name=rel.path if rel is not None else None,
            control=ctl.text_table if ctl is not None else None,
            # a small audit trains Splink beside the next scanners (its queries release the GIL); larger ones in
            # turn, and so does an engine whose memory limit the user set (two queries would share it)
            defer=ctx.defer("linkage")
            if aux is not None
            and max(ds.rows, aux.rows) <= BACKGROUND_MAX_ROWS
            and getattr(engine, "memory_limit_source", "default") == "default"
            else None,
        )
    finally:
        close_all(aux, rel, ctl)
