"""## Checks: every check of the policy, worst first."""

from __future__ import annotations

from ..._safe import MAX_MESSAGE, cap, md_code
from ...scorecard import Check, Scorecard
from .._common import sorted_checks
from ._fmt import ICON, _fmt, md_escape


def check_name(c: Check) -> str:
    extra = ", ".join(md_code(x) for x in (c.column, c.judged_by) if x)
    return md_escape(c.id) + (f" ({extra})" if extra else "")


def check_row(c: Check) -> str:
    return (
        f"| {ICON[c.status]} | {check_name(c)} | {_fmt(c.value)} | {_fmt(c.threshold)} "
        f"| {md_escape(cap(c.message, MAX_MESSAGE))} |"
    )


def checks(out: list[str], sc: Scorecard) -> None:
    out.append("## Checks")
    out.append("")
    out.append("| status | check | value | threshold | message |")
    out.append("|---|---|---|---|---|")
    out.extend(check_row(c) for c in sorted_checks(sc))
    out.append("")
