"""Load and validate YAML configs and policy packs with line-precise errors."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import ConfigError
from ._audit import AuditConfig
from ._policy import PolicyConfig, RuleConfig
from ._yaml import line_for, load_yaml_with_lines

__all__ = [
    "load_config",
    "configs_dir",
    "packaged_configs_dir",
    "default_config_path",
    "resolve_policy",
    "config_digest",
    "format_validation_error",
    "check_rule_params",
]


_PACKAGED: Path | None = None


def packaged_configs_dir() -> Path:
    """The default config and policy packs shipped inside the package (``riskaudit/configs``).

    Read through :mod:`importlib.resources`, so a wheel installed anywhere finds them whatever the working
    directory; a zipped install is extracted once to a temporary directory for the life of the process.
    """
    global _PACKAGED
    if _PACKAGED is None:
        res = resources.files("riskaudit") / "configs"
        if isinstance(res, Path):
            _PACKAGED = res
        else:  # pragma: no cover - zip imports only
            import atexit
            import contextlib

            stack = contextlib.ExitStack()
            atexit.register(stack.close)
            _PACKAGED = Path(stack.enter_context(resources.as_file(res)))
    return _PACKAGED


def configs_dir() -> Path:
    """The folder holding ``default.yaml`` and ``policies/``: ``$RISKAUDIT_CONFIGS`` when set, else the packaged one.

    The working directory is not searched: the same command gives the same audit from any directory.
    """
    env = os.environ.get("RISKAUDIT_CONFIGS")
    if env:
        return Path(env)
    return packaged_configs_dir()


def default_config_path() -> Path:
    return configs_dir() / "default.yaml"


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def format_validation_error(
    exc: ValidationError, path: str | Path, lines: dict, model: type[BaseModel], prefix: tuple[Any, ...] = ()
) -> str:
    """First error of ``exc`` as ``file:line: key: problem; what to do``."""
    err = exc.errors()[0]
    loc = prefix + tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    line = line_for(lines, loc)
    where = f"{path}:{line}" if line else str(path)
    key = _dotted(loc) or "(top level)"
    msg = err["msg"]
    hint = ""
    if err["type"] == "extra_forbidden":
        parent_fields = _fields_at(model, loc[len(prefix) : -1])
        close = difflib.get_close_matches(str(loc[-1]), parent_fields, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(parent_fields)}"
        msg = "unknown key"
    elif err["type"] in ("literal_error", "enum"):
        msg = msg.replace("Input should be", "must be")
    extra = (
        f" (found {json.dumps(err.get('input'), default=str)[:60]})"
        if err["type"] not in ("extra_forbidden", "missing")
        else ""
    )
    n = exc.error_count()
    more = f" (and {n - 1} more error{'s' if n > 2 else ''})" if n > 1 else ""
    return f"{where}: {key}: {msg}{extra}{hint}{more}"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    import typing

    current: Any = model
    for part in loc:
        if (
            typing.get_origin(current) is dict
        ):  # a mapping of names to sections (quality.constraints.<column>)
            current = typing.get_args(current)[1]
            continue
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def check_rule_params(rules: Any, path: str | Path, lines: dict, prefix: tuple[Any, ...] = ()) -> None:
    """Validate each known rule's parameters (policy keys besides enabled/warn/fail/source/severity) against the
    rule's typed model: a misspelt or mistyped key is a ConfigError naming ``file:line``."""
    if not isinstance(rules, dict) or not rules:
        return
    from ..checks import validate_rule_params  # the rules import the config package: import them when used

    problems = validate_rule_params(rules)
    if problems:
        rid, key, msg = problems[0]
        line = line_for(lines, (*prefix, "rules", rid, *((key,) if key else ())))
        where = f"{path}:{line}" if line else str(path)
        more = (
            f" (and {len(problems) - 1} more rule{'s' if len(problems) > 2 else ''} with bad parameters)"
            if len(problems) > 1
            else ""
        )
        raise ConfigError(f"{where}: {'.'.join(map(str, prefix))}{'.' if prefix else ''}rules.{msg}{more}")


def _policy_path(name: str, relative_to: Path | None) -> Path:
    p = Path(name)
    if p.suffix in (".yaml", ".yml"):
        if not p.is_absolute() and relative_to is not None and not p.exists():
            p = relative_to / p
        return p
    return configs_dir() / "policies" / f"{name}.yaml"


