"""Policy rules: one rule per module (like sqlfluff), each a :class:`Rule` subclass registered by id.

A rule reads scanner results (never the data) and returns checks. It knows its id, scanner, title, source,
direction and default severity, and declares its parameters (policy keys besides ``enabled``, ``warn``, ``fail``,
``source`` and ``severity``) as a pydantic model with extra keys forbidden, so a misspelt key is a config error
when the policy loads (:func:`validate_rule_params`). Thresholds come from the policy: ``warn`` and ``fail``
numbers judged in the rule's direction.

Rules written as a function with ``@register_rule`` still load (compatibility): they become a :class:`Rule`
whose parameters are validated only when the decorator names a ``params`` model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..config import PolicyConfig, RuleConfig
from ..errors import ConfigError
from ..scorecard import Check

__all__ = [
    "NoParams",
    "Rule",
    "register_rule",
    "registered_rules",
    "evaluate_policy",
    "threshold_check",
    "not_measured",
    "validate_rule_params",
    "RULE_KEYS",
]

Direction = Literal["higher_is_worse", "lower_is_worse", "none"]
Severity = Literal["critical", "high", "medium", "low"]
Evaluate = Callable[[dict[str, BaseModel], RuleConfig], list[Check]]

#: The keys every rule takes in a policy; anything else is a parameter of the rule.
RULE_KEYS = tuple(RuleConfig.model_fields)


class NoParams(BaseModel):
    """Parameters of a rule that takes none: any key besides the common ones is an error. Subclass it to add typed
    parameters (extra keys stay forbidden)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _AnyParams(BaseModel):
    """Parameters of a ``@register_rule`` function rule that declared no model: passed through unchecked."""

    model_config = ConfigDict(extra="allow", frozen=True)


_RULES: dict[str, Rule] = {}


class Rule:
    """A policy rule. Subclasses set the class attributes and implement :meth:`check`; defining a subclass with an
    ``id`` registers one instance of it.

    ``evaluate(results, cfg)`` validates the parameters and calls ``check(results, cfg, params)``. The helpers
    :meth:`threshold`, :meth:`not_measured` and :meth:`result` fill in id, scanner, direction and source (the
    policy's ``source`` when set, else the rule's), so a rule module states each of them once.
    """

    id: ClassVar[str]
    scanner: ClassVar[str]
    title: ClassVar[str]
    source: ClassVar[str | None] = None
    direction: ClassVar[Direction] = "higher_is_worse"
    severity: ClassVar[Severity | None] = (
        None  # default when the policy sets none (unset: medium in the reports)
    )
    Params: ClassVar[type[BaseModel]] = NoParams

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "id" in cls.__dict__:
            _add(cls())

    @classmethod
    def instance(cls) -> Rule:
        """The registered instance of this rule class."""
        return _RULES[cls.id]

    def __repr__(self) -> str:
        return f"<rule {self.id} ({self.scanner})>"

    # -- parameters --------------------------------------------------------------------------------------------
    def params(self, cfg: RuleConfig) -> BaseModel:
        """The typed parameters of ``cfg`` (its keys besides the common ones); a bad key raises ConfigError."""
        try:
            return self.Params.model_validate(dict(cfg.model_extra or {}))
        except ValidationError as exc:
            raise ConfigError(describe_params_error(self, exc)) from None

    # -- judging -----------------------------------------------------------------------------------------------
    def evaluate(self, results: Mapping[str, Any], cfg: RuleConfig) -> list[Check]:
        return self.check(results, cfg, self.params(cfg))

    def check(self, results: Mapping[str, Any], cfg: RuleConfig, params: Any) -> list[Check]:
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------------------------
    def source_for(self, cfg: RuleConfig) -> str | None:
        return cfg.source or self.source

    def result(self, cfg: RuleConfig, *, status: str, message: str, **fields: Any) -> Check:
        """A check of this rule with id, scanner and source filled in."""
        return Check(
            id=self.id,
            status=status,
            message=message,
            scanner=self.scanner,
            source=self.source_for(cfg),
            **fields,
        )

    def threshold(self, value: float | None, cfg: RuleConfig, *, what: str, **kw: Any) -> Check:
        """Judge ``value`` against ``cfg.fail`` then ``cfg.warn`` in this rule's direction (see :func:`threshold_check`)."""
        kw.setdefault("direction", self.direction if self.direction != "none" else "higher_is_worse")
        return threshold_check(self.id, value, cfg, what=what, **kw)

    def not_measured(
        self,
        cfg: RuleConfig,
        *,
        what: str | None = None,
        reason: str,
        column: str | None = None,
        judged_by: str | None = None,
    ) -> Check:
        """A check whose inputs are absent: never ``pass``; ``reason`` names the input that would make it measurable."""
        return not_measured(
            self.id, cfg, what=what or self.title, reason=reason, column=column, judged_by=judged_by
        )


