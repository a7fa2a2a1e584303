"""Mark receipts: an in-toto v1 Statement in a DSSE envelope, signed with the provider's Ed25519 key.

Subject: the marked copy (name and sha256). Predicate: the source's sha256, rows and columns, the recipient,
the marking parameters, and only keyed hashes of the traps and a commitment to the marked rows (never a
row or a value). ``riskaudit verify RECEIPT --pub KEY.pub [--data MARKED]`` checks it offline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from .._version import __version__
from ..attest._dsse import PAYLOAD_TYPE, b64decode, make_envelope, parse_envelope, verified_keys
from ..attest._statement import STATEMENT_TYPE, Verification, distinct_keys, sha256_file
from ..errors import ConfigError, SignatureError
from ._keyed import keyed
from ._result import MarkParameters, MarkResult, TrapDigest

__all__ = [
    "RECEIPT_PREDICATE_TYPE",
    "build_receipt",
    "sign_receipt",
    "read_receipt",
    "verify_receipt",
    "Receipt",
    "is_receipt",
    "key_check",
]

RECEIPT_PREDICATE_TYPE = "https://riskaudit.dev/attestation/mark-receipt/v1"


def key_check(k: str) -> str:
    """A keyed hash of a constant: tells whether a key is the one a receipt was made with, revealing nothing."""
    return keyed(k, "riskaudit-mark-key-check")


def build_receipt(res: MarkResult, k: str, out_name: str) -> dict[str, Any]:
    predicate = {
        "tool": {"name": "riskaudit", "version": __version__},
        "recipient": res.recipient,
        "key_check": key_check(k),
        "source": {"sha256": res.source_sha256, "rows": res.source_rows},
        "marked": {"name": out_name, "sha256": res.out_sha256, "rows": res.out_rows},
        "parameters": res.parameters.model_dump(mode="json"),
        "marks": {
            "selected": dict(sorted(res.marks.items())),
            "changed": dict(sorted(res.changed.items())),
            "commitment": res.marks_digest,
        },
        "traps": [t.model_dump(mode="json", exclude_none=True) for t in res.traps],
    }
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": out_name, "digest": {"sha256": res.out_sha256}}],
        "predicateType": RECEIPT_PREDICATE_TYPE,
        "predicate": predicate,
    }


def sign_receipt(stmt: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    payload = json.dumps(stmt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return make_envelope(payload, [key])


class Receipt:
    def __init__(self, path: Path, stmt: dict[str, Any]) -> None:
        self.path = path
        self.statement = stmt
        pred = stmt["predicate"]
        try:
            self.recipient = str(pred["recipient"])
            self.key_check = str(pred["key_check"])
            self.parameters = MarkParameters.model_validate(pred["parameters"])
            self.traps = [TrapDigest.model_validate(t) for t in pred.get("traps") or []]
            self.marked = dict(pred["marked"])
        except (KeyError, TypeError, ValidationError):
            raise SignatureError(
                f"{path}: the receipt's predicate is incomplete (not made by `riskaudit mark`?)"
            ) from None


def _payload(env: dict[str, Any], name: str) -> dict[str, Any]:
    try:
        stmt = json.loads(b64decode(env["payload"], "payload"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SignatureError(f"{name}: payload is not JSON") from None
    if not isinstance(stmt, dict):
        raise SignatureError(f"{name}: payload is not an in-toto statement")
    return stmt


def is_receipt(path: Path) -> bool:
    """Whether the envelope at ``path`` claims to be a mark receipt (unverified peek, used to dispatch)."""
    try:
        env = parse_envelope(path.read_bytes(), str(path))
        return _payload(env, str(path)).get("predicateType") == RECEIPT_PREDICATE_TYPE
    except (OSError, SignatureError):
        return False


def read_receipt(
    path: Path, trusted: dict[str, Ed25519PublicKey], threshold: int | None = None
) -> tuple[Receipt, list[str]]:
    """Signatures first (over DSSE PAE, before the payload is parsed), then the statement's types."""
    if not trusted:
        raise ConfigError("no trusted public key given; pass --pub KEY.pub")
    keys = distinct_keys(trusted)
    need = threshold if threshold is not None else len(keys)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the receipt ({exc.strerror}); check the path") from None
    env = parse_envelope(raw, str(path))
    signers = verified_keys(env, keys)
    if len(signers) < max(need, 1):
        raise SignatureError(
            f"verification failed: {path}: no valid signature by the given key (wrong key, or the receipt "
            "was altered)"
        )
    if env["payloadType"] != PAYLOAD_TYPE:
        raise SignatureError(
            f"verification failed: {path}: payloadType is '{env['payloadType']}', expected '{PAYLOAD_TYPE}'"
        )
    stmt = _payload(env, str(path))
    if stmt.get("_type") != STATEMENT_TYPE or stmt.get("predicateType") != RECEIPT_PREDICATE_TYPE:
        raise SignatureError(
            f"verification failed: {path}: not a mark receipt (predicateType '{stmt.get('predicateType')}')"
        )
    return Receipt(path, stmt), signers


def verify_receipt(
    path: Path,
    trusted: dict[str, Ed25519PublicKey],
    *,
    threshold: int | None = None,
    data: list[str | Path] | None = None,
) -> Verification:
    """`riskaudit verify` on a receipt: signatures, then the marked copy's sha256 when it is found (or given)."""
    rec, signers = read_receipt(path, trusted, threshold)
    res = Verification(ok=False, signers=signers, statement=rec.statement)
    subjects = rec.statement.get("subject") or []
    if len(subjects) != 1 or (subjects[0].get("digest") or {}).get("sha256") != rec.marked.get("sha256"):
        raise SignatureError(
            "verification failed: the receipt's subject differs from its marked copy's digest"
        )
    want = str(rec.marked["sha256"])
    if data:
        if len(data) != 1:
            raise ConfigError(f"{len(data)} data files given; a receipt binds one marked copy")
        target: Path | None = Path(data[0])
    else:
        target = path.parent / str(rec.marked.get("name", ""))
    if target is not None and target.is_file():
        got = sha256_file(target)
        if got != want:
            raise SignatureError(
                f"verification failed: marked copy {target} changed: sha256 {got} != receipt {want}"
            )
        res.checked.append(f"marked copy {target.as_posix()} sha256 {want[:16]}")
    elif data:
        raise SignatureError(f"verification failed: marked copy {target} not found")
    else:
        res.missing.append(f"marked copy {target.as_posix() if target else '?'} (pass --data MARKED)")
    res.checked.append(
        f"receipt for recipient {rec.recipient}: {len(rec.traps)} trap hash(es), "
        f"{len(rec.parameters.watermark)} watermark column(s)"
    )
    res.ok = True
    return res
