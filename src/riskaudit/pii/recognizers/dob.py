"""Dates of birth: a full calendar date whose year makes a living person's birth year plausible.

By value alone a birth date looks like any date (score 0.3); the column name (``dob``, ``birth``) or text
context ("born", "DOB") raises it, and the column scan also uses the spread of years (decades for births,
a few years for admissions).
"""

from __future__ import annotations

import datetime as _dt
import re

from presidio_analyzer import Pattern, PatternRecognizer

_SEP = r"[-/.]"
PATTERNS = [
    Pattern("iso date", rf"\b(?:19|20)\d{{2}}{_SEP}(?:0?[1-9]|1[0-2]){_SEP}(?:0?[1-9]|[12]\d|3[01])\b", 0.3),
    Pattern(
        "dob keyword + date",
        rf"(?i)(?<=\b(?:born|dob|d\.o\.b\.|birth|birthday|birthdate)[:\s])\s*(?:(?:19|20)\d{{2}}{_SEP}\d{{1,2}}{_SEP}\d{{1,2}}|\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}(?:19|20)\d{{2}})",
        0.85,
    ),
    Pattern(
        "m/d/y date",
        rf"\b(?:0?[1-9]|1[0-2]|[12]\d|3[01]){_SEP}(?:0?[1-9]|1[0-2]|[12]\d|3[01]){_SEP}(?:19|20)\d{{2}}\b",
        0.3,
    ),
]
_YEAR = re.compile(r"(?:19|20)\d{2}")


class DateOfBirthRecognizer(PatternRecognizer):
    CONTEXT = ["dob", "birth", "born", "birthday", "birthdate", "d.o.b"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="DATE_OF_BIRTH",
            patterns=PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditDobRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        m = _YEAR.search(pattern_text)
        if not m:
            return False
        # None keeps the pattern's score (True would raise it to 1.0)
        return None if 1890 <= int(m.group(0)) <= _dt.date.today().year else False
