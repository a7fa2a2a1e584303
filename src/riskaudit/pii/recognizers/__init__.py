"""riskaudit's own Presidio recognizers, one per module, for what Presidio has no pattern recognizer for.

Each is a regular :class:`presidio_analyzer.EntityRecognizer` / ``PatternRecognizer`` and is added to the
analyzer's ``RecognizerRegistry`` (see ``pii/_analyzer.py``).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .address import StreetAddressRecognizer
from .age import AgeRecognizer
from .dob import DateOfBirthRecognizer
from .gender import GenderRecognizer
from .geo import GeoCoordinateRecognizer
from .health_plan import HealthPlanRecognizer
from .mrn import MedicalRecordNumberRecognizer
from .person import PersonNameRecognizer
from .postal import ZipCodeRecognizer

__all__ = [
    "AgeRecognizer", "DateOfBirthRecognizer", "GenderRecognizer", "GeoCoordinateRecognizer", "HealthPlanRecognizer",
    "MedicalRecordNumberRecognizer", "PersonNameRecognizer", "StreetAddressRecognizer", "ZipCodeRecognizer",
    "custom_recognizers",
]


def custom_recognizers() -> list[EntityRecognizer]:
    return [
        MedicalRecordNumberRecognizer(), HealthPlanRecognizer(), ZipCodeRecognizer(), DateOfBirthRecognizer(),
        AgeRecognizer(), PersonNameRecognizer(), StreetAddressRecognizer(), GeoCoordinateRecognizer(),
        GenderRecognizer(),
    ]
