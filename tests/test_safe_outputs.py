"""Outputs never overwrite inputs, are written atomically, and a re-audit leaves no stale attestation."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from helpers import cli
from riskaudit._safeio import atomic_write, check_output, protect_inputs
from riskaudit.errors import InputError

CANARY = "987-65-4329"


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "d.csv"
    p.write_text(
        "id,zip,age,ssn\n"
        + "\n".join(f"{i},{10000 + i % 7},{20 + i % 50},{CANARY}" for i in range(80))
        + "\n"
    )
    return p


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("option", ["--write-baseline", "--summary"])
@pytest.mark.parametrize("via", ["direct", "symlink", "hardlink"])
def test_gate_refuses_to_write_into_the_data(data, tmp_path, option, via):
    target = data
    if via == "symlink":
        target = tmp_path / "link.md"
        target.symlink_to(data)
    elif via == "hardlink":
        target = tmp_path / "hard.md"
        os.link(data, target)
    before = _sha(data)
    assert cli("keygen", "--purpose", "baseline", "--out", "k").exit_code == 0
    r = cli("gate", str(data), option, str(target), "--baseline-key", "k.baseline-key")
    assert r.exit_code == 2 and "an input of this run" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert _sha(data) == before


def test_risk_per_record_refuses_the_data(data):
    before = _sha(data)
    r = cli("risk", str(data), "--qi", "zip,age", "--per-record", str(data))
    assert r.exit_code == 2 and "input" in r.stderr
    assert _sha(data) == before


def test_out_dir_inside_an_input_directory_is_refused(tmp_path, data, monkeypatch):
    d = tmp_path / "dataset"
    d.mkdir()
    (d / "part1.csv").write_text(data.read_text())
    r = cli("audit", str(d), "--out", str(d / "reports"), "--format", "json")
    assert r.exit_code == 2 and "inside" in r.stderr
    assert sorted(p.name for p in d.iterdir()) == ["part1.csv"]


def test_out_existing_file_and_sign_errors_are_one_line(data, tmp_path):
    (tmp_path / "f.txt").write_text("x")
    r = cli("audit", str(data), "--out", "f.txt", "--format", "json")
    assert r.exit_code == 2 and "existing file" in r.stderr and (tmp_path / "f.txt").read_text() == "x"
    assert cli("keygen", "--out", "k/p").exit_code == 0
    assert cli("audit", str(data), "--out", "rep", "--format", "json").exit_code in (0, 1)
    r = cli("sign", "rep", "--key", "k/p.key", "--append")
    assert (
        r.exit_code == 2
        and "--append" in r.stderr
        and not (tmp_path / "rep/attestation.intoto.json").exists()
    )
    (tmp_path / "adir").mkdir()
    r = cli("sign", "rep", "--key", "k/p.key", "--out", "adir")
    assert r.exit_code == 2 and "directory" in r.stderr
    r = cli("sign", "rep", "--key", "k/p.key", "--out", "rep/scorecard.json")
    assert r.exit_code == 2 and "scorecard" in r.stderr


def test_reaudit_removes_the_stale_attestation_and_old_formats(data, tmp_path):
    assert cli("keygen", "--out", "k/p").exit_code == 0
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md").exit_code in (0, 1)
    assert cli("sign", "rep", "--key", "k/p.key").exit_code == 0
    assert cli("audit", str(data), "--out", "rep", "--format", "json").exit_code in (0, 1)
    names = sorted(p.name for p in (tmp_path / "rep").iterdir())
    assert names == [
        ".riskaudit-manifest.json",
        "scorecard.json",
    ]  # the stale signature and report.md are gone


def test_a_planted_symlink_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    target = tmp_path / "out.json"
    target.symlink_to(victim)
    # the predictable temporary names of the old code: a symlink there must not be followed either
    (tmp_path / "out.json.tmp").symlink_to(victim)
    atomic_write(target, "new", "--out")
    assert victim.read_text() == "keep" and not target.is_symlink() and target.read_text() == "new"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json.")]  # no temp file left


def test_check_output_names_the_input(tmp_path):
    inp = tmp_path / "a.csv"
    inp.write_text("x")
    with protect_inputs([(inp, "the input data")]), pytest.raises(InputError, match="the input data"):
        check_output(tmp_path / "." / "a.csv", "--summary")
    check_output(tmp_path / "b.md", "--summary")  # anything else is fine
