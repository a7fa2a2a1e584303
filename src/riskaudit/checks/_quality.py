"""Compatibility helper for data-quality rules written as `@register_rule` functions (not a rule module);
class rules use `Rule.not_measured`."""

from __future__ import annotations

from ..scorecard import Check
from ._registry import not_measured as _not_measured


def not_measured(rule_id: str, cfg, what: str, why: str) -> Check:
    """A rule whose input was not given (no label, no test split): status ``not_measured`` with the reason, never pass."""
    return _not_measured(rule_id, cfg, what=what, reason=why)
