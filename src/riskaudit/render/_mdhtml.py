"""The Markdown the section renderers write, as HTML: headings, paragraphs, GFM tables, lists.

Only the subset :mod:`riskaudit.render.markdown` produces is understood (its data strings all went through
``md_escape`` / ``md_code``), so the HTML report shows every Markdown section as real tables with the same
numbers, never a JSON dump. Every character of text is HTML-escaped here; nothing from the data becomes markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ._common import LABEL

__all__ = ["Block", "inline", "parse", "split_row"]

_SYMBOL = {
    "pass": "\u2714",
    "warn": "\u26a0",
    "fail": "\u2716",
    "error": "\u2716",
    "not_measured": "?",
    "not_run": "\u2013",
}
_BY_LABEL = {v: k for k, v in LABEL.items()} | {"NOT RUN": "not_run"}


def badge(status: str) -> str:
    """A status as symbol + word on a coloured chip: never colour alone."""
    word = LABEL.get(status, "NOT RUN" if status == "not_run" else status.upper())
    return f'<span class="badge {escape(status)}"><span aria-hidden="true">{_SYMBOL.get(status, "")}</span> {escape(word)}</span>'


def inline(md: str) -> str:
    """One line of our Markdown as HTML: backslash escapes, code spans, **bold**, [text](link), hard breaks."""
    out: list[str] = []
    i, n, bold = 0, len(md), False
    while i < n:
        ch = md[i]
        if ch == "\\" and i + 1 < n and not md[i + 1].isalnum() and not md[i + 1].isspace():
            out.append(escape(md[i + 1]))
            i += 2
            continue
        if ch == "`":
            j = i
            while j < n and md[j] == "`":
                j += 1
            fence = md[i:j]
            k = md.find(fence, j)
            while k != -1 and k + len(fence) < n and md[k + len(fence)] == "`":
                k = md.find(fence, k + len(fence) + 1)
            if k == -1:
                out.append(escape(fence))
                i = j
                continue
            body = md[j:k]
            if len(body) >= 2 and body[0] == " " and body[-1] == " " and body.strip():
                body = body[1:-1]
            out.append(f"<code>{escape(body.replace(chr(92) + '|', '|'))}</code>")
            i = k + len(fence)
            continue
        if md.startswith("**", i):
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
            i += 2
            continue
        if ch == "[":
            close = md.find("](", i)
            end = md.find(")", close + 2) if close != -1 else -1
            if close != -1 and end != -1:
                target = md[close + 2 : end]
                if "://" not in target and not target.startswith(("javascript:", "data:")):
                    out.append(f'<a href="{escape(target, quote=True)}">{inline(md[i + 1 : close])}</a>')
                    i = end + 1
                    continue
        out.append(escape(ch))
        i += 1
    if bold:
        out.append("</strong>")
    return "".join(out)


def split_row(line: str) -> list[str]:
    """Cells of a GFM table row: split on ``|`` not escaped by a backslash."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, cur, i = [], [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            cur.append(s[i : i + 2])
            i += 2
            continue
        if s[i] == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(s[i])
        i += 1
    cells.append("".join(cur).strip())
    return cells


def _cell(md: str) -> str:
    bare = md.strip().strip("*")
    if bare in _BY_LABEL:
        return badge(_BY_LABEL[bare])
    return inline(md)


@dataclass
class Block:
    kind: str  # h1..h4, p, table, ul, hr
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    def html(self, fold_after: int = 0) -> str:
        if self.kind.startswith("h"):
            return f"<{self.kind}>{inline(self.text)}</{self.kind}>"
        if self.kind == "p":
            return "<p>" + "<br>".join(inline(x) for x in self.text.split("\n")) + "</p>"
        if self.kind == "ul":
            return "<ul>" + "".join(f"<li>{inline(x)}</li>" for x in self.rows[0]) + "</ul>"
        if self.kind == "hr":
            return "<hr>"
        head, *body = self.rows
        kv = ' class="kv"' if len(head) == 2 else ""
        table = (
            f"<table{kv}><thead><tr>"
            + "".join(f"<th>{inline(h)}</th>" for h in head)
            + "</tr></thead><tbody>"
            + "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>" for r in body)
            + "</tbody></table>"
        )
        if fold_after and len(body) > fold_after:
            return f'<details class="long"><summary>{len(body):,} rows: show the table</summary>{table}</details>'
        return table


def parse(md: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("p", "\n".join(x.rstrip() for x in para)))
            para.clear()

    lines = md.split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if not ln.strip():
            flush()
            i += 1
            continue
        if ln.startswith("#"):
            level = len(ln) - len(ln.lstrip("#"))
            if 1 <= level <= 4 and ln[level : level + 1] == " ":
                flush()
                blocks.append(Block(f"h{level}", ln[level + 1 :].strip()))
                i += 1
                continue
        if ln.startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            flush()
            rows = [split_row(ln)]
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(split_row(lines[i]))
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        if ln.startswith("- "):
            flush()
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(lines[i][2:])
                i += 1
            blocks.append(Block("ul", rows=[items]))
            continue
        if ln.strip() == "---":
            flush()
            blocks.append(Block("hr"))
            i += 1
            continue
        para.append(ln)
        i += 1
    flush()
    return blocks
