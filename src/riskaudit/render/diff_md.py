"""The release diff in Markdown, fit for a PR comment: at most ``MAX_CHARS`` characters (GitHub's comment limit
is 65,536), worst changes first; when cut, the text says how many rows were left out and where the full JSON is."""

from __future__ import annotations

from typing import Any

from .._safe import md_code
from ..diff import DiffResult
from .markdown import md_escape

__all__ = ["MAX_CHARS", "render_diff_html_fragment", "render_diff_md"]

MAX_CHARS = 60_000  # leaves room under GitHub's 65,536 for a caller's own header
VERDICT = {
    "worse": "WORSE",
    "not_comparable": "NOT COMPARABLE (nothing worse, but some items could not be compared)",
    "same_or_better": "SAME OR BETTER",
}
LABEL = {
    "better": "better",
    "worse": "worse",
    "unchanged": "unchanged",
    "appeared": "appeared",
    "disappeared": "disappeared",
    "not_comparable": "not comparable",
}


def _v(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.6g}"
    return md_escape(x)


def _missing(v: Any) -> bool:
    return v is None or v == "not_measured"


def render_diff_md(res: DiffResult, limit: int = MAX_CHARS, full_json: str | None = None) -> str:
    head: list[str] = [f"## riskaudit diff: {VERDICT[res.verdict]}", ""]
    o, n = res.old, res.new
    head.append(
        f"Old {md_code(o.path, 200)} sha256 `{o.sha256[:16]}` ({o.rows:,} rows, {o.columns} columns) -> "
        f"new {md_code(n.path, 200)} sha256 `{n.sha256[:16]}` ({n.rows:,} rows, {n.columns} columns)."
    )
    head.append("")
    c = res.counts
    head.append(
        f"**{res.worse_beyond_tolerance} worse beyond tolerance**; {c.get('worse', 0)} worse in all, "
        f"{c.get('better', 0)} better, {c.get('appeared', 0)} appeared, {c.get('disappeared', 0)} disappeared, "
        f"{c.get('not_comparable', 0)} not comparable (not measured in a release: never counted as a pass), "
        f"{c.get('unchanged', 0)} unchanged."
    )
    head.append("")
    for note in res.notes:
        head.append(f"> {md_escape(note)}")
        head.append("")
    body: list[str] = []
    neither = [
        ch for ch in res.changes if ch.change == "not_comparable" and _missing(ch.old) and _missing(ch.new)
    ]
    rows = [ch for ch in res.changes if ch.change != "unchanged" and ch not in neither]
    body += ["### Changes", "", "| | key | old | new | tolerance | note |", "|---|---|---|---|---|---|"]
    for ch in rows:
        mark = "**FAILS**" if ch.beyond_tolerance else LABEL[ch.change]
        tol = _v(ch.tolerance) if ch.tolerance is not None else ""
        body.append(
            f"| {mark if ch.beyond_tolerance else LABEL[ch.change]} | {md_code(ch.key, 300)} | {_v(ch.old)} | "
            f"{_v(ch.new)} | {tol} | {md_escape(ch.note or '')} |"
        )
    if not rows:
        body.append("| | (no change) | | | | |")
    body.append("")
    if res.schema_changes:
        body += [
            "### Schema changes",
            "",
            "| column | change | old type | new type | note |",
            "|---|---|---|---|---|",
        ]
        for s in res.schema_changes:
            note = "**a new direct identifier: worse**" if s.worse else ""
            body.append(
                f"| {md_code(s.column, 200)} | {s.change} | {_v(s.old_type)} | {_v(s.new_type)} | {note} |"
            )
        body.append("")
    if res.drift is not None:
        body += [
            "### Drift per column (Evidently's definitions and defaults)",
            "",
            "| column | kind | method | PSI | Jensen-Shannon | Wasserstein (normed) | drifted |",
            "|---|---|---|---|---|---|---|",
        ]
        for d in res.drift:
            if d.not_measured:
                body.append(
                    f"| {md_code(d.column, 200)} | {d.kind} | not measured: {md_escape(d.not_measured)} | | | | |"
                )
                continue
            w = (
                "-"
                if d.wasserstein_normed is None
                else f"{d.wasserstein_normed:.4g}"
                + (f" (+/- {d.wasserstein_max_error:.2g})" if d.wasserstein_max_error else "")
            )
            drifted = "not judged (<= 1000 rows)" if d.drifted is None else ("**yes**" if d.drifted else "no")
            body.append(
                f"| {md_code(d.column, 200)} | {d.kind} | {d.method} | {_v(d.psi)} | {_v(d.jensen_shannon)} | {w} | {drifted} |"
            )
        body.append("")
    if neither:
        body += [
            f"<details><summary>Not measured in either release ({len(neither)}): not comparable, never a pass</summary>",
            "",
        ]
        body += [f"- {md_code(ch.key, 300)}" for ch in neither]
        body += ["", "</details>", ""]
    unchanged = [ch for ch in res.changes if ch.change == "unchanged"]
    if unchanged:
        body += ["<details><summary>Unchanged</summary>", ""]
        body += [f"- {md_code(ch.key, 300)}: {_v(ch.new)}" for ch in unchanged]
        body += ["", "</details>", ""]
    text = "\n".join(head + body)
    if len(text) <= limit:
        return text
    # cut whole lines from the end, then say so (the worst changes come first, so they stay)
    where = (
        f" (the full diff is in {md_code(full_json, 200)})"
        if full_json
        else " (use --json for the full diff)"
    )
    kept: list[str] = []
    size = len("\n".join(head)) + 200 + len(where)
    for line in body:
        if size + len(line) + 1 > limit:
            break
        kept.append(line)
        size += len(line) + 1
    dropped = len(body) - len(kept)
    if kept and kept[-1].startswith("<details>"):
        kept.pop()
    opened = sum(1 for x in kept if x.startswith("<details>")) - sum(
        1 for x in kept if x.startswith("</details>")
    )
    tail = ["", "</details>"] * opened
    tail += [
        "",
        f"**Truncated:** {dropped} of {len(body)} lines left out to stay under {limit:,} characters{where}.",
    ]
    return "\n".join(head + kept + tail)


