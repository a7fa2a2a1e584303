"""Sex/gender values (a quasi-identifier and protected attribute; whole-cell vocabulary, structured columns only),
in English, German, French, Spanish, Dutch, Italian and Portuguese. One-letter codes (M/F, W, H, V, D, X) are weak
alone: the column decides (a vocabulary of 2-4 letters with a male and a female code). Numeric codes (1/2) count only
with a header that says sex/gender (see ``pii/_qi_values.py``)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

WORDS = [
    "male",
    "female",
    "man",
    "woman",
    "men",
    "women",
    "non-binary",
    "nonbinary",
    "non binary",
    "intersex",
    "transgender",
    "other",
    "unknown",
    "diverse",
    "männlich",
    "maennlich",
    "weiblich",
    "divers",
    "mann",
    "frau",
    "männl.",
    "weibl.",
    "homme",
    "femme",
    "masculin",
    "féminin",
    "feminin",
    "autre",
    "hombre",
    "mujer",
    "masculino",
    "femenino",
    "varón",
    "varon",
    "otro",
    "vrouw",
    "vrouwelijk",
    "mannelijk",
    "anders",
    "onbekend",
    "maschio",
    "femmina",
    "maschile",
    "femminile",
    "uomo",
    "donna",
    "altro",
    "feminino",
    "mulher",
    "homem",
]
MALE_LETTERS = frozenset("mh")  # m (male/männlich/masculin/maschio/man), h (homme/hombre/homem)
FEMALE_LETTERS = frozenset("fwv")  # f (female/femme/femmina), w (weiblich), v (vrouw)
OTHER_LETTERS = frozenset("xdu")  # x (non-binary), d (divers), u (unknown)


class GenderRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("gender word", r"(?i)^(?:" + "|".join(w.replace(".", r"\.") for w in WORDS) + r")$", 0.6),
        Pattern("gender letter", r"(?i)^[mfxwhvdu]\.?$", 0.4),
    ]
    CONTEXT = ["sex", "gender", "geschlecht", "sexe", "sexo", "geslacht", "sesso", "genere"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="GENDER",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditGenderRecognizer",
        )
