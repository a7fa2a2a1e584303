"""report.html: one self-contained page (inline CSS and SVG, nothing from the network); everything escaped.

Page 1: verdict, dataset digest, policy, license summary, worst findings. Then one section per scanner.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .._safe import MAX_MESSAGE, MAX_NAME, cap, shown_key, xml_text
from ..findings import pii_columns
from ..scorecard import Scorecard
from . import _derived_md, _facts, _figures
from ._bias_groups import _CONTAINERS, group_lists
from ._common import LABEL, sorted_checks, verdict_summary, worst_findings
from ._registry import register_renderer

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1000px;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.verdict{display:inline-block;padding:.3em .9em;border-radius:4px;color:#fff;font-weight:bold;font-size:1.3em}
.pass{background:#1e8449}.warn{background:#b9770e}.fail{background:#c0392b}.error{background:#6c3483}.not_measured{background:#7f8c8d}
.nm-note{color:#555}
.badge{padding:.05em .45em;border-radius:3px;color:#fff;font-size:.85em;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.85em} td,th{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f6f7} code{font-size:.85em;white-space:nowrap} .page1{page-break-after:always}
.kv td:first-child{width:28%;font-weight:600} .src{color:#666} figure{margin:1em 0} svg{max-width:100%;height:auto}
@media print{.page1{page-break-after:always}}
"""


def e(x: Any) -> str:
    # characters HTML/XML forbid (C0 controls, U+FFFE/U+FFFF...) as visible escapes, then HTML-escaped
    # and capped: no string from the data fills the page (a 100k-character column name)
    return escape(xml_text(cap("" if x is None else str(x), MAX_MESSAGE)), quote=True)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


def _badge(status: str) -> str:
    return f'<span class="badge {e(status)}">{e(LABEL.get(status, status.upper()))}</span>'


def _checks_table(checks) -> str:
    rows = "".join(
        f"<tr><td>{_badge(c.status)}</td><td><code>{e(c.id)}</code></td><td>{e(cap(c.column, MAX_NAME) if c.column else None)}</td><td>{e(_fmt(c.value))}</td>"
        f"<td>{e(_fmt(c.threshold))}</td><td>{e(cap(c.message, MAX_MESSAGE))}"
        + (f'<br><small class="src">{e(c.source)}</small>' if c.source else "") + "</td></tr>"
        for c in checks
    )
    return ("<table><tr><th>status</th><th>rule</th><th>column</th><th>value</th><th>threshold</th>"
            f"<th>message (source)</th></tr>{rows}</table>")


def _kv(rows: list[tuple[str, Any]]) -> str:
    return '<table class="kv">' + "".join(f"<tr><td>{e(k)}</td><td>{e(_fmt(v))}</td></tr>" for k, v in rows) + "</table>"


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{e(caption)}</figcaption></figure>" if svg else ""


