"""The deletion receipt: an in-toto v1 Statement in a DSSE envelope (the project's attest code) binding the
ledger and the release by sha256, with the method, thresholds and counts. No row numbers, no values.

``riskaudit verify RECEIPT --pub KEY.pub`` checks the signatures, then recomputes the ledger's and the release
files' sha256 (paths relative to the receipt's directory, or ``--data RELEASE``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .._version import __version__
from ..scorecard import Check
from ._result import ErasureResult, Ledger

__all__ = ["RECEIPT_PREDICATE_TYPE", "build_receipt", "sign_receipt", "verify_receipt"]

RECEIPT_PREDICATE_TYPE = "https://riskaudit.dev/attestation/erasure-receipt/v1"
STATEMENT_TYPE = "https://in-toto.io/Statement/v1"


def _rel(target: str | Path, base: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(target), os.path.abspath(base))).as_posix()


def build_receipt(
    result: ErasureResult,
    ledger: Ledger,
    ledger_path: Path,
    release_files: list[tuple[str, str]],
    check: Check,
    envelope_dir: Path,
) -> dict[str, Any]:
    """``release_files``: (path, sha256) of each release file (empty for a table that is not a file)."""
    bound = [
        {
            "role": "ledger",
            "name": ledger_path.as_posix(),
            "path": _rel(ledger_path, envelope_dir),
            "sha256": result.ledger_sha256,
        }
    ]
    for name, digest in sorted(release_files):
        bound.append({"role": "release", "name": name, "path": _rel(name, envelope_dir), "sha256": digest})
    if not release_files:
        bound.append(
            {"role": "table", "name": result.release, "path": result.release, "sha256": result.release_sha256}
        )
    predicate: dict[str, Any] = {
        "verdict": check.status,
        "check": {"id": check.id, "status": check.status, "value": check.value, "threshold": check.threshold},
        "tool": {"name": "riskaudit", "version": __version__},
        "ledger": {
            "sha256": result.ledger_sha256,
            "requests": result.requests,
            "key_id": ledger.key_id,
            "entries_sha256": ledger.entries_sha256,
        },
        "release": {"sha256": result.release_sha256, "rows": result.rows},
        "method": {
            "id_roles": ledger.id_roles if result.direct_measured else [],
            "normalize": ledger.normalize,
            "fuzzy": result.threshold is not None,
            "dice_threshold": result.threshold,
            "clk": ledger.clk.model_dump() if (ledger.clk and result.threshold is not None) else None,
            "qi": result.qi,
        },
        "counts": {
            "stages": result.stages.model_dump() if result.stages else None,
            "found": result.found,
            "residual_rows": len(result.residual_rows) if result.direct_measured else None,
            "fuzzy_candidates": result.fuzzy_candidates,
            "qi_present": result.qi_present,
            "possibly_present": result.possibly_present,
        },
        "key_matches_ledger": result.key_matches_ledger,
        "bound": bound,
    }
    subjects = {
        (b["name"], b["sha256"]): {"name": b["name"], "digest": {"sha256": b["sha256"]}} for b in bound
    }
    return {
        "_type": STATEMENT_TYPE,
        "subject": [subjects[k] for k in sorted(subjects)],
        "predicateType": RECEIPT_PREDICATE_TYPE,
        "predicate": predicate,
    }


def sign_receipt(statement: dict[str, Any], keys: list[Ed25519PrivateKey]) -> dict[str, Any]:
    from ..attest._dsse import make_envelope

    payload = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return make_envelope(payload, keys)


def verify_receipt(
    envelope_path: Path, stmt: dict[str, Any], signers: list[str], data: list[str | Path] | None
) -> Any:
    """Called by ``attest.verify_envelope`` once the signatures verified: recompute every bound file's sha256."""
    from ..attest._statement import Verification, _fail, _show, sha256_file

    pred = stmt.get("predicate") or {}
    bound = pred.get("bound")
    if not isinstance(bound, list) or not bound:
        raise _fail("the erasure receipt binds no files")
    subjects = {
        (s.get("name"), (s.get("digest") or {}).get("sha256"))
        for s in stmt.get("subject") or []
        if isinstance(s, dict)
    }
    for b in bound:
        if (b.get("name"), b.get("sha256")) not in subjects:
            raise _fail(f"bound file '{b.get('name')}' is not among the statement's subjects")
    res = Verification(ok=False, signers=signers, statement=stmt)
    base = envelope_path.parent
    releases = [b for b in bound if b.get("role") == "release"]
    given = list(data or [])
    if given and len(given) != len(releases):
        raise _fail(f"{len(given)} data file(s) given but the receipt binds {len(releases)} release file(s)")
    targets: list[tuple[dict[str, Any], Path]] = [
        (b, base / b["path"]) for b in bound if b.get("role") == "ledger"
    ]
    targets += [
        (b, Path(g) if given else base / b["path"])
        for b, g in zip(releases, given or [None] * len(releases), strict=True)
    ]
    for b, p in targets:
        if not p.is_file():
            raise _fail(
                f"{b['role']} {_show(p)} bound by the receipt not found (pass --data for the release)"
            )
        got = sha256_file(p)
        if got != b["sha256"]:
            raise _fail(f"{b['role']} {_show(p)} changed: sha256 {got} != attested {b['sha256']}")
        res.checked.append(f"{b['role']} {_show(p)} sha256 {b['sha256'][:16]}")
    for b in bound:
        if b.get("role") == "table":
            res.not_checked.append(f"table {b['name']} (not a file; its digest is attested, not recomputed)")
    res.ok = True
    return res
