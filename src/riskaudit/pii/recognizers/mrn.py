"""Medical record numbers (HIPAA H): an ``MRN`` prefix, or a bare 6-10 digit number next to record context."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class MedicalRecordNumberRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("mrn prefixed", r"\bMRN[-:#\s]?[A-Z]?\d{5,12}\b", 0.85),
        Pattern(
            "bare record number", r"\b[A-Z]?\d{6,10}\b", 0.01
        ),  # only counts with context (column name or text)
    ]
    CONTEXT = ["mrn", "medical record", "record number", "chart", "patient id"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="MEDICAL_RECORD_NUMBER",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditMrnRecognizer",
        )
