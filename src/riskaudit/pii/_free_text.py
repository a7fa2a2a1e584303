"""Free text: long, many-word columns are scanned cell by cell (sampled rows, or all rows on request)."""

from __future__ import annotations

from collections import Counter

from presidio_analyzer import AnalyzerEngine

from ._column_scan import run_recognizers
from ._mask import mask_value
from ._result import FreeTextColumn, FreeTextEntity

__all__ = ["scan_free_text", "FREE_TEXT_ENTITIES"]

#: entities looked for inside prose (vocabulary recognizers such as GENDER are for whole cells only)
FREE_TEXT_ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "US_SSN",
    "CREDIT_CARD",
    "IBAN_CODE",
    "IP_ADDRESS",
    "URL",
    "STREET_ADDRESS",
    "MEDICAL_RECORD_NUMBER",
    "HEALTH_PLAN_ID",
    "DATE_OF_BIRTH",
    "DATE_TIME",
    "AGE",
    "ZIP_CODE",
    "GEO_COORDINATE",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "US_ITIN",
    "MAC_ADDRESS",
    "UUID",
    "LOCATION",
)


def analyze_text(analyzer: AnalyzerEngine, text: str, min_score: float, cache: dict) -> list:
    """Spans in one cell at >= min_score; overlapping spans of different types are all kept."""
    supported = set(analyzer.get_supported_entities("en"))
    ents = tuple(e for e in FREE_TEXT_ENTITIES if e in supported)
    res = [r for r in run_recognizers(analyzer, text, ents, cache) if r.score >= min_score]
    # a URL inside an e-mail address is the e-mail
    emails = [(r.start, r.end) for r in res if r.entity_type == "EMAIL_ADDRESS"]
    return [
        r for r in res if not (r.entity_type == "URL" and any(s <= r.start and r.end <= e for s, e in emails))
    ]


def scan_free_text(
    analyzer: AnalyzerEngine, cells: list[str], *, mode: str, max_cell_length: int, min_score: float
) -> FreeTextColumn:
    spans: Counter = Counter()
    rows: Counter = Counter()
    examples: list[str] = []
    capped = 0
    with_pii = 0
    cache: dict = {}
    for cell in cells:
        if len(cell) > max_cell_length:
            capped += 1
            cell = cell[:max_cell_length]
        # Presidio returns a cell's results in an order that varies between runs (recognizers sit in sets):
        # order them by position so the examples, and the scorecard, are the same bytes every time
        res = sorted(
            analyze_text(analyzer, cell, min_score, cache),
            key=lambda r: (r.start, r.end, r.entity_type, -r.score),
        )
        seen = set()
        for r in res:
            spans[r.entity_type] += 1
            seen.add(r.entity_type)
            if len(examples) < 3 and r.entity_type not in ("DATE_TIME", "AGE"):
                examples.append(f"{r.entity_type}: {mask_value(cell[r.start : r.end], r.entity_type)}")
        for e in seen:
            rows[e] += 1
        with_pii += bool(seen - {"DATE_TIME", "AGE"})
    n = len(cells)
    return FreeTextColumn(
        mode="full" if mode == "full" else "sample",
        rows_analysed=n,
        rows_with_pii=with_pii,
        share_rows_with_pii=round(with_pii / n, 6) if n else 0.0,
        capped_cells=capped,
        max_cell_length=max_cell_length,
        entities={
            e: FreeTextEntity(spans=spans[e], rows=rows[e], row_share=round(rows[e] / n, 6) if n else 0.0)
            for e in sorted(spans)
        },
        examples=examples,
    )
