"""## Columns: the column profile (sorted by name: scorecard.json keeps no column order)."""

from __future__ import annotations

from typing import Any

from ..._safe import md_code
from ._fmt import _items, md_escape


def _columns(out: list[str], profile: Any) -> None:
    out.append("## Columns")
    out.append("")
    out.append("| column | type | nulls | distinct | unique share |")
    out.append("|---|---|---|---|---|")
    for name, p in _items(profile.columns):
        out.append(
            f"| {md_code(name)} | {md_escape(p.type)} | {p.nulls:,} | {p.distinct:,} | {p.unique_share:.3f} |"
        )
    out.append("")
