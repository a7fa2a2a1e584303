"""Country names and ISO 3166-1 codes (a quasi-identifier): pycountry's names (common, official, and their
translations) and Faker's lists. An alpha-2/alpha-3 code is weak alone (``US`` could be anything); the column
decides from how many of its codes are countries."""

from __future__ import annotations

from ._cell import CellRecognizer
from ._lists import countries, country_codes


class CountryRecognizer(CellRecognizer):
    ENTITY = "COUNTRY"
    CONTEXT = ["country", "nation"]

    def score_cell(self, raw: str, folded: str) -> float:
        if any(c.isdigit() for c in raw):
            return 0.0
        if len(raw) > 3 and (folded in countries() or folded.split(" (")[0] in countries()):
            return 0.65
        base = folded.split(" ")[0] if "(" in raw else folded
        if len(raw) > 3 and base in countries():
            return 0.6
        a2, a3 = country_codes()
        if raw.isupper() and ((len(raw) == 2 and folded in a2) or (len(raw) == 3 and folded in a3)):
            return 0.5
        return 0.0
