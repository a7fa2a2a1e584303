"""No leaks: canary SSNs, emails, names and phones planted in the data never reach any output, log or baseline."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import cli
from scorecard_fixtures import CANARY_EMAILS, CANARY_NAMES, CANARY_PHONES, CANARY_SSNS, make_dataset

ROOT = Path(__file__).resolve().parents[1]


def _variants(v: str) -> list[str]:
    out = {v, v.lower(), v.upper()}
    digits = re.sub(r"\D", "", v)
    if len(digits) >= 9:
        out.add(digits)
    for part in v.split():
        if len(part) >= 6:  # distinctive surname / given name alone
            out.add(part)
    if "@" in v:
        out.add(v.split("@")[0])
    return sorted(out)


CANARIES = sorted(
    {x for v in CANARY_SSNS + CANARY_EMAILS + CANARY_NAMES + CANARY_PHONES for x in _variants(v)}
)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, list[str]]:
    d = tmp_path_factory.mktemp("leaks")
    old = os.getcwd()
    os.chdir(d)
    logs: list[str] = []
    try:
        make_dataset(Path("data.csv"), n=300)
        shutil.copy(ROOT / "configs" / "license.example.yaml", "lic.yaml")
        fmts = "json,md,html,sarif,junit,spdx,croissant"
        for args in (
            [
                "audit",
                "data.csv",
                "--license",
                "lic.yaml",
                "-p",
                "hipaa-safe-harbor",
                "-f",
                fmts,
                "-o",
                "out",
            ],
            ["keygen", "--out", "keys/provider"],
            ["sign", "out", "--key", "keys/provider.key"],
            ["verify", "out/attestation.intoto.json", "--pub", "keys/provider.pub"],
            ["keygen", "--out", "keys/ci", "--purpose", "baseline"],
            [
                "gate",
                "data.csv",
                "-p",
                "release-gate",
                "--write-baseline",
                "baseline.json",
                "--summary",
                "summary.md",
                "--baseline-key",
                "keys/ci.baseline-key",
            ],
            [
                "gate",
                "data.csv",
                "-p",
                "hipaa-safe-harbor",
                "--baseline",
                "baseline.json",
                "--summary",
                "summary.md",
                "--baseline-key",
                "keys/ci.baseline-key",
                "-o",
                "gate_out",
                "-f",
                fmts,
            ],
            # marks: the marked copy holds the data by design; its receipt and every message must not
            [
                "mark",
                "data.csv",
                "--key",
                "keys/provider.key",
                "--recipient",
                "ACME",
                "--out",
                "marked/ACME.csv",
                "--receipt",
                "marked/ACME.receipt.json",
                "--json",
            ],
            ["verify", "marked/ACME.receipt.json", "--pub", "keys/provider.pub"],
            [
                "detect",
                "marked/ACME.csv",
                "--key",
                "keys/provider.key",
                "--receipt",
                "marked/ACME.receipt.json",
                "--json",
            ],
            ["detect", "data.csv", "--key", "keys/provider.key", "--receipt", "marked/ACME.receipt.json"],
        ):
            r = cli(*args)
            assert r.exit_code in (0, 1), (args, r.stderr)
            logs += [r.stdout, r.stderr]
    finally:
        os.chdir(old)
    return d, logs


def test_canaries_are_in_the_input(run):
    d, _ = run
    text = (d / "data.csv").read_text()
    assert all(v in text for v in CANARY_SSNS + CANARY_EMAILS + CANARY_NAMES + CANARY_PHONES)


def test_no_canary_in_any_output_file(run):
    d, _ = run
    files = [
        p
        for p in d.rglob("*")
        if p.is_file() and p.name not in ("data.csv", "lic.yaml", "ACME.csv") and p.suffix != ".key"
    ]
    names = {p.name for p in files}
    assert {
        "scorecard.json",
        "report.md",
        "report.html",
        "report.sarif",
        "report.junit.xml",
        "dataset.spdx.json",
        "croissant-rai.json",
        "attestation.intoto.json",
        "baseline.json",
        "summary.md",
        "ACME.receipt.json",
    } <= names
    for p in files:
        text = p.read_bytes().decode("utf-8", errors="replace")
        if p.name in ("attestation.intoto.json", "ACME.receipt.json"):
            import base64
            import json

            text += base64.b64decode(json.loads(text)["payload"]).decode()
        hits = [c for c in CANARIES if c in text]
        assert not hits, f"{p.relative_to(d)} leaks {hits}"


def test_no_canary_in_stdout_or_stderr(run):
    _, logs = run
    joined = "\n".join(logs)
    assert joined.strip()
    assert not [c for c in CANARIES if c in joined]


def test_marked_copy_holds_traps_and_canaries_are_in_it(run):
    # the scan above would pass vacuously if mark had written nothing: the copy exists, has the data and traps
    d, _ = run
    text = (d / "marked" / "ACME.csv").read_text()
    assert all(v in text for v in CANARY_SSNS) and len(text.splitlines()) == 300 + 1 + 20


def test_baseline_has_only_hashes(run):
    import json

    d, _ = run
    bl = json.loads((d / "baseline.json").read_text())
    assert bl["findings"] and re.fullmatch(r"[0-9a-f]{64}", bl["mac"])
    header = (d / "data.csv").read_text().splitlines()[0].split(",")
    assert not [c for c in header if f'"{c}"' in json.dumps(bl["findings"])]  # no plaintext column name
    for e in bl["findings"]:
        assert set(e) == {"rule", "status", "hash", "value_hash"}
        assert re.fullmatch(r"[0-9a-f]{64}", e["hash"]) and re.fullmatch(r"[0-9a-f]{64}", e["value_hash"])
