"""DSSE v1 envelopes (secure-systems-lab/dsse protocol.md): PAE, sign, verify-before-parse."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import SignatureError
from ._keys import key_id

__all__ = [
    "PAYLOAD_TYPE",
    "pae",
    "make_envelope",
    "add_signature",
    "parse_envelope",
    "verified_keys",
    "b64decode",
]

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(payload_type: str, body: bytes) -> bytes:
    """PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body."""
    t = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def b64decode(s: str, what: str) -> bytes:
    """Standard or URL-safe base64, padding optional (DSSE verifiers must accept both)."""
    if not isinstance(s, str):
        raise SignatureError(f"envelope: {what} is not a base64 string")
    raw = s.strip()
    pad = "=" * (-len(raw) % 4)
    alt = raw.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(alt + pad, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"envelope: {what} is not valid base64 (truncated or re-encoded?)") from None


def make_envelope(
    payload: bytes, keys: list[Ed25519PrivateKey], payload_type: str = PAYLOAD_TYPE
) -> dict[str, Any]:
    env = {
        "payloadType": payload_type,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [],
    }
    for k in keys:
        add_signature(env, k)
    return env


def add_signature(env: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    body = b64decode(env["payload"], "payload")
    sig = key.sign(pae(env["payloadType"], body))
    kid = key_id(key.public_key())
    env["signatures"] = [s for s in env.get("signatures", []) if s.get("keyid") != kid]
    env["signatures"].append({"keyid": kid, "sig": base64.b64encode(sig).decode("ascii")})
    return env


def parse_envelope(text: str | bytes, name: str = "envelope") -> dict[str, Any]:
    try:
        env = json.loads(text)
    except UnicodeDecodeError:
        raise SignatureError(f"{name}: not UTF-8 text; it is not a DSSE envelope") from None
    except json.JSONDecodeError as exc:
        raise SignatureError(
            f"{name}: not valid JSON at line {exc.lineno} column {exc.colno} (truncated or corrupted?)"
        ) from None
    if not isinstance(env, dict):
        raise SignatureError(f"{name}: a DSSE envelope must be a JSON object")
    for key in ("payloadType", "payload", "signatures"):
        if key not in env:
            raise SignatureError(f"{name}: missing '{key}'; not a DSSE envelope")
    if not isinstance(env["signatures"], list) or not env["signatures"]:
        raise SignatureError(f"{name}: no signatures")
    return env


def verified_keys(env: dict[str, Any], trusted: dict[str, Ed25519PublicKey]) -> list[str]:
    """Names of the trusted keys with a valid signature over PAE (checked before the payload is parsed)."""
    body = b64decode(env["payload"], "payload")
    msg = pae(str(env["payloadType"]), body)
    ok: list[str] = []
    for name, pub in trusted.items():
        for s in env["signatures"]:
            if not isinstance(s, dict) or "sig" not in s:
                raise SignatureError("envelope: a signature entry has no 'sig'")
            try:
                pub.verify(b64decode(s["sig"], "signature"), msg)
            except InvalidSignature:
                continue
            ok.append(name)
            break
    return ok
