"""ZIP and postal codes (HIPAA B). A bare 5-digit number is weak evidence: the column name or a state nearby decides."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class ZipCodeRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("zip+4", r"\b\d{5}-\d{4}\b", 0.5),
        Pattern("zip after state", r"(?<=\b[A-Z]{2}\s)\d{5}\b", 0.6),
        Pattern("zip5", r"\b\d{5}\b", 0.2),
        Pattern("zip3 / postal 4", r"\b\d{3,4}\b", 0.15),
    ]
    CONTEXT = ["zip", "zipcode", "postal", "postcode", "zip code", "plz"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="ZIP_CODE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditZipRecognizer",
        )
