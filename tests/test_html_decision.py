"""report.html as the decision document: every Markdown section has an HTML counterpart (tables, no JSON), page 1
at 1280 px holds the area table (headless Chromium), the printed PDF stays short, figures are honest."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from riskaudit.render._figures import size_bins
from riskaudit.render._mdhtml import inline, parse, split_row
from riskaudit.render._page1 import AREAS
from riskaudit.render.html import render_html
from riskaudit.render.markdown import SECTIONS, render_markdown
from test_markdown_report import _hostile_scorecard, scorecard  # noqa: F401  (module fixture: the sample audit)


@pytest.fixture(scope="module")
def html(scorecard) -> str:  # noqa: F811
    return render_html(scorecard)


@pytest.fixture(scope="module")
def md(scorecard) -> str:  # noqa: F811
    return render_markdown(scorecard)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _md_sections(md: str) -> dict[str, str]:
    """Markdown split at its level-2 headings: title -> body."""
    parts = re.split(r"^## (.+)$", md, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def _md_heading_text(line: str) -> str:
    return _text(inline(line.lstrip("#").strip()))


def test_every_markdown_section_has_an_html_counterpart(md, html, scorecard):  # noqa: F811
    md_secs = _md_sections(md)
    present = [s for s in SECTIONS if s.present(scorecard)]
    assert len(present) >= 8  # the sample audit fills every section
    for s in present:
        assert s.title in md_secs, s.title
        m = re.search(rf'<section id="{re.escape(s.id)}">(.*?)</section>', html, flags=re.S)
        assert m, f"no HTML section for {s.title}"
        body_html, body_md = m.group(1), md_secs[s.title]
        # same title, same sub-headings in the same order
        assert _text(re.search(r"<h2>(.*?)</h2>", body_html, flags=re.S).group(1)) == s.title
        md_subs = [_md_heading_text(ln) for ln in body_md.splitlines() if re.match(r"#{3,4} ", ln)]
        html_subs = [_text(h) for h in re.findall(r"<h[34]>(.*?)</h[34]>", body_html, flags=re.S)]
        assert html_subs == md_subs, s.title
        # every Markdown table is an HTML table with the same number of rows and the same header
        md_tables = [b for b in parse(body_md) if b.kind == "table"]
        html_tables = re.findall(r"<table[^>]*>(.*?)</table>", body_html, flags=re.S)
        assert len(html_tables) == len(md_tables), s.title
        for mt, ht in zip(md_tables, html_tables, strict=True):
            assert ht.count("<tr>") == len(mt.rows), s.title
            assert [_text(inline(h)) for h in mt.rows[0]] == [
                _text(x) for x in re.findall(r"<th>(.*?)</th>", ht, flags=re.S)
            ]
        # no JSON dump anywhere
        assert "<pre" not in body_html and not re.search(r'\{\s*"[a-z_]+":', unescape(body_html)), s.title


def test_numbers_shown_in_both(md, html, scorecard):  # noqa: F811
    r = scorecard.results
    link = _text(re.search(r'<section id="linkage">(.*?)</section>', html, flags=re.S).group(1))
    assert f"{r.linkage.exact.matched_unique:,}" in link and "Exact linkage" in link
    reid = _text(re.search(r'<section id="reident">(.*?)</section>', html, flags=re.S).group(1))
    assert (
        "Uniqueness drivers" in reid
        and "Sensitive attributes" in reid
        and "Generalization suggestions" in reid
    )
    bias = _text(re.search(r'<section id="bias">(.*?)</section>', html, flags=re.S).group(1))
    assert "Proxies for the attribute" in bias and "Calibration of" in bias or r.bias.score is None


def test_page1_areas_date_and_status_never_colour_alone(html):
    page1 = html.split('<section class="page1">', 1)[1].split("</section>", 1)[0]
    table = re.search(r'<table class="areas">(.*?)</table>', page1, flags=re.S).group(1)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", table, flags=re.S)
    assert [_text(a) for a, _ in rows] == [t for _, t in AREAS]
    for _, status in rows:  # a word inside every coloured chip
        assert re.search(
            r'class="badge [a-z_]+">.*(PASS|WARN|FAIL|ERROR|NOT MEASURED|NOT RUN)</span>', status
        )
    assert re.search(r"report date</b> <span>\d{4}-\d\d-\d\d", page1)
    assert page1.index("By area") < page1.index("Worst findings")


def test_figures_integer_sizes_2_to_4_and_intervals(html, scorecard):  # noqa: F811
    # histogram bins: each size below max(k, 5) on its own, even when no class has that size
    bins = size_bins({"1": 100, "3": 2, "7": 1, "60": 4}, 5)
    assert [(lab, n) for lab, n, _ in bins] == [
        ("1", 100),
        ("2", 0),
        ("3", 2),
        ("4", 0),
        ("5-9", 1),
        ("10-19", 0),
        ("20-49", 0),
        ("50+", 4),
    ]
    assert [b for _, _, b in bins] == [True] * 4 + [False] * 4
    assert sum(n for _, n, _ in size_bins({"2": 3, "11": 5, "200": 1}, 10)) == 9
    # bias figures: one per attribute at least, and each draws its intervals (line segments beyond the dots)
    bias = re.search(r'<section id="bias">(.*?)</section>', html, flags=re.S).group(1)
    figs = re.findall(r"<figure>(.*?)</figure>", bias, flags=re.S)
    assert len(figs) >= len(scorecard.results.bias.attributes)
    assert all("confidence intervals" in f for f in figs)


def test_md_table_rows_split_on_unescaped_pipes_only():
    assert split_row(r"| a \| b | `c\|d` | e |") == [r"a \| b", r"`c\|d`", "e"]
    assert inline(r"`c\|d` x\_y **B**") == "<code>c|d</code> x_y <strong>B</strong>"
    assert inline("<script>") == "&lt;script&gt;"
    assert "<a" not in inline("[x](javascript:alert(1))") and "<a" not in inline("[x](https://evil.example)")
    assert inline("[report.md](report.md)") == '<a href="report.md">report.md</a>'


def test_hostile_names_escaped_in_every_section():
    h = render_html(_hostile_scorecard(30))
    assert "<b>col</b>" not in h and "&lt;b&gt;col&lt;/b&gt;" in h


# ---------------------------------------------------------------- headless Chromium


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium; .ci/run installs it)")
    return exe


def _run(exe: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def test_page1_at_1280px_holds_the_area_table(html, tmp_path):
    exe = _chromium()
    page = tmp_path / "report.html"
    page.write_text(html)
    shot = tmp_path / "page1.png"
    r = _run(
        exe, tmp_path, "--hide-scrollbars", "--window-size=1280,1000", f"--screenshot={shot}", page.as_uri()
    )
    assert shot.is_file(), r.stderr[-2000:]
    assert int.from_bytes(shot.read_bytes()[16:20], "big") == 1280
    # where the area table ends in the laid-out page: the same page with a probe script (the report's CSP forbids
    # scripts, so the probe copy drops it) writes the table's box into the DOM Chromium dumps
    probe = tmp_path / "probe.html"
    probe.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
            "</body>",
            "<script>const b=document.querySelector('table.areas').getBoundingClientRect();"
            "document.body.setAttribute('data-areas', Math.round(b.top)+','+Math.round(b.bottom)+','+innerWidth);</script></body>",
        )
    )
    dom = _run(exe, tmp_path, "--window-size=1280,1000", "--dump-dom", probe.as_uri()).stdout
    top, bottom, width = map(int, re.search(r'data-areas="(\d+),(\d+),(\d+)"', dom).groups())
    assert width == 1280 and 0 < top < bottom <= 1000, (top, bottom)


def test_print_to_pdf_page_count_is_reasonable(html, tmp_path):
    exe = _chromium()
    page = tmp_path / "report.html"
    page.write_text(html)
    pdf = tmp_path / "report.pdf"
    r = _run(exe, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.is_file(), r.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    # page 1 on its own page, then the sections; long tables fold. Before: 30 pages for the sample.
    assert 2 <= pages <= 22, pages
