"""report.html: self-contained, escaped, page 1 content; opened in headless Chromium with a screenshot."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from riskaudit.render.html import render_html
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo
from scorecard_fixtures import audit_all_formats

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return audit_all_formats(tmp_path_factory.mktemp("html"))


def test_self_contained_with_figures_and_page_one(out):
    html = (out / "report.html").read_text()
    # nothing loaded from the network: no external src/href, no @import, CSP forbids it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "default-src 'none'" in html
    page1 = html.split('<section class="page1">', 1)[1].split("</section>", 1)[0]
    assert 'class="verdict fail"' in page1 and "dataset sha256" in page1
    assert "LicenseRef-Example-Data-License-1.0" in page1 and "Worst findings" in page1
    # figures inline as SVG: class-size histogram, risk distribution, PII heat map, group rates with CIs
    assert html.count("<svg") >= 4
    for caption in (
        "Classes by size.",
        "Records by risk.",
        "Column by entity heat map",
        "group rates with confidence intervals",
    ):
        assert caption in html, caption


def test_everything_is_escaped():
    hostile = '<script>alert("x")</script>'
    sc = Scorecard(
        tool=ToolInfo(version="0"),
        dataset=DatasetInfo(path=f"d{hostile}.csv", sha256="0" * 64, rows=1, columns=1),
        config_sha256="0" * 64,
        checks=[Check(id="x.y", status="fail", value=hostile, message=hostile, column=hostile)],
        verdict="fail",
        results=Results(),
    )
    html = render_html(sc)
    assert "<script>" not in html and "&lt;script&gt;" in html


def _png_size(p: Path) -> tuple[int, int]:
    head = p.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_opens_in_headless_chromium_with_screenshot(out, tmp_path):
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium; .ci/run installs it)")
    shot_dir = ROOT / "reports" / "screenshots"
    shot_dir.mkdir(parents=True, exist_ok=True)
    shot = shot_dir / "report_html.png"
    shot.unlink(missing_ok=True)
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--hide-scrollbars",
        "--window-size=1200,1600",
        f"--screenshot={shot}",
        (out / "report.html").resolve().as_uri(),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert shot.is_file(), r.stderr[-2000:]
    w, h = _png_size(shot)
    assert (w, h) == (1200, 1600)
    # non-trivial: a rendered page compresses far worse than a blank one
    assert shot.stat().st_size > 30_000
    # and the DOM Chromium parsed has the verdict
    dom = subprocess.run(
        [*cmd[:-2], "--dump-dom", cmd[-1]], capture_output=True, text=True, timeout=120
    ).stdout
    assert "Dataset due-diligence scorecard" in dom and 'class="verdict fail"' in dom