# ---------------------------------------------------------------- HTML hook
# report.html has no diff section yet (the HTML renderer is being restructured). This fragment is the hook: the
# HTML renderer can place it as "Changes since the last release" when an audit carries a DiffResult (e.g. from
# `gate --against`). Every string is HTML-escaped; no value of the data is in a DiffResult.


def render_diff_html_fragment(res: DiffResult, max_rows: int = 500) -> str:
    """A self-contained ``<section>`` of the diff: verdict, counts, and the changes other than unchanged ones."""
    from html import escape

    from .._safe import shown_name

    def e(x: Any) -> str:
        return escape(shown_name(_v(x) if not isinstance(x, str) else x, 300))

    c = res.counts
    out = [
        '<section class="release-diff">',
        f"<h2>Changes since the last release: {escape(VERDICT[res.verdict])}</h2>",
        f"<p>{res.worse_beyond_tolerance} worse beyond tolerance; {c.get('better', 0)} better, {c.get('appeared', 0)} "
        f"appeared, {c.get('disappeared', 0)} disappeared, {c.get('not_comparable', 0)} not comparable, "
        f"{c.get('unchanged', 0)} unchanged.</p>",
        "<table><thead><tr><th></th><th>key</th><th>old</th><th>new</th><th>note</th></tr></thead><tbody>",
    ]
    rows = [ch for ch in res.changes if ch.change != "unchanged"]
    for ch in rows[:max_rows]:
        mark = "FAILS" if ch.beyond_tolerance else LABEL[ch.change]
        out.append(
            f"<tr><td>{escape(mark)}</td><td><code>{e(ch.key)}</code></td><td>{e(ch.old)}</td><td>{e(ch.new)}</td>"
            f"<td>{e(ch.note or '')}</td></tr>"
        )
    out.append("</tbody></table>")
    if len(rows) > max_rows:
        out.append(f"<p>{len(rows) - max_rows} more changes left out; see the diff JSON.</p>")
    out.append("</section>")
    return "\n".join(out)


def render_diff_html_page(res: DiffResult, old: str = "", new: str = "") -> str:
    """``riskaudit diff --html FILE``: the fragment as one self-contained page (report.html's CSS, nothing fetched)."""
    from html import escape

    from .._safe import shown_name
    from .html import CSS

    title = "riskaudit release diff" + (
        f": {shown_name(old, 200)} -> {shown_name(new, 200)}" if old and new else ""
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
            render_diff_html_fragment(res),
            "</main></body></html>\n",
        ]
    )
