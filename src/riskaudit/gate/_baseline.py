"""Baselines of accepted findings, keyed with a secret the user keeps; never a data value in plaintext.

A finding is a non-passing check; it is identified by one string, :func:`check_identity` (rule, scanner,
column). A baseline entry is ``HMAC-SHA256(key, "finding" | identity | status)`` plus an HMAC of the measured
value (a changed value of an accepted finding is reported, it does not fail by itself). The whole file carries
an HMAC (``mac``) over its canonical JSON, so without the key nobody can add an entry for a new finding, edit
one, or splice entries from another baseline. The key comes from ``riskaudit keygen --purpose baseline``; a
baseline without a key, with another key or with a bad MAC is refused (exit 2).

A baseline is bound to the dataset identity the user chooses (``--dataset-name``, default the source's name)
and the schema digest (column names and types), and to the policy digest. A different dataset name means the
baseline is for another dataset: its entries are not applied (warned); a different schema or policy is warned.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ConfigError
from ..scorecard import Check, Scorecard

__all__ = [
    "Baseline",
    "BaselineEntry",
    "BaselineKey",
    "DatasetIdentity",
    "GateResult",
    "check_identity",
    "finding_key",
    "compare",
    "load_baseline",
    "make_baseline",
    "generate_baseline_key",
    "load_baseline_key",
    "identity_warnings",
]

BASELINE_VERSION = 2
KEY_PREFIX = "riskaudit-baseline-key-v1:"
KEY_ENV = "RISKAUDIT_BASELINE_KEY"


def check_identity(c: Check) -> str:
    """The single string a check is known by across runs: rule id, scanner and column (JSON, unambiguous).

    Two checks of different columns or scanners never share it. When the Check model carries its own unique
    ``key`` (rule + scanner + column + judged column), that is used instead."""
    key = getattr(c, "key", None)
    if key:
        return str(key)
    return json.dumps([c.id, c.scanner, c.column], separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class BaselineKey:
    secret: bytes
    source: str

    @property
    def key_id(self) -> str:
        """A public id of the key (an HMAC of a constant: reveals nothing about the secret)."""
        return hmac.new(self.secret, b"riskaudit-baseline-key-id", hashlib.sha256).hexdigest()[:16]

    def mac(self, *parts: Any) -> str:
        msg = "\x1f".join(json.dumps(p, sort_keys=True, default=str, ensure_ascii=False) for p in parts)
        return hmac.new(self.secret, msg.encode("utf-8"), hashlib.sha256).hexdigest()


def generate_baseline_key(path: str | Path, overwrite: bool = False) -> Path:
    """Write a new 256-bit baseline key to ``path`` (mode 0600)."""
    p = Path(path)
    if p.exists() and not overwrite:
        raise ConfigError(f"{p}: already exists; choose another --out or pass --force")
    p.parent.mkdir(parents=True, exist_ok=True)
    text = KEY_PREFIX + base64.urlsafe_b64encode(os.urandom(32)).decode("ascii") + "\n"
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text)
    return p


def _parse_key(text: str, source: str) -> BaselineKey:
    raw = text.strip()
    if not raw.startswith(KEY_PREFIX):
        raise ConfigError(
            f"{source}: not a riskaudit baseline key; create one with `riskaudit keygen --purpose baseline`"
        )
    try:
        secret = base64.urlsafe_b64decode(raw[len(KEY_PREFIX) :] + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) < 32:
        raise ConfigError(
            f"{source}: baseline key is truncated or corrupted; create one with `riskaudit keygen --purpose baseline`"
        )
    return BaselineKey(secret, source)


def load_baseline_key(path: str | Path | None = None) -> BaselineKey | None:
    """The key from ``path``, else from the ``RISKAUDIT_BASELINE_KEY`` environment variable (a CI secret holding
    the key file's text), else None."""
    if path is not None:
        try:
            text = Path(path).read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not text"
            raise ConfigError(
                f"{path}: cannot read the baseline key ({reason}); create one with `riskaudit keygen --purpose baseline`"
            ) from None
        return _parse_key(text, str(path))
    env = os.environ.get(KEY_ENV)
    if env:
        return _parse_key(env, f"${KEY_ENV}")
    return None


def finding_key(c: Check, key: BaselineKey) -> str:
    return key.mac("finding", check_identity(c), c.status)


def value_hash(c: Check, key: BaselineKey) -> str:
    return key.mac("value", check_identity(c), c.value)


class BaselineEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str
    status: str
    hash: str
    value_hash: str


class DatasetIdentity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    schema_sha256: str | None = None


class PolicyIdentity(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    sha256: str | None = None


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = BASELINE_VERSION
    tool: str = "riskaudit"
    key_id: str
    dataset: DatasetIdentity
    policy: PolicyIdentity
    findings: list[BaselineEntry]
    mac: str = ""

    def body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"mac"})

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"