@register_renderer("html", "report.html")
def render_html(sc: Scorecard) -> str:
    d = sc.dataset
    worst = worst_findings(sc, 10)
    not_measured = [c for c in sc.checks if c.status == "not_measured"]
    lic = sc.license
    out = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>riskaudit report: {e(d.path)}</title><style>{CSS}</style></head><body>",
        '<section class="page1">',
        f"<h1>Dataset due-diligence scorecard</h1><p><code>{e(d.path)}</code></p>",
        f'<p><span class="verdict {e(sc.verdict)}">{e(LABEL.get(sc.verdict, sc.verdict.upper()))}</span> &nbsp; '
        f"{e(verdict_summary(sc))}</p>",
        (f'<p class="nm-note">Not measured ({len(not_measured)}), counted apart from the passes: '
         + "; ".join(f"<code>{e(shown_key(c.key))}</code>: {e(cap(c.reason or c.message, MAX_MESSAGE))}" for c in not_measured) + "</p>")
        if not_measured else "",
        _kv([
            ("dataset sha256", d.sha256), ("rows x columns", f"{d.rows:,} x {d.columns}"), ("format", d.format),
            ("files", len(d.files) or 1),
            ("policy", f"{sc.policy.name} ({sc.policy.rules} rules), sha256 {sc.policy.sha256}" if sc.policy else "none"),
            ("tool", f"{sc.tool.name} {sc.tool.version}"), ("config sha256", sc.config_sha256),
            ("personal data (SPDX)", _facts.presence(sc)), ("generated", sc.generated_at or "not recorded (reproducible mode)"),
        ]),
        "<h2>License</h2>",
    ]
    if lic:
        out.append(_kv([
            ("declared license", lic.get("declared_license")), ("parties", lic.get("parties")),
            ("permitted uses", lic.get("permitted_uses")), ("excluded uses", lic.get("excluded_uses")),
            ("intended uses", lic.get("intended_uses")),
            ("origin / processing / storage", f"{_fmt(lic.get('origin'))} / {_fmt(lic.get('processing'))} / {_fmt(lic.get('storage'))}"),
            ("transfer mechanism", lic.get("transfer_mechanism")), ("de-identification claim", lic.get("deidentification_claim")),
            ("Art. 9 basis", lic.get("art9_basis")), ("residual rights in models", lic.get("residual_model_rights")),
            ("erasure propagation", lic.get("erasure_propagation")),
            ("no-re-identification covenant / flow-down", f"{lic.get('no_reidentification_covenant')} / {lic.get('flow_down')}"),
            ("license file sha256", lic.get("sha256")),
        ]))
    else:
        out.append("<p>No license terms bound to this scorecard.</p>")
    out.append("<h2>Worst findings</h2>")
    out.append(_checks_table(worst) if worst else "<p>Every check passes.</p>" if sc.checks else "<p>No checks.</p>")
    out.append("</section>")
    out.append("<h2>All checks</h2>" + _checks_table(sorted_checks(sc)))
    r = sc.results
    if r.pii is not None:
        cols = pii_columns(r.pii)
        out.append("<h2>Personal data (PII scan)</h2>")
        out.append(_figure(_figures.pii_heatmap(cols), "Column by entity heat map: share of sampled values with a hit."))
        rows = "".join(
            f"<tr><td>{e(n)}</td><td>{e(c.get('role'))}</td><td>{e(_fmt(c.get('confidence')))}</td>"
            f"<td>{e(', '.join(f'{k} {v:.2f}' if isinstance(v, float) else k for k, v in c['entities'].items()))}</td>"
            f"<td>{e(', '.join(c['hipaa']))}</td><td>{e(', '.join(c['gdpr_special']))}</td></tr>"
            for n, c in cols.items())
        out.append("<table><tr><th>column</th><th>role</th><th>confidence</th><th>entities (prevalence)</th><th>HIPAA</th>"
                   f"<th>GDPR Art. 9</th></tr>{rows}</table>")
    if r.reident is not None:
        re_ = r.reident
        out.append("<h2>Re-identification risk</h2>")
        out.append(_kv([
            ("quasi-identifiers", f"{', '.join(re_.quasi_identifiers)} ({re_.quasi_identifiers_source})"),
            ("records / classes", f"{re_.records:,} / {re_.classes:,}"), ("k (smallest class)", re_.k),
            ("sample uniques", re_.sample_uniques),
            (f"records in classes < {re_.k_threshold}", f"{re_.records_in_small_classes:,} ({re_.share_in_small_classes:.2%})"),
            ("prosecutor risk highest / average (records-weighted)", f"{re_.prosecutor.highest:.4g} / {re_.prosecutor.average_records_weighted:.4g}"),
            (f"records at risk (> {re_.prosecutor.threshold:g})", f"{re_.prosecutor.records_at_risk:.2%}"),
        ]))
        out.append(_figure(_figures.class_size_histogram(re_.class_size_histogram, re_.k_threshold), "Classes by size."))
        out.append(_figure(_figures.risk_distribution(re_.class_size_histogram, re_.prosecutor.threshold), "Records by risk."))
    if r.safe_harbor is not None:
        sh = r.safe_harbor
        out.append("<h2>HIPAA Safe Harbor evidence</h2>")
        rows = [(f"{c} (geography)", f"{g.more_than_3_digits:,} of {g.values:,} values with > 3 digits; {len(g.zip3_counts)} ZIP3 prefixes")
                for c, g in sh.geographic.items()]
        rows += [(f"{c} (date)", f"{x.finer_than_year:,} of {x.values:,} values finer than the year") for c, x in sh.dates.items()]
        rows += [(f"{c} (age)", f"{a.over_89:,} of {a.values:,} over 89") for c, a in sh.ages.items()]
        out.append(_kv(rows) if rows else "<p>No geographic, date or age columns found.</p>")
    if r.linkage is not None:
        out.append("<h2>Linkage</h2><pre>" + e(_short(r.linkage)) + "</pre>")
    if r.bias is not None:
        out.append("<h2>Bias</h2>")
        for path, groups in group_lists(r.bias):
            path = " / ".join(p for p in path.split(".") if p not in _CONTAINERS) or path
            out.append(_figure(_figures.group_rates(f"{path}: rates by group", groups), f"{path}: group rates with confidence intervals."))
            rows = "".join(
                f"<tr><td>{e(g.get('group'))}</td><td>{e(_fmt(g.get('n')))}</td><td>{e(_fmt(g.get('share')))}</td>"
                f"<td>{e(_fmt(g.get('base_rate')))}</td><td>{e(_fmt(g.get('impact_ratio')))}</td></tr>" for g in groups)
            out.append(f"<h3>{e(path)}</h3><table><tr><th>group</th><th>n</th><th>share</th><th>base rate</th><th>impact ratio</th></tr>{rows}</table>")
    out.append(_derived_md.derived_html(r.derived) if getattr(r, "derived", None) is not None else "")
    if r.profile is not None:
        rows = "".join(f"<tr><td>{e(n)}</td><td>{e(p.type)}</td><td>{p.nulls:,}</td><td>{p.distinct:,}</td><td>{p.unique_share:.3f}</td></tr>"
                       for n, p in r.profile.columns.items())
        out.append(f"<h2>Columns</h2><table><tr><th>column</th><th>type</th><th>nulls</th><th>distinct</th><th>unique share</th></tr>{rows}</table>")
    out.append(f"<footer><p>Generated by {e(sc.tool.name)} {e(sc.tool.version)}; scorecard schema {e(sc.schema_version)}.</p></footer>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _short(x: Any) -> str:
    import json

    d = x.model_dump(mode="json") if hasattr(x, "model_dump") else x
    s = json.dumps(d, indent=1, sort_keys=True, default=str)
    return s if len(s) < 4000 else s[:4000] + "\n..."
