"""Page 1 of report.md and summary.md: verdict, date, dataset digest, license summary, one row per area, worst
findings ranked (direct identifiers, k = 1 and Safe Harbor failures first; see :mod:`riskaudit.render._page1`)."""

from __future__ import annotations

from ..._safe import MAX_MESSAGE, cap, md_code
from ...scorecard import Scorecard
from .._common import verdict_summary
from .._page1 import areas, ranked_findings, report_date
from ._fmt import DASH, ICON, _fmt, _table, md_escape

STATUS = {**ICON, "not_run": "NOT RUN"}
MAX_FINDINGS = 10


def license_summary(sc: Scorecard) -> str:
    lic = sc.license
    if not lic:
        return "no license terms bound"
    uses = lic.get("permitted_uses") or lic.get("intended_uses") or []
    return (
        f"{lic.get('declared_license') or 'not declared'}; permitted uses: {', '.join(map(str, uses)) or DASH}; "
        f"excluded: {', '.join(map(str, lic.get('excluded_uses') or [])) or DASH}; de-identification claim: "
        f"{lic.get('deidentification_claim') or 'none'}"
    )


def header(out: list[str], sc: Scorecard) -> None:
    d = sc.dataset
    out.append(f"# riskaudit report: {md_escape(cap(d.path, 300))}")
    out.append("")
    out.append(f"**Verdict: {ICON[sc.verdict]}** ({md_escape(verdict_summary(sc))})  ")
    out.append(
        f"Report date {report_date(sc)}; dataset sha256 `{d.sha256}` ({d.rows:,} rows x {d.columns} columns, "
        f"{md_escape(d.format)})  "
    )
    pol = f"{md_escape(cap(sc.policy.name, 200))} (sha256 `{sc.policy.sha256[:16]}`)" if sc.policy else "none"
    out.append(f"Policy: {pol}  ")
    out.append(f"License: {md_escape(cap(license_summary(sc), MAX_MESSAGE))}  ")
    out.append(
        f"Tool: {md_escape(sc.tool.name)} {md_escape(sc.tool.version)}; config sha256 `{sc.config_sha256[:16]}`"
    )
    out.append("")
    out.append("**By area** (status is the worst check of the area; NOT RUN: no check of it in this policy)")
    out.append("")
    _table(
        out,
        ["area", "status", "headline", "what to do"],
        [
            [
                a.title,
                f"**{STATUS[a.status]}**",
                md_escape(cap(a.headline, 400)),
                md_escape(cap(a.action, 500)),
            ]
            for a in areas(sc)
        ],
    )


def worst(out: list[str], sc: Scorecard) -> None:
    fs = ranked_findings(sc, MAX_FINDINGS)
    if not fs:
        return
    out.append("## Worst findings")
    out.append("")
    out.append(
        "Ranked by status, then findings that identify people by themselves (direct identifiers, k = 1, Safe "
        "Harbor), then severity and distance past the threshold; checks of one rule share a row."
    )
    out.append("")
    rows = []
    for f in fs:
        cols = f.columns
        name = md_escape(f.rule)
        if cols:
            name += (
                " ("
                + ", ".join(md_code(c) for c in cols[:6])
                + (f", +{len(cols) - 6} more" if len(cols) > 6 else "")
                + ")"
            )
        elif f.worst.judged_by:
            name += f" ({md_code(f.worst.judged_by)})"
        n = f" ({len(f.checks)} checks)" if len(f.checks) > 1 else ""
        rows.append(
            [
                STATUS[f.status],
                f.severity,
                name + n,
                _fmt(f.worst.value),
                _fmt(f.worst.threshold),
                md_escape(cap(f.worst.message, 300)),
                md_escape(cap(f.action, 300)),
            ]
        )
    _table(
        out,
        ["status", "severity", "check", "value (worst)", "threshold", "message (worst)", "what to do"],
        rows,
    )