def findings_of(sc: Scorecard) -> list[Check]:
    return [c for c in sc.checks if c.status != "pass"]


def make_baseline(sc: Scorecard, key: BaselineKey, dataset: DatasetIdentity) -> Baseline:
    entries = {
        finding_key(c, key): BaselineEntry(
            rule=c.id, status=c.status, hash=finding_key(c, key), value_hash=value_hash(c, key)
        )
        for c in findings_of(sc)
    }
    bl = Baseline(
        key_id=key.key_id,
        dataset=dataset,
        policy=PolicyIdentity(
            name=sc.policy.name if sc.policy else None, sha256=sc.policy.sha256 if sc.policy else None
        ),
        findings=sorted(entries.values(), key=lambda e: (e.rule, e.hash)),
    )
    bl.mac = key.mac("baseline", bl.body())
    return bl


def load_baseline(path: str | Path, key: BaselineKey | None) -> Baseline:
    """Read and authenticate a baseline; every refusal is one line (exit 2)."""
    p = Path(path)
    if key is None:
        raise ConfigError(
            f"{p}: a baseline is only trusted with its secret key; pass --baseline-key FILE or set ${KEY_ENV} "
            "(create one with `riskaudit keygen --purpose baseline`)"
        )
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: baseline not found; create it with --write-baseline {p}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(
            f"{p}: not a readable baseline JSON ({type(exc).__name__}); regenerate it with --write-baseline"
        ) from None
    if isinstance(data, dict) and data.get("version") == 1:
        raise ConfigError(
            f"{p}: a version 1 baseline (keyed with a public salt, so anyone could add entries); "
            "regenerate it with --write-baseline and --baseline-key"
        )
    try:
        bl = Baseline.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise ConfigError(
            f"{p}: {'.'.join(str(x) for x in err['loc'])}: {err['msg']}; regenerate it with --write-baseline"
        ) from None
    if bl.version != BASELINE_VERSION:
        raise ConfigError(
            f"{p}: baseline version {bl.version} is not supported (expected {BASELINE_VERSION}); regenerate it with --write-baseline"
        )
    if not hmac.compare_digest(bl.key_id, key.key_id):
        raise ConfigError(
            f"{p}: made with another baseline key (key id {bl.key_id}, given {key.key_id}); use that key or regenerate the baseline"
        )
    if not hmac.compare_digest(bl.mac, key.mac("baseline", bl.body())):
        raise ConfigError(
            f"{p}: the baseline's MAC does not verify (edited after it was written); regenerate it with --write-baseline"
        )
    return bl


def identity_warnings(bl: Baseline, sc: Scorecard, dataset: DatasetIdentity) -> tuple[list[str], bool]:
    """(warnings, applies): a baseline of another dataset name does not apply; schema or policy changes warn."""
    warnings: list[str] = []
    applies = bl.dataset.name == dataset.name
    if not applies:
        warnings.append(
            f"the baseline is for dataset '{bl.dataset.name}', this is '{dataset.name}': its {len(bl.findings)} "
            "entries are not applied (pass --dataset-name to name the dataset)"
        )
    elif (
        bl.dataset.schema_sha256
        and dataset.schema_sha256
        and bl.dataset.schema_sha256 != dataset.schema_sha256
    ):
        warnings.append(
            f"the schema of '{dataset.name}' changed since the baseline (schema sha256 "
            f"{bl.dataset.schema_sha256[:16]}... -> {dataset.schema_sha256[:16]}...)"
        )
    now = sc.policy.sha256 if sc.policy else None
    if bl.policy.sha256 != now:
        warnings.append(
            f"the baseline was written under policy '{bl.policy.name}' (sha256 {str(bl.policy.sha256)[:16]}...), "
            f"this run uses '{sc.policy.name if sc.policy else None}' (sha256 {str(now)[:16]}...)"
        )
    return warnings, applies


@dataclass
class GateResult:
    new: list[Check] = field(default_factory=list)
    baselined: list[Check] = field(default_factory=list)
    changed_value: list[Check] = field(default_factory=list)
    fixed: list[BaselineEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Check]:
        return [c for c in self.new if c.status in ("fail", "error")]

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0


def compare(sc: Scorecard, baseline: Baseline | None, key: BaselineKey | None) -> GateResult:
    res = GateResult()
    known = {e.hash: e for e in (baseline.findings if baseline and key else [])}
    seen: set[str] = set()
    for c in sorted(findings_of(sc), key=lambda c: (c.id, c.column or "", c.scanner or "", c.status)):
        k = finding_key(c, key) if key is not None else None
        if k is not None:
            seen.add(k)
        if k is not None and k in known:
            res.baselined.append(c)
            if known[k].value_hash != value_hash(c, key):  # type: ignore[arg-type]
                res.changed_value.append(c)
        else:
            res.new.append(c)
    res.fixed = [e for h, e in sorted(known.items()) if h not in seen]
    return res
