"""riskaudit's own Presidio recognizers, one per module, for what Presidio has no pattern recognizer for.

Each is a regular :class:`presidio_analyzer.EntityRecognizer` / ``PatternRecognizer`` and is added to the
analyzer's ``RecognizerRegistry`` (see ``pii/_analyzer.py``).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .address import StreetAddressRecognizer
from .age import AgeRecognizer
from .city import CityRecognizer
from .company import CompanyRecognizer
from .country import CountryRecognizer
from .dob import DateOfBirthRecognizer
from .ethnicity import EthnicityRecognizer
from .gender import GenderRecognizer
from .geo import GeoCoordinateRecognizer
from .health_plan import HealthPlanRecognizer
from .marital import MaritalStatusRecognizer
from .mrn import MedicalRecordNumberRecognizer
from .occupation import OccupationRecognizer
from .person import PersonNameRecognizer
from .postal import ZipCodeRecognizer
from .postcode import PostcodeRecognizer
from .region import RegionRecognizer

__all__ = [
    "AgeRecognizer",
    "CityRecognizer",
    "CompanyRecognizer",
    "CountryRecognizer",
    "DateOfBirthRecognizer",
    "EthnicityRecognizer",
    "MaritalStatusRecognizer",
    "OccupationRecognizer",
    "PostcodeRecognizer",
    "RegionRecognizer",
    "GenderRecognizer",
    "GeoCoordinateRecognizer",
    "HealthPlanRecognizer",
    "MedicalRecordNumberRecognizer",
    "PersonNameRecognizer",
    "StreetAddressRecognizer",
    "ZipCodeRecognizer",
    "custom_recognizers",
]


def custom_recognizers() -> list[EntityRecognizer]:
    return [
        MedicalRecordNumberRecognizer(),
        HealthPlanRecognizer(),
        ZipCodeRecognizer(),
        DateOfBirthRecognizer(),
        AgeRecognizer(),
        PersonNameRecognizer(),
        StreetAddressRecognizer(),
        GeoCoordinateRecognizer(),
        GenderRecognizer(),
        PostcodeRecognizer(),
        CityRecognizer(),
        RegionRecognizer(),
        CountryRecognizer(),
        OccupationRecognizer(),
        CompanyRecognizer(),
        MaritalStatusRecognizer(),
        EthnicityRecognizer(),
    ]