class _FunctionRule(Rule):
    """A rule registered with the ``@register_rule`` decorator (the style before rules were classes)."""

    def __init__(
        self,
        *,
        id: str,
        scanner: str,
        title: str,
        fn: Evaluate,
        direction: Direction,
        source: str | None,
        severity: Severity | None,
        params: type[BaseModel] | None,
    ) -> None:
        # instance attributes shadow the class-level declarations of Rule
        self.id, self.scanner, self.title = id, scanner, title  # type: ignore[misc]
        self.direction, self.source, self.severity = direction, source, severity  # type: ignore[misc]
        self.Params = params or _AnyParams  # type: ignore[misc]
        self._fn = fn

    def evaluate(self, results: Mapping[str, Any], cfg: RuleConfig) -> list[Check]:
        self.params(cfg)  # validation only: the function reads cfg itself
        return self._fn(dict(results), cfg)


def _add(rule: Rule) -> None:
    if rule.id in _RULES:
        raise RuntimeError(f"rule {rule.id} registered twice")
    _RULES[rule.id] = rule


def register_rule(
    id: str,
    *,
    scanner: str,
    title: str,
    direction: Direction = "higher_is_worse",
    source: str | None = None,
    severity: Severity | None = None,
    params: type[BaseModel] | None = None,
) -> Callable[[Evaluate], Evaluate]:
    """Compatibility: register ``fn(results, cfg) -> list[Check]`` as a rule. Prefer a :class:`Rule` subclass.

    ``params``: a pydantic model (e.g. a :class:`NoParams` subclass) to validate the rule's policy keys against;
    without one the keys are not checked.
    """

    def deco(fn: Evaluate) -> Evaluate:
        _add(
            _FunctionRule(
                id=id,
                scanner=scanner,
                title=title,
                fn=fn,
                direction=direction,
                source=source,
                severity=severity,
                params=params,
            )
        )
        return fn

    return deco


def registered_rules() -> dict[str, Rule]:
    return dict(sorted(_RULES.items()))


def describe_params_error(rule: Rule, exc: ValidationError) -> str:
    """One line for the first bad parameter: key, problem, and the keys the rule takes."""
    import difflib

    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"]) or "(parameters)"
    allowed = [*RULE_KEYS, *(k for k in rule.Params.model_fields if k not in RULE_KEYS)]
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(err["loc"][0]), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        return f"{rule.id}.{key}: unknown key for rule {rule.id}; {hint}"
    msg = err["msg"].replace("Input should be", "must be")
    return f"{rule.id}.{key}: {msg} (found {str(err.get('input'))[:60]})"


