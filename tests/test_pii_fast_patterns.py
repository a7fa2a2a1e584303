"""The column scan's lean pattern loop (pii/_column_scan.py ``_pattern_results``) returns what Presidio's own
``PatternRecognizer.analyze`` returns, on every pattern recognizer of every jurisdiction, for a corpus of cells
from the sample data and hand-written identifiers of each kind (valid and invalid checksums, fragments, prose)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from riskaudit.pii._analyzer import JURISDICTION_RECOGNIZERS, build_analyzer
from riskaudit.pii._column_scan import _pattern_results, _plain_pattern

ROOT = Path(__file__).resolve().parents[1]

HAND = [
    "078-05-1120",
    "123-45-6789",
    "000-12-3456",
    "4111 1111 1111 1111",
    "4111 1111 1111 1112",
    "5555555555554444",
    "GB82 WEST 1234 5698 7654 32",
    "DE89370400440532013000",
    "jane.doe@example.com",
    "mail me at j.d@example.co.uk or x@y",
    "https://www.example.org/a?b=c",
    "see example.com/path and ftp://files.example.net",
    "192.168.0.1",
    "999.1.1.1",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "00:1A:2B:3C:4D:5E",
    "123e4567-e89b-12d3-a456-426614174000",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    "912-70-1234",
    "A1234567",
    "D123-4567-8901",
    "1EG4-TE5-MK73",
    "1234567893",
    "011000015",
    "AB1234567",
    "QQ 12 34 56 C",
    "943 476 5919",
    "SW1A 1AA",
    "K1A 0B1",
    "046 454 286",
    "51 824 753 556",
    "RSSMRA85T10A562S",
    "12345678Z",
    "X1234567L",
    "44051401359",
    "131052-308T",
    "811228-9874",
    "2345 6789 0123",
    "ABCDE1234F",
    "S1234567D",
    "900101-1234567",
    "8001015009087",
    "10000000146",
    "12345678950",
    "1101700230705",
    "1990-02-14",
    "14/02/1990",
    "Feb 14, 1990",
    "born 02/14/1990, MRN 00123456, age 47, ZIP 02139-1234",
    "12 Main Street, Springfield",
    "40.7128, -74.0060",
    "female",
    "",
    "   ",
    "x" * 300,
    "1" * 40,
]


def _sample_cells(n: int = 1500) -> list[str]:
    rng = random.Random(7)
    cells: list[str] = []
    for name in ("hospital_discharges.csv", "public_register.csv"):
        with open(ROOT / "sample_data" / name, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        for row in rng.sample(rows[1:], 40):
            cells.extend(row)
    rng.shuffle(cells)
    return cells[:n]


@pytest.fixture(scope="module")
def recognizers():
    build_analyzer.cache_clear()
    analyzer = build_analyzer(tuple(sorted(JURISDICTION_RECOGNIZERS)))
    recs = [r for r in analyzer.registry.recognizers if _plain_pattern(r)]
    yield recs
    build_analyzer.cache_clear()


def _key(results):
    return sorted((r.entity_type, r.start, r.end, r.score) for r in results)


def test_lean_loop_matches_presidio_on_every_pattern_recognizer(recognizers):
    corpus = HAND + _sample_cells()
    assert len(recognizers) >= 60  # every jurisdiction's pattern recognizers are in the comparison
    compared = hits = 0
    hit_recognizers = set()
    for rec in recognizers:
        for text in corpus:
            want = _key(rec.analyze(text, rec.supported_entities, None))
            got = _key(_pattern_results(rec, text))
            assert got == want, (rec.name, text)
            compared += 1
            if want:
                hits += 1
                hit_recognizers.add(rec.name)
    # not a vacuous comparison: many cells match, across many recognizers
    assert hits > 1500 and len(hit_recognizers) >= 40, (hits, sorted(hit_recognizers))
    assert compared == len(recognizers) * len(corpus)


def test_run_recognizers_equals_calling_every_recognizer(recognizers):
    """End to end, per cell: what the column scan collects (lean loop for plain pattern recognizers, Presidio's own
    analyze for the others: phone numbers, IBAN, names, vocabularies) equals calling each recognizer's analyze."""
    from riskaudit.pii._column_scan import _recognizers, run_recognizers

    analyzer = build_analyzer(("US",))
    ents = tuple(sorted(analyzer.get_supported_entities("en")))
    kinds = {type(r).__name__: plain for r, plain in _recognizers(analyzer, ents, {})}
    assert kinds["PhoneRecognizer"] is False and kinds["IbanRecognizer"] is False  # override analyze
    assert kinds["UsSsnRecognizer"] is True and kinds["EmailRecognizer"] is True
    cache: dict = {}
    found = 0
    for text in HAND + _sample_cells(400):
        want = []
        for rec in analyzer.registry.get_recognizers(language="en", entities=list(ents)):
            wanted = [e for e in rec.supported_entities if e in ents]
            want.extend(r for r in rec.analyze(text, wanted, None) if r.entity_type in ents)
        got = run_recognizers(analyzer, text, ents, cache)
        assert _key(got) == _key(want), text
        found += bool(want)
    assert found > 200
