"""report.md and summary.md: the scorecard for people, in Markdown (GitHub step summaries, PR comments).

One module per section. Sections, in order: page 1 (verdict, date, dataset digest, license summary, one row per
area, worst findings), checks, license, personal data, re-identification risk, linkage, Safe Harbor evidence,
bias, data quality, derived artefacts, column profile. A section appears only when its result is in the scorecard. The renderer never
judges: it shows the stored values and the checks' statuses. Every data-derived string goes through
:func:`md_escape`; examples of personal data are shown exactly as the PII scan stored them (masked).

``report.md`` is complete. ``summary.md`` holds page 1 and then as many whole sections as fit under
:data:`SUMMARY_LIMIT` characters (a GitHub PR comment holds 65,536), saying what it left out and linking the
full report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...scorecard import Scorecard
from .._registry import register_renderer
from . import page1
from ._fmt import ICON, md_escape
from .bias import _bias
from .checks import check_row, checks
from .columns import _columns
from .derived import derived_section
from .license import _license
from .linkage import _linkage
from .pii import _pii
from .quality import _quality
from .reident import _reident
from .safe_harbor import _safe_harbor

__all__ = ["ICON", "SECTIONS", "SUMMARY_LIMIT", "Section", "md_escape", "render_markdown", "render_summary"]

#: summary.md stays under this many characters whatever the data
SUMMARY_LIMIT = 60_000


@dataclass(frozen=True)
class Section:
    """One report section: its anchor id (shared with report.html), its title, and how Markdown renders it
    (``None`` from ``present`` = the section is absent)."""

    id: str
    title: str
    present: Callable[[Scorecard], bool]
    render: Callable[[list[str], Scorecard], None]


SECTIONS: tuple[Section, ...] = (
    Section("checks", "Checks", lambda sc: True, checks),
    Section("license", "License", lambda sc: bool(sc.license), _license),
    Section(
        "pii", "Personal data", lambda sc: sc.results.pii is not None, lambda o, sc: _pii(o, sc.results.pii)
    ),
    Section(
        "reident",
        "Re-identification risk",
        lambda sc: sc.results.reident is not None,
        lambda o, sc: _reident(o, sc.results.reident),
    ),
    Section(
        "linkage",
        "Linkage",
        lambda sc: sc.results.linkage is not None,
        lambda o, sc: _linkage(o, sc.results.linkage),
    ),
    Section(
        "safe-harbor",
        "Safe Harbor evidence",
        lambda sc: sc.results.safe_harbor is not None,
        lambda o, sc: _safe_harbor(o, sc.results.safe_harbor),
    ),
    Section("bias", "Bias", lambda sc: sc.results.bias is not None, lambda o, sc: _bias(o, sc.results.bias)),
    Section(
        "quality",
        "Data quality",
        lambda sc: sc.results.quality is not None,
        lambda o, sc: _quality(o, sc.results.quality),
    ),
    Section(
        "derived",
        "Derived artefacts",
        lambda sc: sc.results.derived is not None,
        lambda o, sc: derived_section(o, sc.results.derived),
    ),
    Section(
        "columns",
        "Columns",
        lambda sc: sc.results.profile is not None,
        lambda o, sc: _columns(o, sc.results.profile),
    ),
)


def _page1(sc: Scorecard) -> list[str]:
    out: list[str] = []
    page1.header(out, sc)
    page1.worst(out, sc)
    return out


def _section(sc: Scorecard, s: Section) -> list[str]:
    out: list[str] = []
    s.render(out, sc)
    return out


@register_renderer("md", "report.md", extra={"summary.md": lambda sc: render_summary(sc)})
def render_markdown(sc: Scorecard) -> str:
    out = _page1(sc)
    for s in SECTIONS:
        if s.present(sc):
            out += _section(sc, s)
    return "\n".join(out)


def render_summary(sc: Scorecard, limit: int = SUMMARY_LIMIT, full_report: str = "report.md") -> str:
    """Page 1, then whole sections while they fit under ``limit`` characters; the checks table is cut row by row
    when even it does not fit. Says what was left out and links the full report."""
    reserve = 600  # the closing note
    out = _page1(sc)
    text = "\n".join(out)
    if (
        len(text) > limit - reserve
    ):  # page 1 is capped cell by cell; this guards against a pathological policy
        text = text[: limit - reserve].rsplit("\n", 1)[0]
    size = len(text)
    left_out: list[str] = []
    cut_rows = 0
    for s in SECTIONS:
        if not s.present(sc):
            continue
        lines = _section(sc, s)
        body = "\n".join(lines)
        if size + 1 + len(body) <= limit - reserve:
            text += "\n" + body
            size += 1 + len(body)
            continue
        if s.id == "checks":  # as many rows of the checks table as fit, worst first
            kept = lines[:4]
            budget = limit - reserve - size - 1 - len("\n".join(kept)) - 120
            for ln in lines[4:-1]:
                if len(ln) + 1 > budget:
                    break
                kept.append(ln)
                budget -= len(ln) + 1
            cut_rows = len(lines) - 1 - len(kept)
            kept.append(
                f"\n... {cut_rows} more checks (the least severe) in the full report.\n" if cut_rows else ""
            )
            body = "\n".join(kept)
            text += "\n" + body
            size += 1 + len(body)
            if cut_rows:
                left_out.append(s.title)
            continue
        left_out.append(s.title)
    if left_out:
        text += (
            "\n\n---\n\n**This summary is truncated** to stay under "
            f"{limit:,} characters: {md_escape(', '.join(left_out))} "
            f"{'is' if len(left_out) == 1 else 'are'} left out or cut. "
            f"The full report is [{full_report}]({full_report}) next to this file (and scorecard.json).\n"
        )
    else:
        text += f"\n\nThis summary is complete; the same content is in [{full_report}]({full_report}).\n"
    return text


__all__ += ["check_row"]
