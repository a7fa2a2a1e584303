"""The in-toto v1 Statement riskaudit signs, and the offline verification that recomputes every digest.

Subjects: every file the attestation binds, with its sha256 -- the dataset files (or, for a warehouse table,
the digest computed in the database), every output of the run found beside the scorecard (scorecard.json,
report.md, report.html, SARIF, JUnit, SPDX, Croissant), the license and the gate baseline.
``predicate.bound`` says what each subject is (``role``) and where it lies *relative to the envelope's
directory* (``path``), so ``verify`` checks the files beside the envelope it was given and never files found
through the current directory. Predicate (``PREDICATE_TYPE``): verdict, tool version, policy digest (the
policy's identity is its content digest; the name is a label), license, scorecard and config digests, counts.
The attestation carries no data values.
"""

from __future__ import annotations

import hashlib
import json
import os
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
from ._keys import key_id

__all__ = [
    "STATEMENT_TYPE",
    "PREDICATE_TYPE",
    "build_statement",
    "sign_scorecard",
    "cosign_envelope",
    "verify_envelope",
    "Verification",
    "policy_digest_for",
    "policy_digest_of",
    "OUTPUT_FILES",
]

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://riskaudit.dev/attestation/dataset-scorecard/v1"
RESULT = {
    "pass": "PASSED",
    "warn": "WARNED",
    "fail": "FAILED",
    "error": "FAILED",
    "not_measured": "NOT_MEASURED",
}
#: files an audit writes (``riskaudit.render`` registry); every one found beside the scorecard is bound
OUTPUT_FILES = (
    "scorecard.json",
    "report.md",
    "report.html",
    "report.sarif",
    "report.junit.xml",
    "dataset.spdx.json",
    "croissant-rai.json",
    "summary.md",
)


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
        raise InputError(
            f"{path}: not a riskaudit scorecard.json (missing or invalid top-level keys)"
        ) from None


