"""Street addresses by pattern: house number + street words + a street type (US/UK style), a street type
word + number (continental style), or a PO box. usaddress is used to confirm short US-style cells."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

SUFFIXES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|square|sq|terrace|ter|way|"
    "parkway|pkwy|highway|hwy|circle|cir|trail|trl|crescent|cres|close|grove|row|alley|loop|path|pike|"
    "plaza|point|pt|ridge|run|view|walk|crossing|xing|creek|expressway|freeway|heights|hts|mews|mount|"
    "route|rte|track|gardens|park|hill|green|estate|fort|ranch|port|junction|landing|manor|meadow|meadows|"
    "mill|mills|spring|springs|station|turnpike|valley|villa|village|ville|vista|wells"
)
CONTINENTAL = r"(?:straße|strasse|str\.|weg|gasse|platz|allee|straat|laan|plein|gracht|gatan|vägen|gata|vej|gade|veien|vegen|katu|tie|utca|ulica|ul\.|rua|calle|avenida|av\.|via|viale|piazza|rue|chemin|boulevard|ulice|náměstí|trg|cesta|iela|gatve|tänav)"
_WORDS = r"(?:[A-Za-zÀ-ÿ'.-]+\s+){0,4}"


class StreetAddressRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern(
            "number street suffix",
            rf"(?i)\b\d{{1,6}}[A-Za-z]?\s+{_WORDS}(?:{SUFFIXES})\b\.?(?:,?\s+(?:apt|suite|unit|ste|#)\.?\s*\w+)?",
            0.7,
        ),
        Pattern(
            "street type number",
            rf"(?i)\b[\wÀ-ÿ'.-]*{CONTINENTAL}[\wÀ-ÿ]*\s+(?:[\wÀ-ÿ'.-]+\s+){{0,3}}\d{{1,5}}[a-z]?\b",
            0.6,
        ),
        Pattern("number continental", rf"(?i)\b\d{{1,5}},?\s+{_WORDS}[\wÀ-ÿ'.-]*{CONTINENTAL}[\wÀ-ÿ]*", 0.6),
        Pattern("po box", r"(?i)\bP\.?\s?O\.?\s?Box\s+\d{1,6}\b", 0.7),
        Pattern("number words", r"^\d{1,6}[A-Za-z]?\s+[A-ZÀ-Þ][\wÀ-ÿ'.-]+(?:\s+[\wÀ-ÿ'.-]+){0,5}$", 0.3),
    ]
    CONTEXT = ["address", "street", "addr", "residence", "lives at"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="STREET_ADDRESS",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditStreetAddressRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        # reject runs that are only numbers and units ("12 mg", "3 days")
        bad = re.fullmatch(
            r"(?i)\d+\s+(?:mg|ml|days?|weeks?|hours?|years?|times?|tablets?|units?)\b.*", pattern_text
        )
        return False if bad else None
