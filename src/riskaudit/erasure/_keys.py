"""The erasure key: a 256-bit secret (``riskaudit keygen --purpose erasure``) and the sub-keys derived from it.

Each use gets its own sub-key, ``HMAC-SHA256(secret, "riskaudit-erasure/" + label)``, so an exact-stage digest,
a normalised-stage digest, a blocking key, a QI digest and the two CLK hash functions of the same text are
unrelated. The ledger names its key by ``key_id`` (the sub-key for label ``key-id``, hex), never by the secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

__all__ = ["KEY_PREFIX", "ErasureKey", "generate_erasure_key", "load_erasure_key", "SEP", "NULL"]

KEY_PREFIX = "riskaudit-erasure-key-v1:"
SEP = "\x1f"  # between fields of a tuple
NULL = "\x00"  # a missing value (never equal to any text)


@dataclass
class ErasureKey:
    secret: bytes = field(repr=False)
    source: str

    def sub(self, label: str) -> bytes:
        return hmac.new(self.secret, f"riskaudit-erasure/{label}".encode(), hashlib.sha256).digest()

    @property
    def key_id(self) -> str:
        return self.sub("key-id").hex()[:32]

    def macer(self, label: str) -> bytes:
        """The sub-key for ``label`` (pass it to :func:`mac`)."""
        return self.sub(label)


def mac(subkey: bytes, fields: list[str | None]) -> str:
    """HMAC-SHA256 (hex) of the fields joined with U+001F, a missing value as U+0000 (one-shot C HMAC)."""
    return hmac.digest(
        subkey, SEP.join(NULL if f is None else f for f in fields).encode("utf-8"), "sha256"
    ).hex()


def generate_erasure_key(path: str | Path, overwrite: bool = False) -> Path:
    p = Path(path)
    if p.exists() and not overwrite:
        raise ConfigError(f"{p}: already exists; choose another --out or pass --force")
    p.parent.mkdir(parents=True, exist_ok=True)
    text = KEY_PREFIX + base64.urlsafe_b64encode(os.urandom(32)).decode("ascii") + "\n"
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text)
    return p


def load_erasure_key(path: str | Path) -> ErasureKey:
    hint = "create one with `riskaudit keygen --purpose erasure --out keys/erasure`"
    try:
        raw = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not text"
        raise ConfigError(f"{path}: cannot read the erasure key ({reason}); {hint}") from None
    if not raw.startswith(KEY_PREFIX):
        raise ConfigError(f"{path}: not a riskaudit erasure key; {hint}")
    try:
        secret = base64.urlsafe_b64decode(raw[len(KEY_PREFIX) :] + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) < 32:
        raise ConfigError(f"{path}: erasure key is truncated or corrupted; {hint}")
    return ErasureKey(secret, str(path))