def policy_digest_of(flat: PolicyConfig) -> str:
    """The policy's identity: sha256 of the resolved (flat) policy as canonical JSON (the audit's digest)."""
    payload = json.dumps(flat.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def policy_digest_for(name: str) -> str | None:
    """Digest of the policy packs named ``a+b`` as they resolve now (None when they cannot be resolved)."""
    try:
        flat, _ = resolve_policy(PolicyConfig(extends=name.split("+")))
    except RiskAuditError:
        return None
    flat.name = name
    return policy_digest_of(flat)


def _expected_policy(spec: str) -> tuple[str, str]:
    """(digest, description) of the policy a verifier expects: a config/policy YAML file, or pack names a+b."""
    p = Path(spec)
    if p.is_file():
        from ..config import load_config

        return policy_digest_of(load_config(p).policy), f"the policy of {spec}"
    now = policy_digest_for(spec)
    if now is None:
        raise _fail(
            f"policy '{spec}' cannot be resolved here (no such pack); pass --policy CONFIG.yaml or pack names a+b"
        )
    return now, f"packs '{spec}' as they resolve here"


def _is_url(value: str) -> bool:
    from ..engine import is_database_url

    return is_database_url(value)


def _rel(target: Path, base: Path) -> str:
    """``target`` relative to ``base`` (both made absolute lexically, symlinks not followed), POSIX form."""
    return Path(os.path.relpath(os.path.abspath(target), os.path.abspath(base))).as_posix()


def _bind(role: str, name: str, path: str, digest: str) -> dict[str, Any]:
    return {"role": role, "name": name, "path": path, "sha256": digest}


def _data_bindings(sc: ScorecardView, env_dir: Path) -> list[dict[str, Any]]:
    ds = sc.dataset
    if _is_url(ds.path) or ds.format in ("postgres",):
        # a warehouse table: the subject is the digest computed in the database (no password in the URL shown)
        return [_bind("table", ds.path, ds.path, ds.sha256)]
    if ds.path == "<DataFrame>":
        raise InputError(
            "the scorecard is of an in-memory DataFrame: there is no file to bind; write it to Parquet and audit the file"
        )
    files = [(f.path, f.sha256) for f in ds.files] or [(ds.path, ds.sha256)]
    out = []
    for name, digest in sorted(files):
        p = Path(name)
        if not p.is_file():
            raise InputError(
                f"{name}: data file named in the scorecard not found; run sign from the audit's directory"
            )
        actual = sha256_file(p)
        if actual != digest:
            raise InputError(
                f"{name}: sha256 {actual[:16]}... differs from the scorecard's {digest[:16]}...; re-run the audit"
            )
        out.append(_bind("data", p.as_posix(), _rel(p, env_dir), digest))
    return out


def build_statement(
    scorecard_path: Path,
    license_path: Path | None = None,
    baseline_path: Path | None = None,
    envelope_dir: Path | None = None,
) -> dict[str, Any]:
    env_dir = envelope_dir if envelope_dir is not None else scorecard_path.parent
    sc = load_scorecard(scorecard_path)
    counts = {
        s: sum(1 for c in sc.checks if c.status == s)
        for s in ("pass", "warn", "fail", "error", "not_measured")
    }
    bound = _data_bindings(sc, env_dir)
    # every output of the run beside the scorecard (the scorecard first)
    sc_digest = sha256_file(scorecard_path)
    bound.append(_bind("output", _rel(scorecard_path, env_dir), _rel(scorecard_path, env_dir), sc_digest))
    for fname in OUTPUT_FILES:
        p = scorecard_path.with_name(fname)
        if fname != scorecard_path.name and p.is_file():
            bound.append(_bind("output", _rel(p, env_dir), _rel(p, env_dir), sha256_file(p)))
    lic = None
    lic_path = license_path or (Path(sc.license["path"]) if sc.license and sc.license.get("path") else None)
    if lic_path is not None:
        if not lic_path.is_file():
            raise InputError(f"{lic_path}: license file not found")
        lic = {"path": _rel(lic_path, env_dir), "sha256": sha256_file(lic_path)}
        if sc.license and sc.license.get("sha256") and sc.license["sha256"] != lic["sha256"]:
            raise InputError(f"{lic_path}: differs from the license bound in the scorecard; re-run the audit")
        bound.append(_bind("license", lic_path.as_posix(), lic["path"], lic["sha256"]))
    if sc.policy is None:
        raise InputError(f"{scorecard_path}: the scorecard names no policy; re-run the audit")
    policy: dict[str, Any] = {"name": sc.policy.name, "sha256": sc.policy.sha256}
    policy["recomputable"] = policy_digest_for(sc.policy.name) == sc.policy.sha256
    predicate: dict[str, Any] = {
        "verdict": sc.verdict,
        "result": RESULT[sc.verdict],
        "tool": {"name": sc.tool.name, "version": sc.tool.version},
        "policy": policy,
        "license": lic,
        "scorecard": {
            "path": _rel(scorecard_path, env_dir),
            "sha256": sc_digest,
            "schema_version": sc.schema_version,
        },
        "config_sha256": sc.config_sha256,
        "dataset": {"sha256": sc.dataset.sha256, "rows": sc.dataset.rows, "columns": sc.dataset.columns},
        "counts": counts,
    }
    if baseline_path is not None:
        if not baseline_path.is_file():
            raise InputError(f"{baseline_path}: baseline file not found; pass the baseline the gate used")
        predicate["baseline"] = {"path": _rel(baseline_path, env_dir), "sha256": sha256_file(baseline_path)}
        bound.append(
            _bind(
                "baseline",
                baseline_path.as_posix(),
                predicate["baseline"]["path"],
                predicate["baseline"]["sha256"],
            )
        )
    predicate["bound"] = bound
    subjects: dict[tuple[str, str], dict[str, Any]] = {}
    for b in bound:
        subjects[(b["name"], b["sha256"])] = {"name": b["name"], "digest": {"sha256": b["sha256"]}}
    return {
        "_type": STATEMENT_TYPE,
        "subject": [subjects[k] for k in sorted(subjects)],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }


def sign_scorecard(
    scorecard_path: Path,
    keys: list[Ed25519PrivateKey],
    license_path: Path | None = None,
    baseline_path: Path | None = None,
    envelope_dir: Path | None = None,
) -> dict[str, Any]:
    stmt = build_statement(scorecard_path, license_path, baseline_path, envelope_dir)
    payload = json.dumps(stmt, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return make_envelope(payload, keys)


def cosign_envelope(envelope_path: Path, *keys: Ed25519PrivateKey) -> dict[str, Any]:
    """Add further parties' signatures (e.g. the auditor's) over the same payload."""
    try:
        raw = envelope_path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{envelope_path}: cannot read the attestation to co-sign ({exc.strerror}); sign without --append first"
        ) from None
    env = parse_envelope(raw, str(envelope_path))
    for key in keys:
        add_signature(env, key)
    return env


@dataclass
class Verification:
    ok: bool
    signers: list[str]
    statement: dict[str, Any]
    checked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)


def _fail(msg: str) -> SignatureError:
    return SignatureError(f"verification failed: {msg}")


