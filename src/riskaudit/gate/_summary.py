"""The Markdown step summary (``$GITHUB_STEP_SUMMARY``) of a gate run."""

from __future__ import annotations

from .._safe import MAX_MESSAGE, cap, md_code
from ..render._common import verdict_summary
from ..render.markdown import md_escape
from ..scorecard import Scorecard
from ._baseline import GateResult

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}


def gate_summary(sc: Scorecard, res: GateResult, baseline_used: bool) -> str:
    failed = res.exit_code or sc.verdict == "not_measured"
    out = [f"## riskaudit gate: {'FAILED' if failed else 'PASSED'}", ""]
    out.append(
        f"Dataset {md_code(sc.dataset.path, 300)} sha256 `{sc.dataset.sha256[:16]}` "
        f"({sc.dataset.rows:,} rows); policy {md_code(sc.policy.name if sc.policy else 'none')}; "
        f"scorecard verdict **{ICON[sc.verdict]}** ({verdict_summary(sc)}); tool {sc.tool.version}."
    )
    out.append("")
    for w in res.warnings:
        out.append(f"> **warning:** {md_escape(w)}")
        out.append("")
    out.append("| | count |")
    out.append("|---|---|")
    out.append(f"| new findings failing the gate | {len(res.failing)} |")
    new_nm = sum(1 for c in res.new if c.status == "not_measured")
    out.append(f"| new warnings | {len(res.new) - len(res.failing) - new_nm} |")
    out.append(
        f"| new checks not measured (inputs absent; they do not fail the gate unless the policy requires them) | {new_nm} |"
    )
    out.append(
        f"| accepted in the baseline | {len(res.baselined)}{'' if baseline_used else ' (no baseline given)'} |"
    )
    out.append(f"| accepted findings with a changed value | {len(res.changed_value)} |")
    out.append(f"| baseline entries no longer found (fixed) | {len(res.fixed)} |")
    out.append("")
    if res.new:
        out.append("### New findings")
        out.append("")
        out.append("| status | rule | column | message |")
        out.append("|---|---|---|---|")
        for c in res.new:
            out.append(
                f"| {ICON[c.status]} | `{md_escape(c.id)}` | {md_code(c.column) if c.column else ''} | {md_escape(cap(c.message, MAX_MESSAGE))} |"
            )
        out.append("")
    if res.baselined:
        out.append("<details><summary>Accepted (baselined) findings</summary>")
        out.append("")
        for c in res.baselined:
            out.append(f"- {ICON[c.status]} `{md_escape(c.id)}` {md_code(c.column) if c.column else ''}")
        out.append("")
        out.append("</details>")
        out.append("")
    head = "\n".join(out)
    # then the audit's own summary (page 1 and what fits), so the whole stays under one PR comment / step summary
    from ..render.markdown import SUMMARY_LIMIT, render_summary

    room = SUMMARY_LIMIT - len(head) - 2
    if room > 4_000:
        return head + "\n" + render_summary(sc, limit=room)
    return head
