"""Registers the derived-release scanner (order 60): runs when ``derived.synthetic`` or ``derived.scores`` is set."""

from __future__ import annotations

from ..dataset import open_auxiliary
from ..derived._result import DerivedResult
from ..errors import ConfigError
from ._registry import AuditContext, register_scanner


@register_scanner(
    "derived",
    order=60,
    description="privacy of a synthetic release (DCR, DOMIAS-style, Anonymeter-style) and of a model (membership scores)",
)
def _run(ctx: AuditContext) -> DerivedResult | None:
    cfg = ctx.config.derived
    if not cfg.synthetic and not cfg.scores:
        ctx.skipped["derived"] = (
            "no synthetic release or model membership scores configured (derived.synthetic + derived.holdout, derived.scores)"
        )
        return None
    from ..derived._scan import scan_scores, scan_synthetic

    ds = ctx.dataset
    engine = ds.engine
    res = DerivedResult()
    if cfg.synthetic:
        if not cfg.holdout:
            raise ConfigError(
                f"{ctx.config_path}: derived.holdout: a synthetic release needs the holdout (real records not used to build it)"
            )
        syn = open_auxiliary(cfg.synthetic, engine, ctx.config.dataset, cfg.synthetic_read)
        hol = open_auxiliary(cfg.holdout, engine, ctx.config.dataset, cfg.holdout_read)
        res.synthetic = scan_synthetic(engine, ds, hol, syn, cfg)
    if cfg.scores:
        sc = open_auxiliary(cfg.scores, engine, None, None)
        res.model = scan_scores(engine, sc, cfg)
    return res
