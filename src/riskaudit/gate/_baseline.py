"""Baselines of accepted findings: keyed by rule, column and a salted hash; never a data value in plaintext.

A finding is a non-passing check. Its key is ``sha256(salt | check key | status)``, where the check key is the
check's identity (scanner, rule, column, which column judged it: label/decision/score, facet); the baseline also keeps
a salted hash of the measured value so a changed value is reported (it does not fail by itself). Only findings
whose key is not in the baseline are new; new ``fail``/``error`` findings fail the gate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ConfigError
from ..scorecard import Check, Scorecard

__all__ = ["Baseline", "BaselineEntry", "GateResult", "finding_key", "compare", "load_baseline", "make_baseline"]

BASELINE_VERSION = 1


def _h(salt: str, *parts: Any) -> str:
    return hashlib.sha256("\x1f".join([salt, *(json.dumps(p, sort_keys=True, default=str) for p in parts)]).encode()).hexdigest()


def finding_key(c: Check, salt: str) -> str:
    return _h(salt, "finding", c.key, c.status)


def value_hash(c: Check, salt: str) -> str:
    return _h(salt, "value", c.key, c.value)


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    column_hash: str | None = None
    status: str
    hash: str
    value_hash: str


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = BASELINE_VERSION
    tool: str = "riskaudit"
    salt_id: str
    policy: str | None = None
    findings: list[BaselineEntry]

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"


def salt_id(salt: str) -> str:
    return hashlib.sha256(("riskaudit-salt-id\x1f" + salt).encode()).hexdigest()[:16]


def findings_of(sc: Scorecard) -> list[Check]:
    return [c for c in sc.checks if c.status != "pass"]


def make_baseline(sc: Scorecard, salt: str) -> Baseline:
    entries = {
        finding_key(c, salt): BaselineEntry(
            rule=c.id, column_hash=_h(salt, "column", c.column) if c.column is not None else None,
            status=c.status, hash=finding_key(c, salt), value_hash=value_hash(c, salt),
        )
        for c in findings_of(sc)
    }
    return Baseline(salt_id=salt_id(salt), policy=sc.policy.name if sc.policy else None,
                    findings=sorted(entries.values(), key=lambda e: (e.rule, e.hash)))


def load_baseline(path: str | Path, salt: str) -> Baseline:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: baseline not found; create it with --write-baseline {p}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{p}: not a readable baseline JSON ({type(exc).__name__}); regenerate it with --write-baseline") from None
    try:
        bl = Baseline.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError(f"{p}: {'.'.join(str(x) for x in err['loc'])}: {err['msg']}; regenerate it with --write-baseline") from None
    if bl.salt_id != salt_id(salt):
        raise ConfigError(f"{p}: made with a different salt (salt id {bl.salt_id}); use the same --salt / outputs.salt or regenerate it")
    return bl


@dataclass
class GateResult:
    new: list[Check] = field(default_factory=list)
    baselined: list[Check] = field(default_factory=list)
    changed_value: list[Check] = field(default_factory=list)
    fixed: list[BaselineEntry] = field(default_factory=list)

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.new if c.status in ("fail", "error")]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0


def compare(sc: Scorecard, baseline: Baseline | None, salt: str) -> GateResult:
    res = GateResult()
    known = {e.hash: e for e in (baseline.findings if baseline else [])}
    seen: set[str] = set()
    for c in sorted(findings_of(sc), key=lambda c: (c.id, c.column or "", c.status)):
        k = finding_key(c, salt)
        seen.add(k)
        if k in known:
            res.baselined.append(c)
            if known[k].value_hash != value_hash(c, salt):
                res.changed_value.append(c)
        else:
            res.new.append(c)
    res.fixed = [e for h, e in sorted(known.items()) if h not in seen]
    return res
