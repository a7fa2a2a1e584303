"""States, provinces, regions, departments, counties (a quasi-identifier): ISO 3166-2 subdivision names from
pycountry (with German, French, Spanish, Dutch, Italian and Portuguese translations) and Faker's locale lists.
A 2-3 letter subdivision code (``NJ``, ``ON``, ``BY``) is weak alone: the column decides (many distinct codes)."""

from __future__ import annotations

from ._cell import CellRecognizer
from ._lists import region_codes, regions


class RegionRecognizer(CellRecognizer):
    ENTITY = "US_STATE"  # entity name kept from the US-only version; it covers any first-level subdivision
    CONTEXT = ["state", "province", "region"]

    def score_cell(self, raw: str, folded: str) -> float:
        if any(c.isdigit() for c in raw):
            return 0.0
        if len(raw) >= 3 and folded in regions():
            return 0.6
        if 2 <= len(raw) <= 3 and raw.isupper() and folded in region_codes():
            return 0.5
        return 0.0
