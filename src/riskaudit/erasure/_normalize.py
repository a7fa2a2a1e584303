"""Normalisation of identifier values on the engine (portable Ibis expressions, no raw SQL).

- every field: text as read, trimmed, lower case, runs of whitespace collapsed to one blank;
- a *name* field: a comma turns ``LAST, First`` into ``first last`` (text after the first comma, a blank,
  text before it);
- a *date* field: ``YYYY-M-D`` / ``YYYY/M/D`` / ``YYYY.M.D`` become ISO ``YYYY-MM-DD``; other text stays as is.

The day/month-swapped variant of an ISO date (day 1-12 and different from the month) is made in Python when
the ledger is written (:func:`swapped`), so the ledger holds the digest of both readings and the release side
needs only its own normalised text.
Column roles come from the column names of the requests file (``name``: contains "name"; ``date``: contains
"date", "dob" or "birth" and not "year"; else ``text``).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

__all__ = ["role_of", "normalise", "swapped", "date_variants"]

_DATE = r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$"


def role_of(column: str) -> str:
    c = column.lower()
    if "name" in c:
        return "name"
    if ("date" in c or "dob" in c or "birth" in c) and "year" not in c:
        return "date"
    return "text"


def _basic(col: ir.Value) -> ir.StringValue:
    s = col.cast("string")
    return s.re_replace(r"\s+", " ").strip().lower()


def normalise(col: ir.Value, role: str) -> ir.StringValue:
    s = _basic(col)
    if role == "name":
        pos = s.find(",")
        # the length is never negative (PostgreSQL refuses a negative substring length, even in a branch not taken)
        flipped = s.substr(pos + 1).strip().concat(" ", s.substr(0, ibis.greatest(pos, 0)).strip())
        s = ibis.ifelse(pos >= 0, flipped, s).re_replace(r"\s+", " ").strip()
    elif role == "date":
        iso = s.re_extract(_DATE, 1).concat(
            "-", s.re_extract(_DATE, 2).lpad(2, "0"), "-", s.re_extract(_DATE, 3).lpad(2, "0")
        )
        s = ibis.ifelse(s.re_search(_DATE), iso, s)
    return s


def swapped(date: str | None) -> str | None:
    """``YYYY-DD-MM`` for an ISO ``YYYY-MM-DD`` whose day is 1-12 and differs from the month, else None."""
    if date is None or len(date) != 10 or date[4] != "-" or date[7] != "-":
        return None
    y, m, d = date[:4], date[5:7], date[8:]
    if not (y.isdigit() and m.isdigit() and d.isdigit()):
        return None
    if 1 <= int(d) <= 12 and d != m and 1 <= int(m) <= 12:
        return f"{y}-{d}-{m}"
    return None


def date_variants(fields: list[str | None], roles: list[str]) -> list[list[str | None]]:
    """The tuple itself, then every tuple with one or more date fields day/month-swapped (where valid)."""
    out: list[list[str | None]] = [list(fields)]
    for i, role in enumerate(roles):
        if role != "date":
            continue
        more = []
        for t in out:
            s = swapped(t[i])
            if s is not None:
                more.append(t[:i] + [s] + t[i + 1 :])
        out += more
    return out
