"""Geo coordinates: a "lat, lon" pair in range, or one decimal with >= 4 decimals in range (weak alone)."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_NUM = r"-?\d{1,3}\.\d{4,}"


class GeoCoordinateRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("lat,lon pair", rf"(?<![\d.]){_NUM}\s*[,;]\s*{_NUM}(?![\d.])", 0.7),
        Pattern("single coordinate", rf"^{_NUM}$", 0.2),
    ]
    CONTEXT = ["lat", "latitude", "lon", "lng", "longitude", "coordinates", "gps", "geo"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="GEO_COORDINATE",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditGeoRecognizer",
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        try:
            nums = [float(x) for x in pattern_text.replace(";", ",").split(",")]
        except ValueError:
            return False
        if len(nums) == 2:
            return None if abs(nums[0]) <= 90 and abs(nums[1]) <= 180 else False
        return None if abs(nums[0]) <= 180 else False
