"""Masked evidence: enough shape to recognise the kind of value, never the value itself.

``john.smith@example.com`` -> ``j***@e***.com``; ``156-56-3799`` -> ``***-**-3799``; ``Andrew Walker`` -> ``A*** W***``;
digits keep at most the last four (and only when the value has at least eight), letters only the first of each word.
A street address (or any text mixing digits and words) keeps no character: ``*** (street address, 17-32 chars)``.
"""

from __future__ import annotations

import re

__all__ = ["mask_value"]

_DATE = re.compile(r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\b")
_EMAIL = re.compile(r"^\s*([^@\s]+)@([^@\s]+?)(\.[A-Za-z]{2,})\s*$")


#: entities whose masks keep no character at all (type and length class only)
_PLACE_ENTITIES = {
    "STREET_ADDRESS": "street address",
    "US_STREET_ADDRESS": "street address",
    "ADDRESS": "address",
}
_WORD = re.compile(r"[^\W\d_]{2,}")


def _length_class(n: int) -> str:
    """``1-8``, ``9-16``, ``17-32``, ... characters: the size of a value, not its length."""
    hi = 8
    while n > hi:
        hi *= 2
    return f"{hi // 2 + 1 if hi > 8 else 1}-{hi} chars"


def _mask_word(w: str) -> str:
    return w[:1] + "***" if w else w


def mask_value(value: str, entity: str | None = None, max_len: int = 40) -> str:
    """Mask one value for display in a report (a pure function of the value; no secret, no salt needed)."""
    v = str(value)
    m = _EMAIL.match(v)
    if m:
        return f"{_mask_word(m.group(1))}@{_mask_word(m.group(2))}{m.group(3)}"
    digits = sum(c.isdigit() for c in v)
    if entity in _PLACE_ENTITIES or (entity is None and digits and len(_WORD.findall(v)) >= 2):
        # a street address: its number, street and unit are each identifying; keep the type and length class only
        return f"*** ({_PLACE_ENTITIES.get(entity or '', 'text with digits')}, {_length_class(len(v))})"
    datelike = entity in ("DATE_OF_BIRTH", "DATE_TIME", "AGE") or bool(_DATE.search(v))
    keep_tail = 4 if digits >= 8 and not datelike else 0
    out = []
    tail_start = len(v)
    if keep_tail:
        seen = 0
        for i in range(len(v) - 1, -1, -1):
            if v[i].isdigit():
                seen += 1
                if seen == keep_tail:
                    tail_start = i
                    break
    word_start = True
    for i, c in enumerate(v):
        if i >= tail_start:
            # the kept tail is digits only: letters after the last digits (a street name) are masked too
            out.append(c if c.isdigit() or not c.isalnum() else "*")
        elif c.isdigit():
            out.append("*")
            word_start = False
        elif c.isalpha():
            out.append(c if word_start and digits == 0 else "*")
            word_start = False
        else:
            out.append(c)
            word_start = True
    masked = "".join(out)
    # collapse runs of letters' stars to *** so the length of a name is not shown
    masked = re.sub(r"(?<=[^\W\d_])\*+|(?<![\w*])\*{4,}(?=\s|$)", "***", masked)
    if len(masked) > max_len:
        masked = masked[: max_len - 1] + "…"
    return masked
