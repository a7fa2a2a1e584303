"""The keyed hash behind every mark: F(m) = SHA-256(K || SHA-256(K || m)) in hex (Agrawal & Kiernan's
one-way hash H(K . H(K . r.P)), 2002, section 3.1), computed identically in Python and on the engine.

HMAC's inner and outer pads are XORs on raw bytes that SQL text functions cannot express portably; the nested
construction keeps the property that matters (without K no one can tell which rows are marked or forge a
mark) and runs inside DuckDB as ``sha256(K || sha256(K || m))``. K is 64 hex characters, so the message
starts at a fixed offset. The per-recipient key K_r is derived from the provider's Ed25519 private key:
K = HMAC-SHA256(raw private key, "riskaudit-marks-v1"), K_r = HMAC-SHA256(K, "recipient" 0x1f recipient).
"""

from __future__ import annotations

import hashlib
import hmac

import ibis
import ibis.expr.types as ir
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = [
    "master_secret",
    "recipient_secret",
    "keyed",
    "keyed_expr",
    "hex_int",
    "SEP",
    "NULL",
    "message_expr",
    "message",
    "norm_expr",
    "norm_value",
    "ident_norm",
    "ident_norm_expr",
]

SEP = "\x1f"
NULL = "\x1e"


def master_secret(key: Ed25519PrivateKey) -> bytes:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return hmac.new(raw, b"riskaudit-marks-v1", hashlib.sha256).digest()


def recipient_secret(master: bytes, recipient: str) -> str:
    """K_r as 64 hex characters (what the engine concatenates)."""
    return hmac.new(master, ("recipient" + SEP + recipient).encode("utf-8"), hashlib.sha256).hexdigest()


def keyed(k: str, m: str) -> str:
    inner = hashlib.sha256((k + m).encode("utf-8")).hexdigest()
    return hashlib.sha256((k + inner).encode("utf-8")).hexdigest()


def keyed_expr(k: str | ir.StringValue, m: ir.StringValue) -> ir.StringValue:
    """F on the engine; ``k`` may be a column (several keys at once, e.g. a cross join with candidate keys)."""
    lit = k if isinstance(k, ir.Value) else ibis.literal(k)
    inner = lit.concat(m).hexdigest("sha256")
    return lit.concat(inner).hexdigest("sha256")


def hex_int(h: ir.StringValue, start: int) -> ir.IntegerValue:
    """The 32-bit unsigned integer in hex digits ``start .. start+8`` of a digest (DuckDB parses ``0x`` text)."""
    return ibis.literal("0x").concat(h.substr(start, 8)).cast("int64")


def norm_value(v: str | None) -> str:
    """Python twin of :func:`norm_expr`: trimmed text, an all-zero fraction dropped ("30.0" -> "30"), NULL marked."""
    if v is None:
        return NULL
    s = v.strip(" ")
    if not s:
        return NULL
    body = s[1:] if s.startswith("-") else s
    if "." in body:
        ip, _, fp = body.partition(".")
        if ip.isdigit() and ip.isascii() and fp and set(fp) == {"0"}:
            return s[: s.index(".")]
    return s


def norm_expr(v: ir.Value) -> ir.StringValue:
    s = v.cast("string").strip()
    integral = s.re_search(r"^-?[0-9]+\.0+$")
    cut = ibis.ifelse(integral, s.substr(0, s.find(".")), s)
    return ibis.ifelse(s.isnull() | (s == ""), ibis.literal(NULL), cut)


def message(values: list[str | None]) -> str:
    return SEP.join(norm_value(v) for v in values)


def message_expr(table: ir.Table, columns: list[str]) -> ir.StringValue:
    parts: list[ir.StringValue] = []
    for i, c in enumerate(columns):
        if i:
            parts.append(ibis.literal(SEP))
        parts.append(norm_expr(table[c]))
    return parts[0].concat(*parts[1:]) if len(parts) > 1 else parts[0]


def ident_norm(v: str | None) -> str | None:
    """Identifier values compared loosely: lower case, letters and digits only (fuzzy trap matching)."""
    if v is None:
        return None
    s = "".join(ch for ch in v.lower() if ch.isalnum() and ch.isascii())
    return s or None


def ident_norm_expr(v: ir.Value) -> ir.StringValue:
    s = v.cast("string").lower().re_replace(r"[^a-z0-9]", "")
    return ibis.ifelse(s == "", ibis.null("string"), s)
