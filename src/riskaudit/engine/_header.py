"""Is the first row of a CSV a header? A personal value never is.

A file without a header whose first row is all text (a name, an SSN, an e-mail, a phone number) used to
have that person's values taken as column names: they then appeared in every output, and the row was not
audited. The first row is read as data when

1. any of its cells is a number (the old rule), or
2. any of its cells is or holds a value the PII scan's recognisers flag (an SSN, e-mail address, phone
   number, person name of two or more words, date, card number, address...: the same Presidio recognisers,
   shape pre-filter and score bound the column scan uses), or
3. every cell looks like the values below it (and at least one can tell): the cell recurs as a value of its
   column, or it has the same shape (character classes with runs collapsed) as at least half of up to 200
   sampled values of its column; a plain one-word shape (``City`` over ``Boston``) cannot tell.

Otherwise it is a header. When the header is kept (detected, or ``dataset.header: true``), a header
cell the recognisers flag is never used as a name: the column is named by its position (``column_3``).
"""

from __future__ import annotations

import functools
import re

__all__ = ["first_row_is_data", "personal_value", "generated_names", "shape"]

#: the score a recogniser hit needs (the column scan's default ``pii.min_score``)
MIN_SCORE = 0.5
#: cells longer than this are not looked at by the recognisers (a header cell is short; a value this long is
#: text, and text is not a header either)
MAX_CELL = 256
_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?%?")


def generated_names(n: int) -> list[str]:
    return [f"column_{i}" for i in range(1, n + 1)]


def _numeric(s: str) -> bool:
    return bool(_NUMBER.fullmatch(s.strip()))


def shape(s: str) -> str:
    """Character classes with runs collapsed: ``John Smith`` -> ``Aa Aa``, ``123-45-6789`` -> ``9-9-9``."""
    out: list[str] = []
    for ch in s.strip()[:MAX_CELL]:
        c = (
            "9"
            if ch.isdigit()
            else "A"
            if ch.isupper()
            else "a"
            if ch.isalpha()
            else " "
            if ch.isspace()
            else ch
        )
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    from ..pii._analyzer import build_analyzer

    return build_analyzer(("US",))


# shapes of the identifiers the recognisers look for, also when they reject the number itself as invalid
# (test SSNs such as 219-09-9999, fictional 555 phone numbers): such a cell is a value, never a name
_SHAPES = {
    "US_SSN": re.compile(r"\d{3}-\d{2}-\d{4}"),
    "PHONE_NUMBER": re.compile(r"\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}"),
    "EMAIL_ADDRESS": re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[A-Za-z]{2,24}"),
    "DATE_TIME": re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"),
}


def _worth_checking(v: str) -> bool:
    """Cheap pre-filter: could the recognisers flag this cell? (``zip3``, ``birth_year``, ``Date of birth``: no)."""
    if "@" in v or sum(c.isdigit() for c in v) >= 4:
        return True
    toks = v.split()
    # a name is two to four capitalised words; a digit plus words may be an address
    if 2 <= len(toks) <= 4 and all(t[:1].isupper() for t in toks) and "_" not in v:
        return True
    return any(c.isdigit() for c in v) and len(toks) >= 2


def personal_value(cell: str, *, anywhere: bool = False) -> str | None:
    """The entity the PII recognisers flag for the whole of ``cell`` (``US_SSN``, ``PERSON``...), or None.

    ``anywhere``: also a personal value inside the cell (a sentence of free text that names a person or
    holds an e-mail address or phone number). A single word is never taken for a person's name here
    (``Age`` and ``Company`` are surnames too)."""
    v = cell.strip()
    if not v:
        return None
    if len(v) > MAX_CELL:
        if not anywhere:
            return None
        v = v[: MAX_CELL * 4]
    for ent, pat in _SHAPES.items():
        if pat.fullmatch(v) or (anywhere and pat.search(v)):
            return ent
    if not _worth_checking(v) and not (anywhere and len(v.split()) > 4):
        return None
    try:
        from ..pii._column_scan import _candidate_entities, run_recognizers

        analyzer = _analyzer()
    except ImportError:  # pragma: no cover - presidio is a core dependency
        return None
    supported = set(analyzer.get_supported_entities("en"))
    ents = _candidate_entities(v, supported, [], None)
    if len(v.split()) < 2:
        ents = [e for e in ents if e != "PERSON"]
    if not ents:
        return None
    best: tuple[float, str] | None = None
    for r in run_recognizers(analyzer, v, tuple(ents), {}):
        if r.score < MIN_SCORE:
            continue
        if anywhere:
            if r.entity_type == "PERSON" and len(v[r.start : r.end].split()) < 2:
                continue
        elif (r.end - r.start) < 0.6 * len(v):
            continue  # a hit must be the value, not a fragment of it
        if best is None or r.score > best[0]:
            best = (r.score, r.entity_type)
    return best[1] if best else None


_ONE_WORD = re.compile(r"A?a?|A")


def _like_column(cell: str, values: list[str]) -> bool | None:
    """Does ``cell`` look like the ``values`` below it? None when its shape cannot tell (one plain word:
    ``City`` over ``Boston`` is as likely a header as a value), unless the very value recurs below."""
    vals = [v.strip() for v in values if v.strip()]
    if not vals:
        return None
    c = cell.strip()
    if c in vals:
        return True  # a header does not recur as a value of its own column
    if _numeric(c) != (sum(_numeric(v) for v in vals) * 2 >= len(vals)):
        return False
    s = shape(c)
    like = sum(shape(v) == s for v in vals) * 2 >= len(vals)
    if like and _ONE_WORD.fullmatch(s):
        return None
    return like


def first_row_is_data(first: list[str], below: list[list[str]]) -> bool:
    """True when ``first`` (the file's first row) is a data row; ``below`` are the rows that follow."""
    cells = [f for f in first if f.strip()]
    if not cells:
        return False
    if any(_numeric(f) for f in cells):
        return True
    if any(personal_value(f, anywhere=True) for f in cells):
        return True
    verdicts = []
    for i, f in enumerate(first):
        if not f.strip():
            continue
        col = [r[i] for r in below[:200] if i < len(r)]
        like = _like_column(f, col)
        if like is not None:
            verdicts.append(like)
    return bool(verdicts) and all(verdicts)
