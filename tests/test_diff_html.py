"""`riskaudit diff --html FILE`: the release diff as one self-contained HTML page, with the same verdict and changes
as the diff JSON, every string escaped, and the same refusal of an input as an output path."""

from __future__ import annotations

import json
import re

from helpers import cli
from riskaudit.render.scorecard_json import render_json
from riskaudit.scorecard import Check, DatasetInfo, PolicyInfo, Results, Scorecard, ToolInfo


def _sc(checks: list[Check]) -> Scorecard:
    return Scorecard(
        tool=ToolInfo(version="t"),
        dataset=DatasetInfo(path="d.csv", sha256="0" * 64, rows=10, columns=2),
        config_sha256="c",
        policy=PolicyInfo(name="default", sha256="p", rules=1),
        checks=checks,
        verdict="pass",
        results=Results(),
    )


def test_diff_html_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = _sc(
        [
            Check(id="a", status="pass", message="", scanner="s"),
            Check(id="b", status="fail", message="", scanner="s"),
            Check(id="e", status="pass", message="", scanner="s"),
        ]
    )
    new = _sc(
        [
            Check(id="a", status="warn", message="", scanner="s"),
            Check(id="b", status="pass", message="", scanner="s"),
            Check(id="e", status="pass", message="", scanner="s"),
            Check(id="<x>", status="fail", message="", scanner="s"),
        ]
    )
    (tmp_path / "old.json").write_text(render_json(old))
    (tmp_path / "new.json").write_text(render_json(new))
    r = cli("diff", "old.json", "new.json", "--html", "d.html", "--out", "d.json", "--quiet")
    assert r.exit_code == 1, r.stderr  # s/a got worse, s/<x> appeared failing
    page = (tmp_path / "d.html").read_text()
    diff = json.loads((tmp_path / "d.json").read_text())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Changes since the last release: WORSE" in page and diff["verdict"] == "worse"
    # one table row per change other than unchanged (the checks a, b, <x>; measures absent from both are not comparable)
    shown = [c for c in diff["changes"] if c["change"] != "unchanged"]
    assert page.count("<tr><td>") == len(shown)
    assert {c["key"] for c in shown if c["kind"] == "check"} == {"s/a", "s/b", "s/<x>"}
    assert (
        "<tr><td>FAILS</td><td><code>s/a</code></td>" in page
        and "<tr><td>better</td><td><code>s/b</code></td>" in page
    )
    assert "<code>s/&lt;x&gt;</code>" in page and "<code>s/<x>" not in page  # escaped
    assert "<code>s/e</code>" not in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # nothing fetched from the network
    # the inputs stay inputs
    before = (tmp_path / "old.json").read_text()
    r = cli("diff", "old.json", "new.json", "--html", "old.json")
    assert r.exit_code == 2 and "--html" in r.stderr and (tmp_path / "old.json").read_text() == before