def _show(p: Path) -> str:
    """A path as the user would type it from here (relative to the current directory when shorter)."""
    try:
        r = os.path.relpath(os.path.abspath(p))
    except ValueError:
        return p.as_posix()
    return Path(r).as_posix() if len(r) <= len(os.path.abspath(p)) else p.as_posix()


def distinct_keys(trusted: dict[str, Ed25519PublicKey]) -> dict[str, Ed25519PublicKey]:
    """One entry per distinct public key (names of duplicates joined with '='): signers are counted by key."""
    by_id: dict[str, tuple[list[str], Ed25519PublicKey]] = {}
    for name, pub in trusted.items():
        by_id.setdefault(key_id(pub), ([], pub))[0].append(name)
    return {"=".join(names): pub for names, pub in by_id.values()}


def _table_digest(url: str) -> str:
    from ..engine._warehouse import WarehouseEngine

    eng = WarehouseEngine(url)
    try:
        eng.open_table()
        return eng.digest(eng.raw_table)
    finally:
        eng.close()


def verify_envelope(
    envelope_path: Path,
    trusted: dict[str, Ed25519PublicKey],
    *,
    threshold: int | None = None,
    scorecard: Path | None = None,
    data: list[str | Path] | None = None,
    license_path: Path | None = None,
    policy: str | None = None,
    baseline_path: Path | None = None,
) -> Verification:
    """Check signatures, then recompute every digest. Raises SignatureError naming the first mismatch.

    Every attested path is resolved against the envelope's directory, never the current one; explicit
    ``scorecard``/``data``/``license_path``/``baseline_path`` replace the attested location of that file.
    """
    if threshold is not None and threshold < 1:
        raise ConfigError(f"--threshold {threshold}: at least one valid signature is required; use 1 or more")
    if not trusted:
        raise ConfigError("no trusted public key given; pass --pub KEY.pub")
    keys = distinct_keys(trusted)
    dup = next((name for name in keys if "=" in name), None)
    if dup is not None:
        # two file names, one key: it would count as one signer, not the two parties the verifier listed
        raise ConfigError(
            f"--pub {dup.replace('=', ' and ')}: the same public key under different names; a signer "
            "counts once, by key: pass each party's own key once"
        )
    need = threshold if threshold is not None else len(keys)
    if need > len(keys):
        raise ConfigError(
            f"--threshold {need}: only {len(keys)} distinct public key(s) given (the same key under two "
            "names counts once); pass more --pub keys or lower --threshold"
        )
    try:
        raw = envelope_path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{envelope_path}: cannot read the attestation ({exc.strerror})") from None
    env = parse_envelope(raw, str(envelope_path))
    signers = verified_keys(env, keys)
    if len(signers) < need:
        missing = sorted(set(keys) - set(signers))
        raise _fail(
            f"{len(signers)} of {need} required signatures verify; no valid signature for key(s) {', '.join(missing)} "
            "(wrong key, or payload/signature altered)"
        )
    if env["payloadType"] != PAYLOAD_TYPE:
        raise _fail(f"payloadType is '{env['payloadType']}', expected '{PAYLOAD_TYPE}'")
    try:
        stmt = json.loads(b64decode(env["payload"], "payload"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _fail("payload is not JSON") from None
    if not isinstance(stmt, dict) or stmt.get("_type") != STATEMENT_TYPE:
        raise _fail(
            f"_type is '{stmt.get('_type') if isinstance(stmt, dict) else None}', expected '{STATEMENT_TYPE}'"
        )
    if stmt.get("predicateType") == "https://riskaudit.dev/attestation/erasure-receipt/v1":
        from ..erasure._receipt import verify_receipt  # an erasure receipt (riskaudit erasure verify --sign)

        return verify_receipt(envelope_path, stmt, signers, data)  # type: ignore[no-any-return]
    if stmt.get("predicateType") != PREDICATE_TYPE:
        raise _fail(f"predicateType is '{stmt.get('predicateType')}', expected '{PREDICATE_TYPE}'")
    pred = stmt.get("predicate") or {}
    bound = pred.get("bound")
    if not isinstance(bound, list) or not isinstance(pred.get("scorecard"), dict):
        raise _fail(
            "the attestation binds no output files (made by an older riskaudit); re-sign the audit with this version"
        )
    subjects = {
        (s.get("name"), (s.get("digest") or {}).get("sha256"))
        for s in stmt.get("subject") or []
        if isinstance(s, dict)
    }
    for b in bound:
        if (b.get("name"), b.get("sha256")) not in subjects:
            raise _fail(f"bound file '{b.get('name')}' is not among the statement's subjects")
    base = envelope_path.parent
    res = Verification(ok=False, signers=signers, statement=stmt)

    def check_file(role: str, p: Path, want: str) -> None:
        got = sha256_file(p)
        if got != want:
            raise _fail(f"{role} {_show(p)} changed: sha256 {got} != attested {want}")
        res.checked.append(f"{role} {_show(p)} sha256 {want[:16]}")

    # scorecard: the one beside the envelope always, and an explicit --scorecard too
    sc_att = pred["scorecard"]
    beside = base / sc_att["path"]
    if scorecard is not None:
        if (
            beside.is_file()
            and beside.resolve() != scorecard.resolve()
            and sha256_file(beside) != sc_att["sha256"]
        ):
            raise _fail(
                f"scorecard {_show(beside)} beside the envelope differs from the attested one (sha256 {sc_att['sha256'][:16]}...)"
            )
        sc_path = scorecard
    else:
        sc_path = beside
    if not sc_path.is_file():
        raise _fail(f"scorecard {_show(sc_path)} not found beside the envelope (pass --scorecard)")
    check_file("scorecard", sc_path, sc_att["sha256"])
    sc = load_scorecard(sc_path)
    if sc.verdict != pred.get("verdict"):
        raise _fail(f"scorecard verdict '{sc.verdict}' != attested '{pred.get('verdict')}'")
    # the other outputs of the run: missing ones are reported, changed ones fail
    for b in bound:
        if b["role"] != "output" or b["path"] == sc_att["path"]:
            continue
        p = base / b["path"]
        if p.is_file():
            check_file("output", p, b["sha256"])
        else:
            res.missing.append(f"output {_show(p)}")
    # data files (or the warehouse table)
    data_b = [b for b in bound if b["role"] in ("data", "table")]
    if data:
        if len(data) != len(data_b):
            raise _fail(f"{len(data)} data file(s) given but the attestation binds {len(data_b)}")
        pairs: list[tuple[str | Path, dict[str, Any]]] = list(zip(data, data_b, strict=True))
    else:
        pairs = [(b["path"] if b["role"] == "table" else base / b["path"], b) for b in data_b]
    for target, b in pairs:
        if b["role"] == "table":
            if not data:
                res.not_checked.append(
                    f"table {b['name']} (digest computed in the database; pass --data URL to recompute)"
                )
                continue
            got = _table_digest(str(target))
            if got != b["sha256"]:
                raise _fail(f"table {b['name']} changed: in-database digest {got} != attested {b['sha256']}")
            res.checked.append(f"table {b['name']} sha256 {b['sha256'][:16]}")
            continue
        p = Path(target)
        if not p.is_file():
            raise _fail(f"data file {_show(p)} not found (pass --data)")
        got = sha256_file(p)
        if got != b["sha256"]:
            raise _fail(f"data file {_show(p)} changed: sha256 {got} != attested {b['sha256']}")
        res.checked.append(f"data {_show(p)} sha256 {b['sha256'][:16]}")
    # license and baseline: bound files must exist and match
    for role, given, att in (
        ("license", license_path, pred.get("license")),
        ("baseline", baseline_path, pred.get("baseline")),
    ):
        if att:
            p = given or base / att["path"]
            if not p.is_file():
                raise _fail(f"{role} {_show(p)} bound by the attestation not found (pass --{role})")
            check_file(role, p, att["sha256"])
        elif given is not None:
            raise _fail(f"a {role} was given but the attestation binds none")
    # policy: identified by its content digest, always compared
    pol = pred.get("policy") or {}
    if sc.policy is None or sc.policy.sha256 != pol.get("sha256"):
        raise _fail("scorecard policy digest differs from the attested policy digest")
    if policy:
        now, what = _expected_policy(policy)
    else:
        name = str(pol.get("name") or "")
        now_or_none = policy_digest_for(name) if name else None
        if now_or_none is None:
            raise _fail(
                f"policy '{name}' (sha256 {pol.get('sha256')}) is not a pack that resolves here; "
                "pass --policy CONFIG.yaml (or pack names a+b) to say which policy you expect"
            )
        now, what = now_or_none, f"packs '{name}' as they resolve here"
    if now != pol.get("sha256"):
        if not policy and not pol.get("recomputable"):
            raise _fail(
                f"policy '{pol.get('name')}' attested sha256 {pol.get('sha256')} is not {what} (sha256 {now}): "
                "the audit changed its rules; pass --policy CONFIG.yaml to compare with the policy you expect"
            )
        raise _fail(
            f"policy '{pol.get('name')}' changed: {what} -> sha256 {now} != attested {pol.get('sha256')}"
        )
    res.checked.append(f"policy sha256 {now[:16]} = {what}")
    res.ok = True
    return res
