"""The in-toto v1 Statement riskaudit signs, and the offline verification that recomputes every digest.

Subjects: the dataset files with their sha256. Predicate (``PREDICATE_TYPE``): verdict, tool version, policy
digest, license digest, scorecard digest (and config digest, counts). The scorecard stays a separate file
bound by its digest, so the attestation carries no data values.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from ..config import PolicyConfig
from ..config._loader import resolve_policy
from ..errors import ConfigError, InputError, RiskAuditError, SignatureError
from ..scorecard import Check, DatasetInfo, PolicyInfo, ToolInfo
from ._dsse import PAYLOAD_TYPE, add_signature, b64decode, make_envelope, parse_envelope, verified_keys

__all__ = ["STATEMENT_TYPE", "PREDICATE_TYPE", "build_statement", "sign_scorecard", "cosign_envelope", "verify_envelope",
           "Verification", "policy_digest_for"]

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://riskaudit.dev/attestation/dataset-scorecard/v1"
RESULT = {"pass": "PASSED", "warn": "WARNED", "fail": "FAILED", "error": "FAILED", "not_measured": "NOT_MEASURED"}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class ScorecardView:
    """The parts of scorecard.json an attestation binds (read without re-validating every scanner result)."""

    schema_version: str
    tool: ToolInfo
    dataset: DatasetInfo
    policy: PolicyInfo | None
    license: dict[str, Any] | None
    config_sha256: str
    verdict: str
    checks: list[Check]


def load_scorecard(path: Path) -> ScorecardView:
    try:
        data = json.loads(path.read_bytes())
        return ScorecardView(
            schema_version=str(data["schema_version"]),
            tool=ToolInfo.model_validate(data["tool"]),
            dataset=DatasetInfo.model_validate(data["dataset"]),
            policy=PolicyInfo.model_validate(data["policy"]) if data.get("policy") else None,
            license=data.get("license"),
            config_sha256=str(data["config_sha256"]),
            verdict=str(data["verdict"]),
            checks=[Check.model_validate(c) for c in data["checks"]],
        )
    except OSError as exc:
        raise InputError(f"{path}: cannot read the scorecard ({exc.strerror})") from None
    except (ValidationError, KeyError, TypeError, ValueError):
        raise InputError(f"{path}: not a riskaudit scorecard.json (missing or invalid top-level keys)") from None


def policy_digest_for(name: str) -> str | None:
    """Digest of the policy packs named ``a+b`` as they resolve now (None when they cannot be resolved)."""
    try:
        flat, _ = resolve_policy(PolicyConfig(extends=name.split("+")))
    except RiskAuditError:
        return None
    flat.name = name
    payload = json.dumps(flat.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _subjects(sc: ScorecardView) -> list[dict[str, Any]]:
    files = [(f.path, f.sha256) for f in sc.dataset.files] or [(sc.dataset.path, sc.dataset.sha256)]
    out = []
    for name, digest in sorted(files):
        p = Path(name)
        if not p.is_file():
            raise InputError(f"{name}: data file named in the scorecard not found; run sign from the audit's directory")
        actual = sha256_file(p)
        if actual != digest:
            raise InputError(f"{name}: sha256 {actual[:16]}... differs from the scorecard's {digest[:16]}...; re-run the audit")
        out.append({"name": p.as_posix(), "digest": {"sha256": digest}})
    return out


def build_statement(scorecard_path: Path, license_path: Path | None = None, baseline_path: Path | None = None) -> dict[str, Any]:
    sc = load_scorecard(scorecard_path)
    counts = {s: sum(1 for c in sc.checks if c.status == s) for s in ("pass", "warn", "fail", "error", "not_measured")}
    lic = None
    lic_path = license_path or (Path(sc.license["path"]) if sc.license and sc.license.get("path") else None)
    if lic_path is not None:
        if not lic_path.is_file():
            raise InputError(f"{lic_path}: license file not found")
        lic = {"path": lic_path.as_posix(), "sha256": sha256_file(lic_path)}
        if sc.license and sc.license.get("sha256") and sc.license["sha256"] != lic["sha256"]:
            raise InputError(f"{lic_path}: differs from the license bound in the scorecard; re-run the audit")
    policy: dict[str, Any] = {"name": sc.policy.name if sc.policy else None, "sha256": sc.policy.sha256 if sc.policy else None}
    policy["recomputable"] = bool(sc.policy) and policy_digest_for(sc.policy.name) == sc.policy.sha256
    predicate: dict[str, Any] = {
        "verdict": sc.verdict,
        "result": RESULT[sc.verdict],
        "tool": {"name": sc.tool.name, "version": sc.tool.version},
        "policy": policy,
        "license": lic,
        "scorecard": {"path": scorecard_path.as_posix(), "sha256": sha256_file(scorecard_path), "schema_version": sc.schema_version},
        "config_sha256": sc.config_sha256,
        "dataset": {"sha256": sc.dataset.sha256, "rows": sc.dataset.rows, "columns": sc.dataset.columns},
        "counts": counts,
    }
    if baseline_path is not None:
        predicate["baseline"] = {"path": baseline_path.as_posix(), "sha256": sha256_file(baseline_path)}
    return {"_type": STATEMENT_TYPE, "subject": _subjects(sc), "predicateType": PREDICATE_TYPE, "predicate": predicate}


def sign_scorecard(scorecard_path: Path, keys: list[Ed25519PrivateKey], license_path: Path | None = None,
                   baseline_path: Path | None = None) -> dict[str, Any]:
    stmt = build_statement(scorecard_path, license_path, baseline_path)
    payload = json.dumps(stmt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return make_envelope(payload, keys)


def cosign_envelope(envelope_path: Path, *keys: Ed25519PrivateKey) -> dict[str, Any]:
    """Add further parties' signatures (e.g. the auditor's) over the same payload."""
    env = parse_envelope(envelope_path.read_bytes(), str(envelope_path))
    for key in keys:
        add_signature(env, key)
    return env


@dataclass
class Verification:
    ok: bool
    signers: list[str]
    statement: dict[str, Any]
    checked: list[str] = field(default_factory=list)


def _fail(msg: str) -> SignatureError:
    return SignatureError(f"verification failed: {msg}")


def verify_envelope(
    envelope_path: Path,
    trusted: dict[str, Ed25519PublicKey],
    *,
    threshold: int | None = None,
    scorecard: Path | None = None,
    data: list[Path] | None = None,
    license_path: Path | None = None,
    policy: str | None = None,
) -> Verification:
    """Check signatures, then recompute every digest. Raises SignatureError naming the first mismatch."""
    try:
        raw = envelope_path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{envelope_path}: cannot read the attestation ({exc.strerror})") from None
    env = parse_envelope(raw, str(envelope_path))
    need = threshold if threshold is not None else len(trusted)
    signers = verified_keys(env, trusted)
    if len(signers) < need:
        missing = sorted(set(trusted) - set(signers))
        raise _fail(f"{len(signers)} of {need} required signatures verify; no valid signature for key(s) {', '.join(missing)} "
                    "(wrong key, or payload/signature altered)")
    if env["payloadType"] != PAYLOAD_TYPE:
        raise _fail(f"payloadType is '{env['payloadType']}', expected '{PAYLOAD_TYPE}'")
    try:
        stmt = json.loads(b64decode(env["payload"], "payload"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _fail("payload is not JSON") from None
    if stmt.get("_type") != STATEMENT_TYPE:
        raise _fail(f"_type is '{stmt.get('_type')}', expected '{STATEMENT_TYPE}'")
    if stmt.get("predicateType") != PREDICATE_TYPE:
        raise _fail(f"predicateType is '{stmt.get('predicateType')}', expected '{PREDICATE_TYPE}'")
    pred = stmt.get("predicate") or {}
    checked: list[str] = []
    # scorecard
    sc_path = scorecard or Path(pred["scorecard"]["path"])
    if not sc_path.is_file():
        alt = envelope_path.parent / Path(pred["scorecard"]["path"]).name
        sc_path = alt if alt.is_file() else sc_path
    if not sc_path.is_file():
        raise _fail(f"scorecard {sc_path} not found (pass --scorecard)")
    got = sha256_file(sc_path)
    if got != pred["scorecard"]["sha256"]:
        raise _fail(f"scorecard {sc_path} changed: sha256 {got} != attested {pred['scorecard']['sha256']}")
    sc = load_scorecard(sc_path)
    checked.append(f"scorecard {sc_path}")
    if sc.verdict != pred.get("verdict"):
        raise _fail(f"scorecard verdict '{sc.verdict}' != attested '{pred.get('verdict')}'")
    # data files
    subjects = stmt.get("subject") or []
    if data:
        if len(data) != len(subjects):
            raise _fail(f"{len(data)} data file(s) given but the attestation has {len(subjects)} subject(s)")
        pairs = list(zip(data, subjects, strict=True))
    else:
        pairs = [(Path(s["name"]), s) for s in subjects]
    for p, s in pairs:
        if not p.is_file():
            raise _fail(f"data file {p} not found (pass --data)")
        got = sha256_file(p)
        want = (s.get("digest") or {}).get("sha256")
        if got != want:
            raise _fail(f"data file {p} changed: sha256 {got} != attested {want}")
        checked.append(f"data {p}")
    # license
    lic = pred.get("license")
    if lic:
        lp = license_path or Path(lic["path"])
        if not lp.is_file():
            raise _fail(f"license {lp} not found (pass --license)")
        got = sha256_file(lp)
        if got != lic["sha256"]:
            raise _fail(f"license {lp} changed: sha256 {got} != attested {lic['sha256']}")
        checked.append(f"license {lp}")
    elif license_path is not None:
        raise _fail("a license was given but the attestation binds none")
    # policy
    pol = pred.get("policy") or {}
    if sc.policy is None or sc.policy.sha256 != pol.get("sha256"):
        raise _fail("scorecard policy digest differs from the attested policy digest")
    name = policy or (pol.get("name") if pol.get("recomputable") else None)
    if name:
        now = policy_digest_for(name)
        if now is None:
            raise _fail(f"policy '{name}' cannot be resolved here")
        if now != pol.get("sha256"):
            raise _fail(f"policy '{name}' changed: it now resolves to sha256 {now} != attested {pol.get('sha256')}")
        checked.append(f"policy {name}")
    # baseline
    bl = pred.get("baseline")
    if bl and Path(bl["path"]).is_file():
        got = sha256_file(Path(bl["path"]))
        if got != bl["sha256"]:
            raise _fail(f"baseline {bl['path']} changed: sha256 {got} != attested {bl['sha256']}")
        checked.append(f"baseline {bl['path']}")
    return Verification(ok=True, signers=signers, statement=stmt, checked=checked)
