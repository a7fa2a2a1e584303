"""Output directories are whole: a re-audit replaces the previous outputs as one directory, refuses a directory
holding files riskaudit did not write (touching nothing), and a run that fails leaves the previous outputs intact."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from helpers import cli
from riskaudit import _outdir
from riskaudit.render import _registry


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "d.csv"
    p.write_text("id,zip,age\n" + "\n".join(f"{i},{10000 + i % 7},{20 + i % 50}" for i in range(80)) + "\n")
    return p


def _snapshot(d: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(d.iterdir())
    }


def _beside(tmp_path: Path) -> list[str]:
    """Temporary directories riskaudit left beside the output directory (there must be none)."""
    return [p.name for p in tmp_path.iterdir() if "riskaudit-" in p.name]


def test_reaudit_drops_the_stale_attestation_and_the_new_one_verifies(data, tmp_path):
    assert cli("keygen", "--out", "k/p").exit_code == 0
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md").exit_code in (0, 1)
    assert cli("sign", "rep", "--key", "k/p.key").exit_code == 0
    old_att = (tmp_path / "rep" / "attestation.intoto.json").read_bytes()
    # the data change: the old attestation would now vouch for a scorecard that is no longer there
    data.write_text(data.read_text() + "80,10003,33\n")
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md").exit_code in (0, 1)
    rep = tmp_path / "rep"
    assert sorted(p.name for p in rep.iterdir()) == [
        ".riskaudit-manifest.json",
        "report.md",
        "scorecard.json",
        "summary.md",
    ]
    manifest = json.loads((rep / _outdir.MANIFEST).read_text())
    assert manifest["tool"] == "riskaudit"
    assert manifest["files"] == [".riskaudit-manifest.json", "report.md", "scorecard.json", "summary.md"]
    assert _beside(tmp_path) == []
    assert cli("sign", "rep", "--key", "k/p.key").exit_code == 0
    assert (rep / "attestation.intoto.json").read_bytes() != old_att
    r = cli("verify", "rep/attestation.intoto.json", "--pub", "k/p.pub")
    assert r.exit_code == 0, r.stderr
    # the attestation written by `sign` is riskaudit's own: a further re-audit accepts and removes it
    assert cli("audit", str(data), "--out", "rep", "--format", "json").exit_code in (0, 1)
    assert sorted(p.name for p in rep.iterdir()) == [".riskaudit-manifest.json", "scorecard.json"]


@pytest.mark.parametrize("foreign", ["notes.txt", "sub/"])
def test_a_foreign_file_is_refused_in_one_line_and_nothing_is_touched(data, tmp_path, foreign):
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md").exit_code in (0, 1)
    rep = tmp_path / "rep"
    if foreign.endswith("/"):
        (rep / foreign.rstrip("/")).mkdir()
    else:
        (rep / foreign).write_text("mine")
    before = _snapshot(rep)
    r = cli("audit", str(data), "--out", "rep", "--format", "json")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "'rep'" in lines[0] and foreign.rstrip("/") in lines[0] and "--out" in lines[0]
    assert _snapshot(rep) == before
    assert _beside(tmp_path) == []


def test_an_empty_or_new_directory_is_fine_and_a_legacy_one_is_recognised(data, tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli("audit", str(data), "--out", "empty", "--format", "json").exit_code in (0, 1)
    # a directory an older riskaudit wrote (no manifest): its files are recognised by their names
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "scorecard.json").write_text("{}")
    (legacy / "report.html").write_text("<html></html>")
    (legacy / "attestation.intoto.json").write_text("{}")
    assert cli("audit", str(data), "--out", "legacy", "--format", "json").exit_code in (0, 1)
    assert sorted(p.name for p in legacy.iterdir()) == [".riskaudit-manifest.json", "scorecard.json"]
    assert (legacy / "scorecard.json").read_text() != "{}"


def test_an_exception_while_rendering_leaves_the_previous_outputs_intact(data, tmp_path, monkeypatch):
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md,html").exit_code in (0, 1)
    rep = tmp_path / "rep"
    (rep / "attestation.intoto.json").write_text("{}")  # as if signed
    before = _snapshot(rep)
    regs = _registry.renderers()
    html = regs["html"]

    def boom(_sc):
        raise RuntimeError("renderer crashed")

    monkeypatch.setitem(
        _registry._RENDERERS, "html", _registry.Renderer("html", html.filename, boom, html.extra)
    )
    data.write_text(data.read_text() + "80,10003,33\n")
    r = cli("audit", str(data), "--out", "rep", "--format", "json,md,html")
    assert r.exit_code not in (0, 1) and "RuntimeError" in r.stderr  # an internal error, reported as such
    assert _snapshot(rep) == before
    assert _beside(tmp_path) == []


def test_an_exception_while_writing_leaves_the_previous_outputs_intact(data, tmp_path, monkeypatch):
    assert cli("audit", str(data), "--out", "rep", "--format", "json,md").exit_code in (0, 1)
    rep = tmp_path / "rep"
    before = _snapshot(rep)
    real_link = _outdir.os.rename
    calls = []

    def failing_rename(src, dst):  # the swap's second step fails: the old directory must come back
        calls.append((str(src), str(dst)))
        if "riskaudit-new-" in str(src):
            raise OSError("disk full")
        return real_link(src, dst)

    monkeypatch.setattr(_outdir.os, "rename", failing_rename)
    data.write_text(data.read_text() + "80,10003,33\n")
    r = cli("audit", str(data), "--out", "rep", "--format", "json")
    assert r.exit_code not in (0, 1)
    assert any("riskaudit-new-" in s for s, _d in calls)  # the failure really struck mid-swap
    assert _snapshot(rep) == before
    assert _beside(tmp_path) == []


def test_out_as_the_working_directory_is_replaced_file_by_file(tmp_path, monkeypatch):
    work = tmp_path / "w"
    work.mkdir()
    data = tmp_path / "d.csv"
    data.write_text(
        "id,zip,age\n" + "\n".join(f"{i},{10000 + i % 7},{20 + i % 50}" for i in range(40)) + "\n"
    )
    monkeypatch.chdir(work)
    assert cli("audit", str(data), "--out", ".", "--format", "json,md").exit_code in (0, 1)
    (work / "attestation.intoto.json").write_text("{}")
    assert cli("audit", str(data), "--out", ".", "--format", "json").exit_code in (0, 1)
    assert sorted(p.name for p in work.iterdir()) == [".riskaudit-manifest.json", "scorecard.json"]
    assert Path.cwd() == work and work.is_dir()


def test_per_record_output_inside_the_out_directory_is_kept(data, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        "columns:\n  quasi_identifiers: [zip, age]\nreident:\n  per_record_output: rep/per_record.csv\n"
    )
    for _ in range(2):  # the second run sees its own per-record file from the first: not foreign
        r = cli("audit", str(data), "--config", str(cfg), "--out", "rep", "--format", "json")
        assert r.exit_code in (0, 1), r.stderr
    names = sorted(p.name for p in (tmp_path / "rep").iterdir())
    assert names == [".riskaudit-manifest.json", "per_record.csv", "scorecard.json"]
    assert (tmp_path / "rep" / "per_record.csv").read_text().startswith("row,class_size,risk")
