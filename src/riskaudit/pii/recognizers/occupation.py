"""Occupations / job titles (a quasi-identifier): Faker's job lists (all locales, male and female forms), or a
short title ending in a head word those lists use at least three times (``engineer``, ``manager``, ``Ingenieur``)."""

from __future__ import annotations

from ._cell import CellRecognizer
from ._lists import job_words, jobs


class OccupationRecognizer(CellRecognizer):
    ENTITY = "OCCUPATION"
    CONTEXT = ["occupation", "job", "profession"]

    def score_cell(self, raw: str, folded: str) -> float:
        if any(c.isdigit() for c in raw):
            return 0.0
        if folded in jobs():
            return 0.6
        words = folded.split()
        if 1 <= len(words) <= 6 and words[-1] in job_words():
            return 0.5
        return 0.0
