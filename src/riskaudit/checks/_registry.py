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

__all__ = ["Rule", "register_rule", "registered_rules", "evaluate_policy", "threshold_check", "not_measured"]

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
    judged_by: str | None = None,
    facet: str | None = None,
) -> Check:
    """Judge ``value`` against ``cfg.fail`` then ``cfg.warn``; the message says value and threshold."""
    rule = _RULES[rule_id]
    scanner = rule.scanner
    source = cfg.source or rule.source
    if value is None:
        return Check(id=rule_id, status="error", value=None, threshold=cfg.fail, scanner=scanner, column=column,
                     judged_by=judged_by, facet=facet, message=f"{what}: could not be measured", source=source)

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
                 column=column, judged_by=judged_by, facet=facet, source=source)


def not_measured(rule_id: str, cfg: RuleConfig, *, what: str, reason: str, column: str | None = None,
                 judged_by: str | None = None, source: str | None = None) -> Check:
    """A check whose inputs are absent: never ``pass``. ``reason`` names the input that would make it measurable."""
    rule = _RULES.get(rule_id)
    return Check(id=rule_id, status="not_measured", value=None, threshold=cfg.fail, scanner=rule.scanner if rule else None,
                 column=column, judged_by=judged_by, source=cfg.source or source or (rule.source if rule else None),
                 reason=reason, message=f"{what}: not measured: {reason}")


def _required(c: Check, policy_name: str) -> Check:
    """A not_measured check of a rule the policy requires to be measured becomes a fail, with the reason."""
    return c.model_copy(update={
        "status": "fail",
        "message": f"{c.message} (policy '{policy_name}' requires this check to be measured: policy.require_measured)",
    })


def evaluate_policy(policy: PolicyConfig, results: dict[str, BaseModel], notes: dict[str, str] | None = None) -> list[Check]:
    """Apply every enabled rule of ``policy``.

    A rule whose scanner did not run (its inputs were not configured, ``notes`` says why) yields a
    ``not_measured`` check, never a pass. Rules in ``policy.require_measured`` turn ``not_measured`` into
    ``fail``. Every check carries the rule's severity from the policy; keys are made unique.
    """
    notes = notes or {}
    required = set(policy.require_measured)
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
            out = [not_measured(rule_id, cfg, what=rule.title, reason=why)]
        else:
            out = rule.evaluate(results, cfg)
        for c in out:
            if c.status == "not_measured" and rule_id in required:
                c = _required(c, policy.name)
            if cfg.severity is not None and c.severity is None:
                c = c.model_copy(update={"severity": cfg.severity})
            checks.append(c)
    return _unique_keys(checks)


def _unique_keys(checks: list[Check]) -> list[Check]:
    """Keys are unique by construction; should two checks still collide, the later ones get ``~2``, ``~3`` (stable:
    rules run in policy order and each rule's checks come in a fixed order)."""
    seen: dict[str, int] = {}
    out = []
    for c in checks:
        n = seen.get(c.key, 0) + 1
        seen[c.key] = n
        out.append(c if n == 1 else c.model_copy(update={"key": f"{c.key}~{n}"}))
    return out


def _params(cfg: RuleConfig) -> dict[str, Any]:
    return dict(cfg.model_extra or {})
