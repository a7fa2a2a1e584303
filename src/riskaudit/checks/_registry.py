"""Policy rules: one rule per module (like sqlfluff), registered by id.

A rule reads scanner results (never the data) and returns checks. Thresholds come from the policy:
``warn`` and ``fail`` numbers whose direction the rule defines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ..config import PolicyConfig, RuleConfig
from ..scorecard import Check

__all__ = ["Rule", "register_rule", "registered_rules", "evaluate_policy", "threshold_check"]

Evaluate = Callable[[dict[str, BaseModel], RuleConfig], list[Check]]


@dataclass(frozen=True)
class Rule:
    id: str
    scanner: str
    title: str
    evaluate: Evaluate
    direction: Literal["higher_is_worse", "lower_is_worse", "none"] = "higher_is_worse"
    source: str | None = None


_RULES: dict[str, Rule] = {}


def register_rule(
    id: str,
    *,
    scanner: str,
    title: str,
    direction: Literal["higher_is_worse", "lower_is_worse", "none"] = "higher_is_worse",
    source: str | None = None,
) -> Callable[[Evaluate], Evaluate]:
    def deco(fn: Evaluate) -> Evaluate:
        if id in _RULES:
            raise RuntimeError(f"rule {id} registered twice")
        _RULES[id] = Rule(id=id, scanner=scanner, title=title, evaluate=fn, direction=direction, source=source)
        return fn

    return deco


def registered_rules() -> dict[str, Rule]:
    return dict(sorted(_RULES.items()))


def threshold_check(
    rule_id: str,
    value: float | None,
    cfg: RuleConfig,
    *,
    what: str,
    direction: str = "higher_is_worse",
    column: str | None = None,
    fmt: str = "{:.4g}",
) -> Check:
    """Judge ``value`` against ``cfg.fail`` then ``cfg.warn``; the message says value and threshold."""
    rule = _RULES[rule_id]
    scanner = rule.scanner
    source = cfg.source or rule.source
    if value is None:
        return Check(id=rule_id, status="error", value=None, threshold=cfg.fail, scanner=scanner, column=column,
                     message=f"{what}: could not be measured", source=source)

    def bad(th: float) -> bool:
        return value > th if direction == "higher_is_worse" else value < th

    shown = fmt.format(value)
    op_bad, op_ok = (">", "<=") if direction == "higher_is_worse" else ("<", ">=")
    if cfg.fail is not None and bad(cfg.fail):
        status, th = "fail", cfg.fail
        msg = f"{what} is {shown} ({op_bad} fail threshold {cfg.fail:g})"
    elif cfg.warn is not None and bad(cfg.warn):
        status, th = "warn", cfg.warn
        msg = f"{what} is {shown} ({op_bad} warn threshold {cfg.warn:g})"
    else:
        status = "pass"
        th = cfg.fail if cfg.fail is not None else cfg.warn
        msg = f"{what} is {shown}" + (f" ({op_ok} {th:g})" if th is not None else "")
    return Check(id=rule_id, status=status, value=value, threshold=th, message=msg, scanner=scanner,
                 column=column, source=source)


def evaluate_policy(policy: PolicyConfig, results: dict[str, BaseModel], notes: dict[str, str] | None = None) -> list[Check]:
    """Apply every enabled rule of ``policy``. A rule whose scanner did not run yields an ``error`` check."""
    notes = notes or {}
    checks: list[Check] = []
    for rule_id, cfg in policy.rules.items():
        if not cfg.enabled:
            continue
        rule = _RULES.get(rule_id)
        if rule is None:
            known = ", ".join(sorted(_RULES))
            checks.append(Check(id=rule_id, status="error", value=None, message=f"unknown rule '{rule_id}' in policy '{policy.name}'; known rules: {known}"))
            continue
        if rule.scanner not in results:
            why = notes.get(rule.scanner, f"the {rule.scanner} scanner did not run")
            checks.append(Check(id=rule_id, status="error", value=None, threshold=cfg.fail, scanner=rule.scanner,
                                message=f"{rule.title}: not evaluated: {why}", source=cfg.source or rule.source))
            continue
        checks.extend(rule.evaluate(results, cfg))
    return checks


def _params(cfg: RuleConfig) -> dict[str, Any]:
    return dict(cfg.model_extra or {})
