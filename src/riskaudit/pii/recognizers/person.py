"""Person names without an NER model: first and last names from Faker's offline locale providers (all locales;
the ``LOCALES`` tuple documents the main ones).

Faker (MIT) ships curated first/last name lists per locale (from census and national registries); nothing is
downloaded. A whole short cell of name tokens is a name (structured columns); in free text a run of two or
three capitalised words whose first word is a first name and last word a surname, or a title plus a surname,
is a name.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata

from presidio_analyzer import EntityRecognizer, RecognizerResult

from ._vocab_cache import cached_vocabulary

LOCALES = (
    "en_US",
    "en_GB",
    "en_IE",
    "en_AU",
    "en_CA",
    "en_NZ",
    "en_IN",
    "de_DE",
    "de_AT",
    "de_CH",
    "fr_FR",
    "fr_CA",
    "es_ES",
    "es_MX",
    "it_IT",
    "nl_NL",
    "nl_BE",
    "pt_BR",
    "pt_PT",
    "cs_CZ",
    "sk_SK",
    "pl_PL",
    "hu_HU",
    "sv_SE",
    "da_DK",
    "no_NO",
    "fi_FI",
    "is_IS",
    "et_EE",
    "lt_LT",
    "lv_LV",
    "sl_SI",
    "hr_HR",
    "ro_RO",
    "tr_TR",
    "el_GR",
    "ru_RU",
    "uk_UA",
    "bg_BG",
    "ga_IE",
    "vi_VN",
    "id_ID",
    "fil_PH",
    "zh_CN",
    "ja_JP",
    "ko_KR",
    "ar_AA",
    "he_IL",
    "zu_ZA",
)
#: common English words that are also in the name lists; never a name on their own
STOPWORDS = frozenset(
    """
white black brown green gray grey young king hill wood will may june april august rose grant bill mark page
long short little rich love major bishop park lane street road avenue city state north south east west new
hospital home other unknown none male female man woman patient doctor nurse mother father son daughter wife
husband sister brother chest pain stable care plan summer winter spring autumn price cash bank card
""".split()
)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Mx)\.?"
_WORD = r"[^\W\d_][^\W\d_'’-]*"
_CAP = r"[A-ZÀ-ÖØ-Þ][^\W\d_'’-]*(?:[-'’][^\W\d_]+)?"
_RUN = re.compile(rf"(?:(?P<title>{_TITLE})\s+)?(?P<run>{_CAP}(?:\s+{_CAP}){{0,2}})")
_TOKEN = re.compile(_WORD)


def _fold(s: str) -> str:
    if s.isascii():  # NFKD and the ASCII filter leave an ASCII string as it is
        return s.casefold()
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold() or s.casefold()


@cached_vocabulary
def name_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), accent-folded and case-folded, from Faker's locale providers."""
    first: set[str] = set()
    last: set[str] = set()
    import faker.providers.person as _person

    locales = sorted({m.name for m in pkgutil.iter_modules(_person.__path__)} | set(LOCALES))
    for loc in locales:
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except ImportError:
            continue
        p = getattr(mod, "Provider", None)
        for attr in sorted(
            a for a in dir(p) if ("first_name" in a or "last_name" in a) and not a.startswith("_")
        ):
            target = first if "first" in attr else last
            names = getattr(p, attr, None) or ()
            if callable(names) or isinstance(names, (str, property)) or not hasattr(names, "__iter__"):
                continue
            for n in names:
                for tok in str(n).split():
                    f = _fold(tok)
                    if len(f) > 1:
                        target.add(f)
    return frozenset(first - STOPWORDS), frozenset(last - STOPWORDS)


class PersonNameRecognizer(EntityRecognizer):
    ENTITIES = ["PERSON"]

    def __init__(self) -> None:
        super().__init__(
            supported_entities=self.ENTITIES,
            supported_language="en",
            name="RiskauditPersonNameRecognizer",
            context=["name", "patient", "surname", "maiden"],
        )

    def load(self) -> None:  # lists are loaded lazily and cached
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        first, last = name_lists()
        stripped = text.strip()
        toks = stripped.split()
        # a whole short cell made only of words: a structured "name" value (any letter case)
        if 1 <= len(toks) <= 4 and len(stripped) <= 60 and all(_TOKEN.fullmatch(t.strip(".,")) for t in toks):
            folded = [_fold(t.strip(".,")) for t in toks]
            if len(folded) >= 2 and folded[0] in first and folded[-1] in last:
                score = 0.85
            elif len(folded) == 1 and (folded[0] in first or folded[0] in last):
                score = 0.5
            elif (
                len(folded) >= 2
                and (folded[0] in first or folded[-1] in last)
                and not any(f in STOPWORDS for f in folded)
            ):
                score = 0.5
            else:
                score = 0.0
            if score:
                start = text.index(stripped)
                return [self._result(start, start + len(stripped), score)]
            return []
        out = []
        for m in _RUN.finditer(text):
            words = m.group("run").split()
            folded = [_fold(w) for w in words]
            if m.group("title") and folded[-1] in last:
                out.append(self._result(m.start(), m.end(), 0.85))
            elif len(words) >= 2 and folded[0] in first and folded[-1] in last:
                out.append(self._result(m.start("run"), m.end("run"), 0.85))
        return out

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            "PERSON",
            start,
            end,
            score,
            analysis_explanation=None,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
