"""Attestation: sign (provider + auditor), verify offline, and a tamper matrix with precise reasons."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

import pytest

from helpers import cli
from riskaudit.attest import PAYLOAD_TYPE, pae
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from scorecard_fixtures import make_deid

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Path:
    """A directory with data.csv, lic.yaml, out/scorecard.json and keys; signed by provider and auditor."""
    d = tmp_path_factory.mktemp("attest")
    make_deid(d / "data.csv", n=200)
    shutil.copy(ROOT / "configs" / "license.example.yaml", d / "lic.yaml")
    old = os.getcwd()
    os.chdir(d)
    try:
        cfg = load_config(
            ROOT / "src/riskaudit/configs" / "default.yaml",
            {"license": "lic.yaml", "columns": {"quasi_identifiers": ["zip3", "birth_year", "sex"]}},
        )
        run_audit("data.csv", cfg, out_dir="out", only=["license", "reident"])
        for who in ("provider", "auditor", "mallory"):
            assert cli("keygen", "--out", f"keys/{who}").exit_code == 0
        assert cli("sign", "out", "--key", "keys/provider.key").exit_code == 0
        r = cli("sign", "out", "--key", "keys/auditor.key", "--append")
        assert r.exit_code == 0 and "2 signatures" in r.stdout
    finally:
        os.chdir(old)
    return d


@pytest.fixture
def work(signed, tmp_path, monkeypatch) -> Path:
    w = tmp_path / "w"
    shutil.copytree(signed, w)
    monkeypatch.chdir(w)
    return w


def verify(*extra: str):
    return cli(
        "verify",
        "out/attestation.intoto.json",
        "--pub",
        "keys/provider.pub",
        "--pub",
        "keys/auditor.pub",
        *extra,
    )


def envelope(w: Path) -> dict:
    return json.loads((w / "out/attestation.intoto.json").read_text())


def test_verifies_with_both_keys_and_statement_shape(work):
    r = verify()
    assert r.exit_code == 0, r.stderr
    assert "2 signature(s)" in r.stdout and "data data.csv" in r.stdout and "license lic.yaml" in r.stdout
    env = envelope(work)
    assert env["payloadType"] == PAYLOAD_TYPE and len(env["signatures"]) == 2
    stmt = json.loads(base64.b64decode(env["payload"]))
    assert stmt["_type"] == "https://in-toto.io/Statement/v1"
    import hashlib

    def digest(p: Path) -> str:
        return hashlib.sha256(p.read_bytes()).hexdigest()

    # every file of the run is a subject: the data, each output written beside the scorecard, the license
    # (the directory's manifest, .riskaudit-manifest.json, is bookkeeping, not an output: it is not bound)
    outputs = sorted(
        p.name
        for p in (work / "out").iterdir()
        if p.name not in ("attestation.intoto.json", ".riskaudit-manifest.json")
    )
    assert len(outputs) == 8 and "report.html" in outputs and "summary.md" in outputs
    want = {("data.csv", digest(work / "data.csv")), ("lic.yaml", digest(work / "lic.yaml"))}
    want |= {(n, digest(work / "out" / n)) for n in outputs}
    assert {(s["name"], s["digest"]["sha256"]) for s in stmt["subject"]} == want
    assert {b["path"] for b in stmt["predicate"]["bound"] if b["role"] == "data"} == {"../data.csv"}
    pred = stmt["predicate"]
    assert (
        pred["scorecard"]["sha256"] == hashlib.sha256((work / "out/scorecard.json").read_bytes()).hexdigest()
    )
    assert pred["license"]["sha256"] == hashlib.sha256((work / "lic.yaml").read_bytes()).hexdigest()
    sc = json.loads((work / "out/scorecard.json").read_text())
    assert pred["policy"]["sha256"] == sc["policy"]["sha256"] and pred["verdict"] == sc["verdict"]
    assert pred["tool"]["version"] == sc["tool"]["version"]


def test_pae_matches_dsse_spec():
    assert pae("application/vnd.in-toto+json", b"{}") == b"DSSEv1 28 application/vnd.in-toto+json 2 {}"


def _flip_byte(p: Path, offset: int = -10) -> None:
    b = bytearray(p.read_bytes())
    b[offset] = ord("7") if b[offset] != ord("7") else ord("8")
    p.write_bytes(bytes(b))


@pytest.mark.parametrize(
    "case, reason",
    [
        ("data_byte", "data file data.csv changed"),
        ("scorecard", "scorecard out/scorecard.json changed"),
        ("license", "license lic.yaml changed"),
        ("policy", "policy 'default' changed"),
        ("wrong_key", "no valid signature for key(s) keys/mallory.pub"),
        ("truncated", "not valid JSON"),
        ("reencoded_payload", "signatures verify"),
        ("payload_swapped_sig", "signatures verify"),
        ("bad_base64", "not valid base64"),
    ],
)
def test_tamper_matrix(work, case, reason, monkeypatch):
    args: list[str] = []
    env_path = work / "out/attestation.intoto.json"
    if case == "data_byte":
        _flip_byte(work / "data.csv")
    elif case == "scorecard":
        sc = work / "out/scorecard.json"
        sc.write_text(
            sc.read_text()
            .replace('"verdict": "fail"', '"verdict": "pass"')
            .replace('"verdict": "error"', '"verdict": "pass"')
        )
    elif case == "license":
        with open(work / "lic.yaml", "a") as f:
            f.write("# edited\n")
    elif case == "policy":
        pol = work / "configs/policies"
        shutil.copytree(ROOT / "src/riskaudit/configs", work / "configs")
        text = (pol / "default.yaml").read_text().replace("fail: 5 ", "fail: 4 ", 1)
        assert text != (pol / "default.yaml").read_text()
        (pol / "default.yaml").write_text(text)
        monkeypatch.setenv("RISKAUDIT_CONFIGS", str(work / "configs"))
    elif case == "wrong_key":
        r = cli("verify", str(env_path), "--pub", "keys/mallory.pub")
        assert r.exit_code == 1 and reason in r.stderr, r.stderr
        return
    elif case == "truncated":
        env_path.write_bytes(env_path.read_bytes()[:-40])
    elif case == "reencoded_payload":
        env = envelope(work)
        stmt = json.loads(base64.b64decode(env["payload"]))
        env["payload"] = base64.b64encode(
            json.dumps(stmt, indent=1).encode()
        ).decode()  # same statement, other bytes
        env_path.write_text(json.dumps(env))
    elif case == "payload_swapped_sig":
        env = envelope(work)
        env["signatures"][0]["sig"] = env["signatures"][1]["sig"]
        env_path.write_text(json.dumps(env))
    elif case == "bad_base64":
        env = envelope(work)
        env["payload"] = env["payload"][:-3] + "!!!"
        env_path.write_text(json.dumps(env))
    r = verify(*args)
    assert r.exit_code == 1, (case, r.stdout, r.stderr)
    assert reason in r.stderr, (case, r.stderr)
    assert "Traceback" not in r.stderr


def test_urlsafe_base64_envelope_still_verifies(work):
    env = envelope(work)
    env["payload"] = env["payload"].replace("+", "-").replace("/", "_").rstrip("=")
    (work / "out/attestation.intoto.json").write_text(json.dumps(env))
    r = verify()
    assert r.exit_code == 0, r.stderr


def test_threshold_one_of_two_and_missing_signer(work):
    env = envelope(work)
    env["signatures"] = env["signatures"][:1]  # provider only
    (work / "out/attestation.intoto.json").write_text(json.dumps(env))
    assert verify().exit_code == 1
    assert "1 of 2 required signatures" in verify().stderr
    assert verify("--threshold", "1").exit_code == 0


def test_keygen_refuses_overwrite_and_private_key_mode(work):
    r = cli("keygen", "--out", "keys/provider")
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert (work / "keys/provider.key").stat().st_mode & 0o077 == 0
