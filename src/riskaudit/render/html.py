"""report.html: the decision document. One self-contained page (inline CSS and SVG, nothing from the network).

Page 1: verdict, report date, dataset digest, policy, license summary, one row per area (status, headline number,
what to do) and the worst findings ranked (see :mod:`riskaudit.render._page1`). Then every section of report.md,
in the same order and with the same titles, as HTML tables (converted from the section's Markdown, so the
numbers are the same ones) with figures: PII heat map, class sizes, risk per record, group impact ratios with
their confidence intervals. Navigation on screen; print CSS that paginates (long tables fold, figures and rows
are not split). Status is always a word and a symbol, never colour alone.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .._safe import MAX_MESSAGE, cap, shown_key, xml_text
from ..scorecard import Scorecard
from . import _facts, _figures
from ._common import LABEL, verdict_summary
from ._mdhtml import Block, badge, parse
from ._page1 import areas, report_date
from ._registry import register_renderer
from .markdown import SECTIONS, page1

__all__ = ["render_html", "page1_html", "CSS"]

FOLD_AFTER = 15  # tables with more rows than this fold (open them on screen; print shows the first page only)
MAX_FIGURE_GROUPS = 20

CSS = """
:root{--fail:#b03a2e;--warn:#9a6700;--pass:#1e7b45;--error:#6c3483;--nm:#5d6d7e}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1b1b1b;line-height:1.35;font-size:14px}
main{max-width:1180px;margin:0 auto;padding:0 1.2em 2em}
nav.toc{position:sticky;top:0;z-index:2;background:#f4f6f7;border-bottom:1px solid #ccd1d1;padding:.35em 1.2em;font-size:.85em}
nav.toc a{margin-right:.9em;color:#1a4f8b;text-decoration:none;white-space:nowrap} nav.toc a:hover{text-decoration:underline}
h1{font-size:1.45em;margin:.5em 0 .1em} h2{font-size:1.2em;border-bottom:1px solid #ccd1d1;padding-bottom:.15em;margin-top:1.6em}
h3{font-size:1.05em;margin-top:1.2em} h4{font-size:.95em}
.verdict{display:inline-block;padding:.2em .8em;border-radius:4px;color:#fff;font-weight:bold;font-size:1.2em}
.pass{background:var(--pass)}.warn{background:var(--warn)}.fail{background:var(--fail)}.error{background:var(--error)}
.not_measured,.not_run{background:var(--nm)}
.badge{display:inline-block;padding:.05em .45em;border-radius:3px;color:#fff;font-size:.85em;font-weight:bold;white-space:nowrap}
.nm-note{color:#444;font-size:.9em}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.86em} td,th{border:1px solid #d5d8dc;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#eef1f2} code{font-size:.92em;overflow-wrap:anywhere}
.kv td:first-child{width:26%;font-weight:600}
.digest{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:0 1.2em;font-size:.86em}
.digest div{border-bottom:1px solid #eee;padding:.12em 0;overflow-wrap:anywhere} .digest b{display:inline-block;min-width:9.5em}
table.areas td:nth-child(2){white-space:nowrap} table.areas td:first-child{font-weight:600;width:12em}
figure{margin:.8em 0;break-inside:avoid} figcaption{font-size:.85em;color:#444} svg{max-width:100%;height:auto}
details.long>summary{cursor:pointer;color:#1a4f8b;margin:.3em 0}
footer{color:#555;font-size:.85em;margin-top:2em}
@media print{
  @page{size:A4;margin:12mm}
  body{font-size:10.5px} nav.toc{display:none} main{max-width:none;padding:0}
  .page1{break-after:page} h2,h3,h4{break-after:avoid} tr,figure{break-inside:avoid}
  .verdict,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  details.long>summary::after{content:" (open in a browser to see every row)"}
  a{color:inherit;text-decoration:none}
}
"""


def e(x: Any) -> str:
    # characters HTML/XML forbid (C0 controls, U+FFFE/U+FFFF...) as visible escapes, then HTML-escaped
    # and capped: no string from the data fills the page (a 100k-character column name)
    return escape(xml_text(cap("" if x is None else str(x), MAX_MESSAGE)), quote=True)


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>" if svg else ""


def page1_html(sc: Scorecard) -> str:
    """Page 1 as an HTML fragment (also the notebook view)."""
    d = sc.dataset
    not_measured = [c for c in sc.checks if c.status == "not_measured"]
    digest = [
        ("report date", report_date(sc)),
        ("dataset sha256", d.sha256),
        ("rows x columns", f"{d.rows:,} x {d.columns}"),
        ("format / files", f"{d.format} / {len(d.files) or 1}"),
        (
            "policy",
            f"{sc.policy.name} ({sc.policy.rules} rules), sha256 {sc.policy.sha256[:16]}"
            if sc.policy
            else "none",
        ),
        ("tool", f"{sc.tool.name} {sc.tool.version}; config sha256 {sc.config_sha256[:16]}"),
        ("personal data (SPDX)", _facts.presence(sc)),
        ("generated", sc.generated_at or "not recorded (reproducible mode)"),
    ]
    out = [
        '<section class="page1">',
        f'<h1 id="page1">Dataset due-diligence scorecard</h1><p><code>{e(d.path)}</code></p>',
        f'<p><span class="verdict {e(sc.verdict)}">{e(LABEL.get(sc.verdict, sc.verdict.upper()))}</span> &nbsp; '
        f"{e(verdict_summary(sc))}</p>",
        '<div class="digest">'
        + "".join(f"<div><b>{e(k)}</b> <span>{e(v)}</span></div>" for k, v in digest)
        + "</div>",
        f"<p><b>License:</b> {e(page1.license_summary(sc))}</p>",
        '<h2 id="areas">By area</h2>',
        '<table class="areas"><thead><tr><th>area</th><th>status</th><th>headline</th><th>what to do</th></tr></thead><tbody>'
        + "".join(
            f"<tr><td>{e(a.title)}</td><td>{badge(a.status)}</td><td>{e(cap(a.headline, 400))}</td>"
            f"<td>{e(cap(a.action, 500))}</td></tr>"
            for a in areas(sc)
        )
        + "</tbody></table>",
    ]
    lines: list[str] = []
    page1.worst(out=lines, sc=sc)
    if lines:
        blocks = parse("\n".join(lines))
        blocks[0] = Block("h2", blocks[0].text)
        out.append('<div id="worst">' + "".join(b.html() for b in blocks) + "</div>")
    else:
        out.append(
            "<h2>Worst findings</h2><p>" + ("Every check passes." if sc.checks else "No checks.") + "</p>"
        )
    if not_measured:
        out.append(
            f'<p class="nm-note">Not measured ({len(not_measured)}), counted apart from the passes: '
            + "; ".join(
                f"<code>{e(shown_key(c.key))}</code>: {e(cap(c.reason or c.message, 300))}"
                for c in not_measured
            )
            + "</p>"
        )
    out.append("</section>")
    return "\n".join(out)


# ---------------------------------------------------------------- figures per section


def _pii_figures(sc: Scorecard) -> list[str]:
    cols = {n: dict(c.entities) for n, c in sorted(sc.results.pii.columns.items())}
    return [
        _figure(_figures.pii_heatmap(cols), "Column by entity heat map: share of sampled values with a hit.")
    ]


def _reident_figures(sc: Scorecard) -> list[str]:
    re_ = sc.results.reident
    return [
        _figure(
            _figures.class_size_histogram(re_.class_size_histogram, re_.k_threshold),
            "Classes by size. One bar per size below k (sizes 1-4 always shown); counts on a log scale.",
        ),
        _figure(
            _figures.risk_distribution(re_.class_size_histogram, re_.prosecutor.threshold),
            "Records by risk. Prosecutor risk per record is 1 / its class size.",
        ),
    ]


def _largest(groups: list[Any]) -> list[Any]:
    return sorted(groups, key=lambda g: (-(g.n or 0), str(g.group)))[:MAX_FIGURE_GROUPS]


def _ci(ci: Any) -> tuple[Any, Any]:
    return (ci.low, ci.high) if ci is not None else (None, None)


def _bias_figures(sc: Scorecard) -> list[list[str]]:
    """Per attribute (in report order): the group rates' impact ratios with their intervals, then the model's."""
    b = sc.results.bias
    per: list[list[str]] = []
    for a in b.attributes:
        figs = []
        groups = _largest([g for g in a.groups if g.impact_ratio is not None])
        if groups:
            name = str(a.attribute)
            figs.append(
                _figure(
                    _figures.intervals(
                        f"{name}: base-rate impact ratio by group",
                        [str(g.group) for g in groups],
                        [g.impact_ratio for g in groups],
                        [_ci(g.impact_ratio_ci)[0] for g in groups],
                        [_ci(g.impact_ratio_ci)[1] for g in groups],
                        "impact ratio vs the most favoured group, with its interval",
                        line=b.four_fifths,
                        line_label=f"four-fifths ({b.four_fifths:g})",
                    ),
                    f"{name}: group rates with confidence intervals (impact ratio of the label's base rate; "
                    f"{b.ci_method}). Largest {MAX_FIGURE_GROUPS} groups.",
                )
            )
        m = a.model
        if m is not None:
            mg = _largest([g for g in m.groups if g.impact_ratio is not None])
            if mg:
                figs.append(
                    _figure(
                        _figures.intervals(
                            f"{a.attribute}: model decision, selection-rate impact ratio",
                            [str(g.group) for g in mg],
                            [g.impact_ratio for g in mg],
                            [_ci(g.impact_ratio_ci)[0] for g in mg],
                            [_ci(g.impact_ratio_ci)[1] for g in mg],
                            "selection-rate impact ratio, with its interval",
                            line=b.four_fifths,
                            line_label=f"four-fifths ({b.four_fifths:g})",
                        ),
                        f"{a.attribute}: model decision {m.prediction}: selection rates with confidence intervals.",
                    )
                )
        per.append([f for f in figs if f])
    return per


def _section_html(sc: Scorecard, s: Any) -> str:
    lines: list[str] = []
    s.render(lines, sc)
    blocks = parse("\n".join(lines))
    out = [f'<section id="{s.id}">']
    figs_after_first: list[str] = []
    per_attr: list[list[str]] = []
    if s.id == "pii":
        figs_after_first = _pii_figures(sc)
    elif s.id == "reident":
        figs_after_first = _reident_figures(sc)
    elif s.id == "bias":
        per_attr = _bias_figures(sc)
    h3 = 0
    for i, blk in enumerate(blocks):
        out.append(blk.html(fold_after=FOLD_AFTER))
        if i == 0 and figs_after_first:
            out.extend(figs_after_first)
        if s.id == "bias" and blk.kind == "h3":
            if h3 < len(per_attr):
                out.extend(per_attr[h3])
            h3 += 1
    out.append("</section>")
    return "\n".join(out)


@register_renderer("html", "report.html")
def render_html(sc: Scorecard) -> str:
    d = sc.dataset
    present = [s for s in SECTIONS if s.present(sc)]
    nav = (
        '<nav class="toc" aria-label="Sections"><a href="#page1">Page 1</a><a href="#areas">By area</a>'
        '<a href="#worst">Worst findings</a>'
        + "".join(f'<a href="#{s.id}">{e(s.title)}</a>' for s in present)
        + "</nav>"
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>riskaudit report: {e(d.path)}</title><style>{CSS}</style></head><body>",
        nav,
        "<main>",
        page1_html(sc),
    ]
    out.extend(_section_html(sc, s) for s in present)
    out.append(
        f"<footer><p>Generated by {e(sc.tool.name)} {e(sc.tool.version)}; scorecard schema {e(sc.schema_version)}; "
        f"report date {e(report_date(sc))}.</p></footer>"
    )
    out.append("</main></body></html>\n")
    return "\n".join(out)
