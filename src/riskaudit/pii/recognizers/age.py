"""Ages: "45-year-old", "aged 45", or a bare 0-120 integer that only counts with age context (HIPAA C for > 89)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class AgeRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("n-year-old", r"\b(?:1[01]\d|120|\d{1,2})[- ]?(?:year|yr)s?[- ]old\b", 0.85),
        Pattern("aged n", r"(?i)\b(?:aged?|age:)\s?(?:1[01]\d|120|\d{1,2})\b", 0.7),
        Pattern("bare age", r"^(?:1[01]\d|120|\d{1,2})$", 0.2),
    ]
    CONTEXT = ["age", "aged", "years old"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="AGE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditAgeRecognizer",
        )
