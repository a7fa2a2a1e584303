"""report.md: the scorecard for people, in Markdown (GitHub step summaries, PR comments)."""

from __future__ import annotations

from ..scorecard import Scorecard
from ._registry import register_renderer

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR"}


def md_escape(text: object) -> str:
    """Escape Markdown/HTML-significant characters in column names and messages."""
    s = str(text)
    for ch in ("\\", "|", "`", "*", "_", "[", "]", "<", ">"):
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return md_escape(v) if v is not None else ""


@register_renderer("md", "report.md")
def render_markdown(sc: Scorecard) -> str:
    out: list[str] = []
    d = sc.dataset
    out.append(f"# riskaudit report: {md_escape(d.path)}")
    out.append("")
    out.append(f"**Verdict: {ICON[sc.verdict]}**  ")
    out.append(f"Dataset sha256 `{d.sha256}` ({d.rows:,} rows x {d.columns} columns, {d.format})  ")
    pol = f"{md_escape(sc.policy.name)} (sha256 `{sc.policy.sha256[:16]}`)" if sc.policy else "none"
    out.append(f"Policy: {pol}  ")
    out.append(f"Tool: {sc.tool.name} {sc.tool.version}; config sha256 `{sc.config_sha256[:16]}`")
    out.append("")
    out.append("## Checks")
    out.append("")
    out.append("| status | check | value | threshold | message |")
    out.append("|---|---|---|---|---|")
    order = {"error": 0, "fail": 1, "warn": 2, "pass": 3}
    for c in sorted(sc.checks, key=lambda c: (order[c.status], c.id, c.column or "")):
        name = c.id + (f" ({md_escape(c.column)})" if c.column else "")
        out.append(f"| {ICON[c.status]} | {md_escape(name)} | {_fmt(c.value)} | {_fmt(c.threshold)} | {md_escape(c.message)} |")
    out.append("")
    r = sc.results
    if r.reident is not None:
        re_ = r.reident
        out.append("## Re-identification risk")
        out.append("")
        out.append(f"Quasi-identifiers ({re_.quasi_identifiers_source}): {', '.join(md_escape(q) for q in re_.quasi_identifiers)}")
        out.append("")
        out.append("| measure | value |")
        out.append("|---|---|")
        rows = [
            ("records", re_.records),
            ("equivalence classes", re_.classes),
            ("k (smallest class)", re_.k),
            ("sample uniques", re_.sample_uniques),
            (f"records in classes < {re_.k_threshold}", f"{re_.records_in_small_classes:,} ({re_.share_in_small_classes:.2%})"),
            ("prosecutor risk, highest (1/k)", f"{re_.prosecutor.highest:.4g}"),
            ("prosecutor risk, average (records-weighted)", f"{re_.prosecutor.average_records_weighted:.4g}"),
            (f"records at risk (1/size > {re_.prosecutor.threshold:g})", f"{re_.prosecutor.records_at_risk:.2%}"),
        ]
        for k, v in rows:
            out.append(f"| {k} | {v if isinstance(v, str) else f'{v:,}'} |")
        out.append("")
        out.append("Class-size histogram (size: classes): " + ", ".join(
            f"{s}: {c}" for s, c in sorted(((int(s), c) for s, c in re_.class_size_histogram.items()))[:20]
        ) + (" ..." if len(re_.class_size_histogram) > 20 else ""))
        out.append("")
    if r.profile is not None:
        out.append("## Columns")
        out.append("")
        out.append("| column | type | nulls | distinct | unique share |")
        out.append("|---|---|---|---|---|")
        for name, p in r.profile.columns.items():
            out.append(f"| {md_escape(name)} | {p.type} | {p.nulls:,} | {p.distinct:,} | {p.unique_share:.3f} |")
        out.append("")
    return "\n".join(out)
