"""Postcodes whose format alone is telling (HIPAA B, a quasi-identifier): UK (the area must be a real postcode
area, from Faker's en_GB list), Canada (valid first letters), Netherlands (``1234 AB``), US ZIP+4, Portugal
(``1234-567``), Poland (``12-345``), Brazil (``12345-678``), Japan (``123-4567``), Sweden (``123 45``), Ireland
(Eircode) and country-prefixed codes (``D-10115``, ``F-75001``, ``NL-1012``).

Bare 4- and 5-digit numbers (US, German, French, Spanish, Italian, Swiss, Austrian, Danish, Norwegian...
postcodes) are *not* decided here: a product code has the same shape. ``pii/_qi_values.py`` decides them from the
column's distribution and the table's context (a geography column, a header).
"""

from __future__ import annotations

import re

from ._cell import CellRecognizer
from ._lists import uk_postcode_areas

_UK = re.compile(r"^([A-Z]{1,2})(\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})$")
_CA = re.compile(r"^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$")
_NL = re.compile(r"^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$")
_IE = re.compile(r"^(?:[AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$")
_DIGIT_FORMS = [
    (re.compile(r"^\d{5}-\d{4}$"), 0.7),  # US ZIP+4
    (re.compile(r"^\d{4}-\d{3}$"), 0.7),  # PT
    (re.compile(r"^\d{2}-\d{3}$"), 0.6),  # PL
    (re.compile(r"^\d{5}-\d{3}$"), 0.7),  # BR
    (re.compile(r"^\d{3}-\d{4}$"), 0.5),  # JP (also a US local phone number shape: weaker)
    (re.compile(r"^\d{3} \d{2}$"), 0.6),  # SE, CZ, SK, GR
    (re.compile(r"^(?:[A-Z]{1,2})-\d{4,5}$"), 0.7),  # D-10115, F-75001, CH-8001, NL-1012
]


class PostcodeRecognizer(CellRecognizer):
    ENTITY = "ZIP_CODE"
    CONTEXT = ["zip", "postal", "postcode", "plz"]

    def score_cell(self, raw: str, folded: str) -> float:
        if len(raw) > 10 or not any(c.isdigit() for c in raw):
            return 0.0
        up = raw.upper()
        m = _UK.match(up)
        if m:
            return 0.75 if m.group(1) in uk_postcode_areas() else 0.0
        if _CA.match(up) or _NL.match(up) or _IE.match(up):
            return 0.7
        for rx, score in _DIGIT_FORMS:
            if rx.match(up):
                return score
        return 0.0