def _load_policy_file(
    name: str, relative_to: Path | None, stack: tuple[str, ...]
) -> tuple[dict[str, Any], list[Path]]:
    path = _policy_path(name, relative_to)
    if not path.is_file():
        available = sorted(p.stem for p in (configs_dir() / "policies").glob("*.yaml"))
        raise ConfigError(
            f"policy '{name}' not found (looked for {path}); available packs: {', '.join(available) or 'none'}"
        )
    key = str(path.resolve())
    if key in stack:
        raise ConfigError(f"{path}: policy extends itself through {' -> '.join(stack)}; remove the cycle")
    data, lines = load_yaml_with_lines(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a policy must be a mapping with 'name' and 'rules'")
    prefix: tuple[Any, ...] = ("policy",) if "policy" in data else ()
    data = data.get("policy", data)
    try:
        PolicyConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, path, lines, PolicyConfig)) from None
    check_rule_params(data.get("rules"), path, lines, prefix)
    merged: dict[str, Any] = {"rules": {}}
    files: list[Path] = []
    for parent in data.get("extends", []) or []:
        pdata, pfiles = _load_policy_file(parent, path.parent, stack + (key,))
        merged = _merge_policy(merged, pdata)
        files += pfiles
    merged = _merge_policy(merged, data)
    files.append(path)
    return merged, files


def _merge_policy(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if k == "rules":
            rules = {rid: dict(r) for rid, r in (base.get("rules") or {}).items()}
            for rid, r in (v or {}).items():
                rules[rid] = {**rules.get(rid, {}), **(r or {})}
            out["rules"] = rules
        elif k == "require_measured":
            out[k] = sorted(set(base.get(k) or []) | set(v or []))
        elif k != "extends":
            out[k] = v
    return out


def resolve_policy(policy: PolicyConfig, relative_to: Path | None = None) -> tuple[PolicyConfig, list[Path]]:
    """Apply ``extends`` (packs first, in order, then the inline rules) and return the flat policy."""
    merged: dict[str, Any] = {"rules": {}}
    files: list[Path] = []
    for parent in policy.extends:
        pdata, pfiles = _load_policy_file(parent, relative_to, ())
        merged = _merge_policy(merged, pdata)
        files += pfiles
    inline = policy.model_dump(exclude_unset=True)
    inline["rules"] = {rid: r.model_dump(exclude_unset=True) for rid, r in policy.rules.items()}
    merged = _merge_policy(merged, inline)
    if "name" not in inline and policy.extends:
        merged["name"] = "+".join(policy.extends)
    merged.pop("extends", None)
    flat = PolicyConfig.model_validate(merged)
    flat.rules = {rid: RuleConfig.model_validate(r.model_dump()) for rid, r in sorted(flat.rules.items())}
    for rid in flat.require_measured:
        if rid not in flat.rules:
            raise ConfigError(
                f"policy.require_measured: '{rid}' is not a rule of policy '{flat.name}'; add it to policy.rules or remove it"
            )
    return flat, files


def load_config(path: str | Path | None = None, overrides: dict[str, Any] | None = None) -> AuditConfig:
    """Load an audit config from YAML (the packaged ``riskaudit/configs/default.yaml`` when ``path`` is None).

    Errors name the file, line and key. ``overrides`` is a nested dict merged on top (CLI options).
    """
    p = Path(path) if path is not None else default_config_path()
    data, lines = load_yaml_with_lines(p)
    if not isinstance(data, dict):
        raise ConfigError(f"{p}:1: the config must be a mapping of sections (dataset, columns, policy, ...)")
    if overrides:
        data = _deep_merge(data, overrides)
    if "policy" not in data:  # no policy section: the default pack, never an empty policy
        data = {**data, "policy": {"extends": ["default"]}}
    try:
        cfg = AuditConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, p, lines, AuditConfig)) from None
    pol = data.get("policy")
    check_rule_params(pol.get("rules") if isinstance(pol, dict) else None, p, lines, ("policy",))
    flat, _ = resolve_policy(cfg.policy, p.parent)
    cfg.policy = flat
    cfg._source_path = str(p)
    return cfg


def _deep_merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def config_digest(cfg: AuditConfig) -> str:
    """sha256 of the effective config (policy resolved), canonical JSON; stable across runs."""
    payload = json.dumps(cfg.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()
