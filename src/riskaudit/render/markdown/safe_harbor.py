"""## Safe Harbor evidence: geography, dates and ages."""

from __future__ import annotations

from typing import Any

from ..._safe import md_code
from ._fmt import _int, _items, _table


def _safe_harbor(out: list[str], sh: Any) -> None:
    out.append("## Safe Harbor evidence")
    out.append("")
    rows = []
    for c, g in _items(sh.geographic):
        rows.append(
            [
                md_code(c),
                "geographic",
                _int(g.values),
                f"{_int(g.more_than_3_digits)} values with more than 3 digits; "
                f"{len(g.zip3_counts or {}):,} distinct 3-digit prefixes",
            ]
        )
    for c, d in _items(sh.dates):
        what = f"{_int(d.finer_than_year)} values finer than the year"
        if d.birth:
            what += f"; birth column, {len(d.year_counts or {}):,} distinct years"
        rows.append([md_code(c), "date", _int(d.values), what])
    for c, a in _items(sh.ages):
        rows.append([md_code(c), "age", _int(a.values), f"{_int(a.over_89)} ages over 89"])
    if rows:
        _table(out, ["column", "kind", "values", "evidence"], rows)
    else:
        out.append("No geographic, date or age columns found.")
        out.append("")