def validate_rule_params(rules: Mapping[str, Mapping[str, Any] | None]) -> list[tuple[str, str | None, str]]:
    """Check the parameters of each known rule in ``rules`` (rule id -> the mapping written in a policy).

    Returns ``(rule id, offending key or None, message)`` for each rule whose parameters are invalid; unknown
    rule ids are left to :func:`evaluate_policy` (an ``error`` check naming the known rules).
    """
    problems = []
    for rid, body in rules.items():
        rule = _RULES.get(rid)
        if rule is None or not isinstance(body, Mapping):
            continue
        extra = {k: v for k, v in body.items() if k not in RULE_KEYS}
        try:
            rule.Params.model_validate(extra)
        except ValidationError as exc:
            loc = exc.errors()[0]["loc"]
            problems.append((rid, str(loc[0]) if loc else None, describe_params_error(rule, exc)))
    return problems


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
    lower_bound: str | None = None,
) -> Check:
    """Judge ``value`` against ``cfg.fail`` then ``cfg.warn``; the message says value and threshold.

    ``lower_bound`` (why the value is only a lower bound of the measure) marks the check ``bound="lower"``. A lower
    bound can prove a risk too high but never low enough: where the risk is higher-is-worse and the bound does not
    already fail, the check is ``not_measured`` (the true value may lie above the fail threshold); where higher is
    better, a bound that passes or warns stands and a failing one is ``not_measured``."""
    rule = _RULES[rule_id]
    scanner = rule.scanner
    source = cfg.source or rule.source
    if value is None:
        return Check(
            id=rule_id,
            status="error",
            value=None,
            threshold=cfg.fail,
            scanner=scanner,
            column=column,
            judged_by=judged_by,
            facet=facet,
            message=f"{what}: could not be measured",
            source=source,
        )

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
    if lower_bound is None:
        return Check(
            id=rule_id,
            status=status,
            value=value,
            threshold=th,
            message=msg,
            scanner=scanner,
            column=column,
            judged_by=judged_by,
            facet=facet,
            source=source,
        )
    conclusive = status == "fail" if direction == "higher_is_worse" else status != "fail"
    if conclusive:
        return Check(
            id=rule_id,
            status=status,
            value=value,
            threshold=th,
            scanner=scanner,
            column=column,
            judged_by=judged_by,
            facet=facet,
            source=source,
            bound="lower",
            message=f"{msg}; a lower bound ({lower_bound}), so the true value is at least this",
        )
    reason = (
        f"{what} is at least {shown}, a lower bound ({lower_bound}); the true value may be "
        f"above the fail threshold" + (f" {cfg.fail:g}" if cfg.fail is not None else "")
    )
    return Check(
        id=rule_id,
        status="not_measured",
        value=value,
        threshold=cfg.fail,
        scanner=scanner,
        column=column,
        judged_by=judged_by,
        facet=facet,
        source=source,
        bound="lower",
        reason=reason,
        message=f"{what}: not measured: {reason}",
    )


def not_measured(
    rule_id: str,
    cfg: RuleConfig,
    *,
    what: str,
    reason: str,
    column: str | None = None,
    judged_by: str | None = None,
    source: str | None = None,
) -> Check:
    """A check whose inputs are absent: never ``pass``. ``reason`` names the input that would make it measurable."""
    rule = _RULES.get(rule_id)
    return Check(
        id=rule_id,
        status="not_measured",
        value=None,
        threshold=cfg.fail,
        scanner=rule.scanner if rule else None,
        column=column,
        judged_by=judged_by,
        source=cfg.source or source or (rule.source if rule else None),
        reason=reason,
        message=f"{what}: not measured: {reason}",
    )


def _required(c: Check, policy_name: str) -> Check:
    """A not_measured check of a rule the policy requires to be measured becomes a fail, with the reason."""
    return c.model_copy(
        update={
            "status": "fail",
            "message": f"{c.message} (policy '{policy_name}' requires this check to be measured: policy.require_measured)",
        }
    )


def evaluate_policy(
    policy: PolicyConfig, results: dict[str, BaseModel], notes: dict[str, str] | None = None
) -> list[Check]:
    """Apply every enabled rule of ``policy``.

    A rule whose scanner did not run (its inputs were not configured, ``notes`` says why) yields a
    ``not_measured`` check, never a pass. Rules in ``policy.require_measured`` turn ``not_measured`` into
    ``fail``. Every check carries the rule's severity from the policy (else the rule's default); keys are made
    unique. Invalid rule parameters raise :class:`~riskaudit.errors.ConfigError`.
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
            checks.append(
                Check(
                    id=rule_id,
                    status="error",
                    value=None,
                    message=f"unknown rule '{rule_id}' in policy '{policy.name}'; known rules: {known}",
                )
            )
            continue
        if rule.scanner not in results:
            rule.params(cfg)  # a bad parameter is a config error whether or not the scanner ran
            why = notes.get(rule.scanner, f"the {rule.scanner} scanner did not run")
            out = [not_measured(rule_id, cfg, what=rule.title, reason=why)]
        else:
            out = rule.evaluate(results, cfg)
        severity = cfg.severity if cfg.severity is not None else rule.severity
        for c in out:
            if c.status == "not_measured" and rule_id in required:
                c = _required(c, policy.name)
            if severity is not None and c.severity is None:
                c = c.model_copy(update={"severity": severity})
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
    """Compatibility for function rules: the raw parameter mapping of ``cfg``."""
    return dict(cfg.model_extra or {})
