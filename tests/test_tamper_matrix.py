"""Tamper matrix: every way an adversary was seen to talk `verify` or `gate` round, plus the tampers that were
already caught. Each must end non-zero with exactly one line naming the reason (never a traceback).

The fixture is one audit (A) and a second one (B) of other data, both signed by a provider and an auditor; A
also binds a license and a gate baseline. Every case works on a fresh copy of that directory.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import cli
from riskaudit.attest import load_private_key, load_public_key, verify_envelope
from riskaudit.attest._dsse import make_envelope
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.errors import InputError, RiskAuditError
from riskaudit.gate import DatasetIdentity, make_baseline
from riskaudit.gate._baseline import BaselineKey
from riskaudit.scorecard import Scorecard
from scorecard_fixtures import make_deid

ROOT = Path(__file__).resolve().parents[1]
ENV = "out/attestation.intoto.json"
OUTPUTS = (
    "scorecard.json",
    "report.md",
    "report.html",
    "report.sarif",
    "report.junit.xml",
    "dataset.spdx.json",
    "croissant-rai.json",
)
QIS = {"columns": {"quasi_identifiers": ["zip3", "birth_year", "sex"]}}


def _audit(data: str, out: str, **extra) -> None:
    cfg = load_config(
        ROOT / "src/riskaudit/configs" / "default.yaml", {"license": "lic.yaml", **QIS, **extra}
    )
    run_audit(data, cfg, out_dir=out, only=["license", "reident", "pii"])


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tamper")
    make_deid(d / "data.csv", n=200)
    make_deid(d / "b.csv", n=120, zip3s=("100", "112", "073", "000", "036"))
    shutil.copy(ROOT / "configs" / "license.example.yaml", d / "lic.yaml")
    old = os.getcwd()
    os.chdir(d)
    try:
        _audit("data.csv", "out")
        _audit("b.csv", "out_b")
        sc = Scorecard.model_validate_json(Path("out/scorecard.json").read_text())
        key = BaselineKey(b"s" * 32, "test")
        Path("bl.json").write_text(make_baseline(sc, key, DatasetIdentity(name="data")).to_json())
        for who in ("provider", "auditor", "mallory"):
            assert cli("keygen", "--out", f"keys/{who}").exit_code == 0
        shutil.copy("keys/provider.pub", "keys/provider-copy.pub")
        assert (
            cli(
                "sign",
                "out",
                "--key",
                "keys/provider.key",
                "--key",
                "keys/auditor.key",
                "--baseline",
                "bl.json",
            ).exit_code
            == 0
        )
        r = cli("sign", "out_b", "--key", "keys/provider.key", "--key", "keys/auditor.key")
        assert r.exit_code == 0, r.stderr
        assert sorted(p.name for p in Path("out").iterdir()) == sorted(
            [*OUTPUTS, "summary.md", "attestation.intoto.json", ".riskaudit-manifest.json"]
        )
    finally:
        os.chdir(old)
    return d


@pytest.fixture
def work(signed, tmp_path, monkeypatch) -> Path:
    w = tmp_path / "w"
    shutil.copytree(signed, w)
    monkeypatch.chdir(w)
    return w


def verify(*extra: str, env: str = ENV):
    return cli("verify", env, "--pub", "keys/provider.pub", "--pub", "keys/auditor.pub", *extra)


def _payload(w: Path, env: str = ENV) -> dict:
    return json.loads(base64.b64decode(json.loads((w / env).read_text())["payload"]))


def _resign(w: Path, stmt: dict, *who: str, mutate_env=None) -> None:
    keys = [load_private_key(w / f"keys/{k}.key") for k in who]
    env = make_envelope(json.dumps(stmt, sort_keys=True, separators=(",", ":")).encode(), keys)
    if mutate_env:
        mutate_env(env)
    (w / ENV).write_text(json.dumps(env))


def _edit_env(w: Path, fn) -> None:
    env = json.loads((w / ENV).read_text())
    fn(env)
    (w / ENV).write_text(json.dumps(env))


def _flip(p: Path, offset: int = -10) -> None:
    b = bytearray(p.read_bytes())
    b[offset] ^= 0x01
    p.write_bytes(bytes(b))


def _sed(p: Path, old: str, new: str) -> None:
    text = p.read_text()
    assert old in text, (p, old)
    p.write_text(text.replace(old, new))


def _forge_pass(p: Path) -> None:
    """The scorecard re-written with verdict pass (formatting as riskaudit writes it)."""
    sc = json.loads(p.read_text())
    assert sc["verdict"] != "pass"
    sc["verdict"] = "pass"
    p.write_text(json.dumps(sc, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def _weakened_policy_config(w: Path) -> None:
    """An inline-weakened policy that keeps the name `default` (the k-anonymity rule no longer fails)."""
    (w / "weak.yaml").write_text(
        "policy:\n  name: default\n  extends: [default]\n  rules:\n    reident.k_anonymity: {fail: 1, warn: 1}\n"
    )


def _tamper(w: Path, case: str, monkeypatch) -> tuple[list[str], str]:
    """Apply the tamper; return the verify arguments to use (None: verify as usual)."""
    args: list[str] = []
    # --- the 25 that already held -------------------------------------------------------------------------
    if case == "data_byte":
        _flip(w / "data.csv")
    elif case == "data_appended_row":
        with open(w / "data.csv", "a") as f:
            f.write((w / "data.csv").read_text().splitlines()[1] + "\n")
    elif case == "data_truncated":
        (w / "data.csv").write_bytes((w / "data.csv").read_bytes()[:-200])
    elif case == "data_deleted":
        (w / "data.csv").unlink()
    elif case == "scorecard_verdict":
        _forge_pass(w / "out/scorecard.json")
    elif case == "scorecard_reformatted":
        (w / "out/scorecard.json").write_text(json.dumps(json.loads((w / "out/scorecard.json").read_text())))
    elif case == "scorecard_deleted":
        (w / "out/scorecard.json").unlink()
    elif case == "license_edited":
        with open(w / "lic.yaml", "a") as f:
            f.write("# edited\n")
    elif case == "license_deleted":
        (w / "lic.yaml").unlink()
    elif case == "policy_pack_edited":
        shutil.copytree(ROOT / "src/riskaudit/configs", w / "configs")
        _sed(w / "configs/policies/default.yaml", "fail: 5 ", "fail: 4 ")
        monkeypatch.setenv("RISKAUDIT_CONFIGS", str(w / "configs"))
    elif case == "wrong_key":
        args = ["--pub-only", "keys/mallory.pub"]
    elif case == "one_trusted_one_foreign_key":
        args = ["--pub-only", "keys/provider.pub", "keys/mallory.pub"]
    elif case == "envelope_truncated":
        (w / ENV).write_bytes((w / ENV).read_bytes()[:-40])
    elif case == "envelope_not_object":
        (w / ENV).write_text("[]")
    elif case == "envelope_no_signatures":
        _edit_env(w, lambda e: e.update(signatures=[]))
    elif case == "envelope_missing_payload":
        _edit_env(w, lambda e: e.pop("payload"))
    elif case == "payload_reencoded":
        stmt = _payload(w)
        _edit_env(
            w, lambda e: e.update(payload=base64.b64encode(json.dumps(stmt, indent=1).encode()).decode())
        )
    elif case == "signatures_swapped":
        _edit_env(w, lambda e: e["signatures"][0].update(sig=e["signatures"][1]["sig"]))
    elif case == "payload_bad_base64":
        _edit_env(w, lambda e: e.update(payload=e["payload"][:-3] + "!!!"))
    elif case == "signature_bad_base64":
        _edit_env(w, lambda e: [s.update(sig="!!" + s["sig"][2:]) for s in e["signatures"]])
    elif case == "payload_type_changed":
        _edit_env(w, lambda e: e.update(payloadType="application/json"))
    elif case == "foreign_key_same_keyid":
        stmt = _payload(w)
        stmt["predicate"]["verdict"] = "pass"
        kid = [s["keyid"] for s in json.loads((w / ENV).read_text())["signatures"]]
        _resign(
            w,
            stmt,
            "mallory",
            "mallory",
            mutate_env=lambda e: [s.update(keyid=k) for s, k in zip(e["signatures"], kid, strict=False)],
        )
    elif case == "signature_without_sig":
        _edit_env(w, lambda e: e["signatures"].insert(0, {"keyid": "x"}))
    elif case == "statement_type_changed":
        stmt = _payload(w)
        stmt["_type"] = "https://in-toto.io/Statement/v0.1"
        _resign(w, stmt, "provider", "auditor")
    elif case == "predicate_type_changed":
        stmt = _payload(w)
        stmt["predicateType"] = "https://slsa.dev/provenance/v1"
        _resign(w, stmt, "provider", "auditor")
    # --- reports were not bound --------------------------------------------------------------------------
    elif case == "html_fail_to_pass":
        _sed(w / "out/report.html", "FAIL", "PASS")
    elif case == "markdown_fail_to_pass":
        _sed(w / "out/report.md", "FAIL", "PASS")
    elif case == "sarif_edited":
        sarif = json.loads((w / "out/report.sarif").read_text())
        sarif["runs"][0]["results"] = []
        (w / "out/report.sarif").write_text(json.dumps(sarif))
    elif case == "junit_edited":
        _sed(w / "out/report.junit.xml", "<failure", "<skipped")
    elif case == "spdx_sensitive_yes_to_no":
        spdx = w / "out/dataset.spdx.json"
        text = spdx.read_text()
        assert '"yes"' in text or '"no"' in text
        spdx.write_text(text.replace('"yes"', '"no"') if '"yes"' in text else text.replace('"no"', '"yes"'))
    elif case == "croissant_edited":
        _sed(w / "out/croissant-rai.json", "rai:", "rai_:")
    # --- replay by relative paths -------------------------------------------------------------------------
    elif case == "envelope_next_to_forged_scorecard":
        forged = w / "forged"
        forged.mkdir()
        sc = json.loads((w / "out/scorecard.json").read_text())
        sc["verdict"] = "pass"
        (forged / "scorecard.json").write_text(json.dumps(sc))
        shutil.copy(w / ENV, forged / "attestation.intoto.json")
        args = ["--env", "forged/attestation.intoto.json"]
    elif case == "forged_scorecard_beside_explicit_original":
        shutil.copy(w / "out/scorecard.json", w / "original.json")
        _forge_pass(w / "out/scorecard.json")
        args = ["--scorecard", "original.json"]
    elif case == "b_envelope_over_a":
        shutil.copy(w / "out_b/attestation.intoto.json", w / ENV)
    elif case == "copied_tree_with_other_data":
        # the whole audit directory moved elsewhere, and a different data.csv placed where it now points
        (w / "x").mkdir()
        shutil.move(str(w / "out"), w / "x" / "out")
        shutil.copy(w / "b.csv", w / "x" / "data.csv")
        shutil.copy(w / "lic.yaml", w / "x" / "lic.yaml")
        shutil.copy(w / "bl.json", w / "x" / "bl.json")
        args = ["--env", "x/out/attestation.intoto.json"]
    # --- thresholds and signer counting --------------------------------------------------------------------
    elif case == "threshold_zero_unknown_signer":
        stmt = _payload(w)
        stmt["predicate"]["verdict"] = "pass"
        _resign(w, stmt, "mallory")
        args = ["--threshold", "0"]
    elif case == "threshold_negative":
        args = ["--threshold", "-1"]
    elif case == "same_key_two_names":
        _edit_env(w, lambda e: e.update(signatures=e["signatures"][:1]))  # provider only
        args = ["--pub-only", "keys/provider.pub", "keys/provider-copy.pub", "--threshold", "2"]
    elif case == "same_key_two_names_default_threshold":
        _edit_env(w, lambda e: e.update(signatures=e["signatures"][:1]))  # provider only; auditor required
        args = ["--pub-only", "keys/provider.pub", "keys/provider-copy.pub", "keys/auditor.pub"]
    elif case == "threshold_above_keys":
        args = ["--threshold", "3"]
    # --- bound files and policy identity ------------------------------------------------------------------
    elif case == "bound_baseline_deleted":
        (w / "bl.json").unlink()
    elif case == "bound_baseline_edited":
        _sed(w / "bl.json", '"version": 2', '"version": 2 ')
    elif case == "inline_weakened_policy_named_default":
        _weakened_policy_config(w)
        (w / "out2").mkdir()
        _audit(
            "data.csv",
            "out2",
            policy={
                "name": "default",
                "extends": ["default"],
                "rules": {"reident.k_anonymity": {"fail": 1, "warn": 1}},
            },
        )
        r = cli("sign", "out2", "--key", "keys/provider.key", "--key", "keys/auditor.key")
        assert r.exit_code == 0, r.stderr
        args = ["--env", "out2/attestation.intoto.json"]
    elif case == "inline_weakened_policy_vs_expected_config":
        # the verifier names the policy it expects (the stock default config): the weakened one differs
        (w / "out2").mkdir()
        _audit(
            "data.csv",
            "out2",
            policy={
                "name": "default",
                "extends": ["default"],
                "rules": {"reident.k_anonymity": {"fail": 1, "warn": 1}},
            },
        )
        assert cli("sign", "out2", "--key", "keys/provider.key", "--key", "keys/auditor.key").exit_code == 0
        args = [
            "--env",
            "out2/attestation.intoto.json",
            "--policy",
            str(ROOT / "src/riskaudit/configs" / "default.yaml"),
        ]
    else:  # pragma: no cover
        raise AssertionError(case)
    return args, case


HELD = [
    ("data_byte", "data file data.csv changed"),
    ("data_appended_row", "data file data.csv changed"),
    ("data_truncated", "data file data.csv changed"),
    ("data_deleted", "data file data.csv not found"),
    ("scorecard_verdict", "scorecard out/scorecard.json changed"),
    ("scorecard_reformatted", "scorecard out/scorecard.json changed"),
    ("scorecard_deleted", "scorecard out/scorecard.json not found"),
    ("license_edited", "license lic.yaml changed"),
    ("license_deleted", "license lic.yaml bound by the attestation not found"),
    ("policy_pack_edited", "policy 'default' changed"),
    ("wrong_key", "no valid signature for key(s) keys/mallory.pub"),
    (
        "one_trusted_one_foreign_key",
        "1 of 2 required signatures verify; no valid signature for key(s) keys/mallory.pub",
    ),
    ("envelope_truncated", "not valid JSON"),
    ("envelope_not_object", "must be a JSON object"),
    ("envelope_no_signatures", "no signatures"),
    ("envelope_missing_payload", "missing 'payload'"),
    ("payload_reencoded", "signatures verify"),
    ("signatures_swapped", "1 of 2 required signatures verify"),
    ("payload_bad_base64", "not valid base64"),
    ("signature_bad_base64", "signature is not valid base64"),
    ("payload_type_changed", "0 of 2 required signatures verify"),
    ("foreign_key_same_keyid", "0 of 2 required signatures verify"),
    ("signature_without_sig", "a signature entry has no 'sig'"),
    ("statement_type_changed", "_type is 'https://in-toto.io/Statement/v0.1'"),
    ("predicate_type_changed", "predicateType is 'https://slsa.dev/provenance/v1'"),
]
NEW = [
    ("html_fail_to_pass", "output out/report.html changed"),
    ("markdown_fail_to_pass", "output out/report.md changed"),
    ("sarif_edited", "output out/report.sarif changed"),
    ("junit_edited", "output out/report.junit.xml changed"),
    ("spdx_sensitive_yes_to_no", "output out/dataset.spdx.json changed"),
    ("croissant_edited", "output out/croissant-rai.json changed"),
    ("envelope_next_to_forged_scorecard", "scorecard forged/scorecard.json changed"),
    ("forged_scorecard_beside_explicit_original", "scorecard out/scorecard.json beside the envelope differs"),
    ("b_envelope_over_a", "scorecard out/scorecard.json changed"),
    ("copied_tree_with_other_data", "data file x/data.csv changed"),
    ("threshold_zero_unknown_signer", "--threshold 0: at least one valid signature is required"),
    ("threshold_negative", "--threshold -1: at least one valid signature is required"),
    (
        "same_key_two_names",
        "--pub keys/provider.pub and keys/provider-copy.pub: the same public key under different names",
    ),
    (
        "same_key_two_names_default_threshold",
        "--pub keys/provider.pub and keys/provider-copy.pub: the same public key",
    ),
    ("threshold_above_keys", "--threshold 3: only 2 distinct public key(s) given"),
    ("bound_baseline_deleted", "baseline bl.json bound by the attestation not found"),
    ("bound_baseline_edited", "baseline bl.json changed"),
    ("inline_weakened_policy_named_default", "policy 'default' attested sha256"),
    ("inline_weakened_policy_vs_expected_config", "policy 'default' changed: the policy of"),
]
USAGE = {
    "threshold_zero_unknown_signer",
    "threshold_negative",
    "same_key_two_names",
    "same_key_two_names_default_threshold",
    "threshold_above_keys",
}


@pytest.mark.parametrize("case, reason", HELD + NEW, ids=[c for c, _ in HELD + NEW])
def test_tamper_fails_with_one_line(work, case, reason, monkeypatch):
    args, _ = _tamper(work, case, monkeypatch)
    env = ENV
    if args[:1] == ["--env"]:
        env, args = args[1], args[2:]
    if args[:1] == ["--pub-only"]:
        pubs = [a for a in args[1:] if a.endswith(".pub")]
        rest = [a for a in args[1:] if not a.endswith(".pub")]
        r = cli("verify", env, *[x for p in pubs for x in ("--pub", p)], *rest)
    else:
        r = verify(*args, env=env)
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == (2 if case in USAGE else 1), (case, r.exit_code, r.stdout, r.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: "), (case, r.stderr)
    assert reason in lines[0], (case, lines[0])
    assert r.stdout == ""


def test_matrix_counts():
    assert len(HELD) == 25 and len({c for c, _ in HELD + NEW}) == len(HELD + NEW)


def test_untampered_verifies_and_lists_every_file(work):
    r = verify()
    assert r.exit_code == 0, r.stderr
    for f in OUTPUTS:
        assert f"out/{f}" in r.stdout
    for what in (
        "checked data data.csv",
        "checked license lic.yaml",
        "checked baseline bl.json",
        "checked policy sha256",
    ):
        assert what in r.stdout, what
    sc = json.loads((work / "out/scorecard.json").read_text())
    assert f"policy sha256 {sc['policy']['sha256'][:16]} = packs 'default'" in r.stdout
    # from another directory: paths resolve against the envelope, not the current directory
    os.chdir(work / "keys")
    r = cli("verify", f"../{ENV}", "--pub", "provider.pub", "--pub", "auditor.pub")
    assert r.exit_code == 0 and "checked data ../data.csv" in r.stdout, r.stderr
    # the weakened policy verifies only when the verifier says it expects exactly that policy
    os.chdir(work)
    (work / "out2").mkdir()
    _weakened_policy_config(work)
    _audit(
        "data.csv",
        "out2",
        policy={
            "name": "default",
            "extends": ["default"],
            "rules": {"reident.k_anonymity": {"fail": 1, "warn": 1}},
        },
    )
    assert cli("sign", "out2", "--key", "keys/provider.key").exit_code == 0
    r = cli("verify", "out2/attestation.intoto.json", "--pub", "keys/provider.pub", "--policy", "weak.yaml")
    assert r.exit_code == 0 and "= the policy of weak.yaml" in r.stdout, r.stderr


def test_missing_output_is_reported_not_failed(work):
    (work / "out/report.html").unlink()
    r = verify()
    assert r.exit_code == 0, r.stderr
    assert "missing output out/report.html" in r.stdout and "1 bound file(s) missing" in r.stdout


def test_signers_are_counted_by_distinct_key(work):
    """Two signature entries by the same key (other keyids) still count once."""
    env = json.loads((work / ENV).read_text())
    env["signatures"] = [env["signatures"][0], {**env["signatures"][0], "keyid": "auditor"}]
    (work / ENV).write_text(json.dumps(env))
    r = verify()
    assert r.exit_code == 1 and "1 of 2 required signatures verify" in r.stderr
    r = cli("verify", ENV, "--pub", "keys/provider.pub", "--pub", "keys/auditor.pub", "--threshold", "1")
    assert r.exit_code == 0 and "verified: 1 signature(s)" in r.stdout


def test_sign_refuses_missing_baseline_and_dataframe(work):
    r = cli("sign", "out", "--key", "keys/provider.key", "--baseline", "nope.json", "--out", "x.json")
    assert r.exit_code == 2 and "nope.json: baseline file not found" in r.stderr
    r = cli("sign", "out", "--key", "keys/provider.key", "--append", "--out", "missing.json")
    assert r.exit_code == 2 and "sign without --append first" in r.stderr


def test_file_replaced_during_the_run_is_exit_2(work):
    """The data file swapped for another while the scanners read it: the run refuses (exit 2), writes nothing."""
    swapped = {"done": False}

    def progress(msg: str) -> None:
        if msg == "scanning: reident" and not swapped["done"]:
            shutil.copy(work / "b.csv", work / "data.csv")
            swapped["done"] = True

    cfg = load_config(ROOT / "src/riskaudit/configs" / "default.yaml", QIS)
    with pytest.raises(InputError, match=r"data.csv: changed while it was being audited") as exc:
        run_audit("data.csv", cfg, out_dir="out3", only=["reident"], progress=progress)
    assert swapped["done"] and "\n" not in str(exc.value) and not (work / "out3").exists()
    assert exc.value.exit_code == 2


def test_file_swapped_and_restored_during_the_run_is_exit_2(work):
    """Swapped for another file while a scanner reads it, then put back byte-identical before the end: the
    re-hash matches, but the file was replaced (its ctime moved), so the run still refuses."""
    events: list[str] = []

    def progress(msg: str) -> None:
        if msg == "scanning: reident" and not events:
            os.replace(work / "data.csv", work / "data.orig")
            shutil.copy(work / "b.csv", work / "data.csv")
            events.append("swapped")
        elif msg == "checking the input is unchanged" and events == ["swapped"]:
            os.replace(work / "data.orig", work / "data.csv")
            events.append("restored")

    before = (work / "data.csv").read_bytes()
    cfg = load_config(ROOT / "src/riskaudit/configs" / "default.yaml", QIS)
    with pytest.raises(InputError, match=r"data.csv: was replaced or modified while it was being audited"):
        run_audit("data.csv", cfg, write=False, only=["reident"], progress=progress)
    assert events == ["swapped", "restored"] and (work / "data.csv").read_bytes() == before
    # untouched, the same run completes
    assert run_audit("data.csv", cfg, write=False, only=["reident"]).scorecard.dataset.rows == 200


def test_forged_baseline_entry_is_refused_by_the_gate(work, monkeypatch):
    """Baselines keyed with the public salt could be extended by anyone; an HMAC-keyed one cannot."""
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY", raising=False)
    (work / "k.baseline-key").write_text(
        "riskaudit-baseline-key-v1:" + base64.urlsafe_b64encode(b"s" * 32).decode() + "\n"
    )
    bl = json.loads((work / "bl.json").read_text())
    h = hashlib.sha256(b"riskaudit\x1fnew finding").hexdigest()
    bl["findings"].append({"rule": "reident.k_anonymity", "status": "fail", "hash": h, "value_hash": h})
    (work / "bl.json").write_text(json.dumps(bl))
    r = cli("gate", "data.csv", "--baseline", "bl.json", "--baseline-key", "k.baseline-key")
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 2 and len(lines) == 1 and "MAC does not verify" in lines[0], r.stderr


# --- property: any single-byte edit to any bound file fails verification ----------------------------------

BOUND = ["data.csv", "lic.yaml", "bl.json", *[f"out/{f}" for f in OUTPUTS]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(BOUND), where=st.floats(0, 1, exclude_max=True), delta=st.integers(1, 255))
def test_any_single_byte_edit_to_a_bound_file_fails(work, name, where, delta):
    keys = {"p": load_public_key(work / "keys/provider.pub"), "a": load_public_key(work / "keys/auditor.pub")}
    p = work / name
    original = p.read_bytes()
    b = bytearray(original)
    i = int(where * len(b))
    b[i] = (b[i] + delta) % 256
    p.write_bytes(bytes(b))
    try:
        with pytest.raises(RiskAuditError) as exc:
            verify_envelope(work / ENV, keys)
        assert exc.value.exit_code == 1 and "changed" in str(exc.value), str(exc.value)
    finally:
        p.write_bytes(original)
    assert verify_envelope(work / ENV, keys).ok
