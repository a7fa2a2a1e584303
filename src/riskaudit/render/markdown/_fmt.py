"""Number formats, escaping and table helpers every Markdown section shares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..._safe import md_code, term

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}

MAX_GROUPS = 20  # bias groups shown per attribute (largest first)
MAX_ROWS = 20  # other long tables (drivers, proxies, suggestions)
DASH = "-"


def _linkish(token: str) -> bool:
    """A token GitHub would turn into a link or a ping (URL, www., e-mail, @mention, #123 / GH-123 reference)."""
    low = token.lower()
    return "@" in token or "://" in token or "www." in low or "#" in token or "gh-" in low


def md_escape(text: object) -> str:
    """Escape Markdown/HTML-significant characters in messages (names go through :func:`md_code`).

    Control characters are escaped and credentials in URLs redacted (:func:`riskaudit._safe.term`); a token
    that GitHub would autolink or treat as a mention becomes a code span, so a report posted as a PR comment
    links and pings no one. Linear in the length of the text (split on whitespace, no regex backtracking)."""
    out = []
    for tok in re.split(r"(\s+)", term(text)):
        if tok and not tok.isspace() and _linkish(tok):
            out.append(md_code(tok, limit=len(tok)))
            continue
        for ch in ("\\", "|", "`", "*", "_", "[", "]", "<", ">", "&", "~"):
            tok = tok.replace(ch, "\\" + ch)
        out.append(tok)
    return "".join(out)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list | tuple):
        return ", ".join(_fmt(x) for x in v)
    return md_escape(v) if v is not None else ""


# ---------------------------------------------------------------- number formats


def _num(v: Any, digits: int = 4) -> str:
    """A rate or statistic to ``digits`` significant digits; ``-`` when absent."""
    if v is None or isinstance(v, bool):
        return DASH if v is None else str(v).lower()
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if v != v:  # NaN never occurs in a valid result; stay readable if it does
            return DASH
        if abs(v) >= 10**digits:  # counts and estimates of counts: no exponent
            return f"{v:,.0f}"
        return f"{v:.{digits}g}"
    return md_escape(v)


def _int(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else _num(v)


def _pct(v: Any) -> str:
    """A share as a percentage: one decimal from 1%, three significant digits below (small groups stay visible)."""
    if not isinstance(v, int | float) or isinstance(v, bool) or v != v:
        return DASH
    if v == 0 or abs(v) >= 0.01:
        return f"{v:.1%}"
    return f"{v * 100:.3g}%"


def _ci(low: Any, high: Any, fmt=_num) -> str:
    if low is None and high is None:
        return ""
    return f" [{fmt(low)}, {fmt(high)}]"


def _with_ci(v: Any, ci: Any, fmt=_num) -> str:
    """``value [low, high]`` from a bias Interval (or nothing when there is no interval)."""
    if v is None:
        return DASH
    return fmt(v) + (_ci(ci.low, ci.high, fmt) if ci is not None else "")


def _names(items: Iterable[Any] | None) -> str:
    items = list(items or [])
    return ", ".join(md_code(x) for x in items) if items else DASH


def _items(d: Any) -> list[tuple[str, Any]]:
    """A mapping's items sorted by key (models and dicts), for a deterministic order."""
    if not d:
        return []
    if hasattr(d, "items"):
        return sorted(((str(k), v) for k, v in d.items()), key=lambda kv: kv[0])
    return []


def _table(out: list[str], header: list[str], rows: list[list[str]]) -> None:
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    out.append("")


def _kv(out: list[str], rows: list[tuple[str, str]]) -> None:
    _table(out, ["measure", "value"], [[k, v] for k, v in rows])


def _notes(out: list[str], notes: Any, label: str = "Notes") -> None:
    notes = [n for n in (notes or []) if n]
    if notes:
        out.append(f"{label}:")
        out.append("")
        out.extend(f"- {md_escape(n)}" for n in notes)
        out.append("")
