"""Shared helper for the data-quality rules (not a rule module)."""

from __future__ import annotations

from ..scorecard import Check


def not_measured(rule_id: str, cfg, what: str, why: str) -> Check:
    """A rule whose input was not given (no label, no test split): not measured, so never judged."""
    return Check(id=rule_id, status="pass", value=None, threshold=cfg.fail, scanner="quality", source=cfg.source,
                 message=f"{what}: not measured: {why}")
