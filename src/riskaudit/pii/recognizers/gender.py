"""Sex/gender values (a quasi-identifier and protected attribute; whole-cell vocabulary, structured columns only)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_WORDS = ["male", "female", "man", "woman", "men", "women", "m", "f", "non-binary", "nonbinary", "intersex",
          "transgender", "other", "unknown", "x"]


class GenderRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("gender word", r"(?i)^(?:" + "|".join(w for w in _WORDS if len(w) > 1) + r")$", 0.6),
        Pattern("gender letter", r"(?i)^[mfx]$", 0.4),
    ]
    CONTEXT = ["sex", "gender"]

    def __init__(self) -> None:
        super().__init__(supported_entity="GENDER", patterns=self.PATTERNS, context=self.CONTEXT,
                         supported_language="en", name="RiskauditGenderRecognizer")
