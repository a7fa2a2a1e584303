"""riskaudit's Presidio recognizers, the offline analyzer and masking."""

from __future__ import annotations

import socket

import pytest

from riskaudit.pii import build_analyzer, mask_value, name_hint, spacy_pipeline_available


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer(("US",))


def _top(analyzer, text):
    res = analyzer.analyze(text, language="en")
    return {r.entity_type: r.score for r in res}


@pytest.mark.parametrize(
    "text,entity",
    [
        ("MRN33289708", "MEDICAL_RECORD_NUMBER"),
        ("HP-345656978", "HEALTH_PLAN_ID"),
        ("Andrew Walker", "PERSON"),
        ("6531 James Creek Suite 742", "STREET_ADDRESS"),
        ("Kloosterstraat 12", "STREET_ADDRESS"),
        ("P.O. Box 255", "STREET_ADDRESS"),
        ("37.7749, -122.4194", "GEO_COORDINATE"),
        ("a 45-year-old man", "AGE"),
        ("born 1984-03-12", "DATE_OF_BIRTH"),
        ("Springfield, IL 62704", "ZIP_CODE"),
    ],
)
def test_custom_recognizers(analyzer, text, entity):
    assert _top(analyzer, text).get(entity, 0) >= 0.5, _top(analyzer, text)


def test_recognizers_reject(analyzer):
    assert "PERSON" not in _top(analyzer, "White")
    assert "GEO_COORDINATE" not in _top(analyzer, "123.456789, 500.1234")  # out of range
    assert "DATE_OF_BIRTH" not in _top(analyzer, "1850-01-01")
    assert "STREET_ADDRESS" not in _top(analyzer, "12 mg twice daily for 3 days")


def test_offline_no_network(monkeypatch):
    def refuse(*a, **k):
        raise OSError("network disabled in test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    build_analyzer.cache_clear()
    a = build_analyzer(("US", "UK"))
    res = a.analyze("mail john.smith@example.com or call 020 7946 0958, NHS 943 476 5919", language="en")
    assert {"EMAIL_ADDRESS"} <= {r.entity_type for r in res}
    assert "UK_NHS" in a.get_supported_entities("en")  # country recognizer enabled by jurisdiction


def test_spacy_pipeline_absent():
    assert spacy_pipeline_available(None) is False
    assert spacy_pipeline_available("en_core_web_sm_not_installed") is False


def test_spacy_model_absent_is_noted():
    import pandas as pd

    from riskaudit.config import AuditConfig
    from riskaudit.engine import connect
    from riskaudit.pii import scan_pii

    cfg = AuditConfig(pii={"spacy_model": "en_core_web_sm_not_installed"})
    e = connect(cfg.engine)
    _t, text = e.from_pandas(pd.DataFrame({"x": ["a", "b"]}))
    res = scan_pii(e, text, cfg.pii, cfg.columns)
    e.close()
    assert res.ner is False and any("not installed" in n for n in res.notes)


def test_name_hints_on_word_tokens():
    assert name_hint("CCNumber") == "CREDIT_CARD"
    assert name_hint("TelephoneNumber") == "PHONE_NUMBER"
    assert name_hint("date_of_birth") == "DATE_OF_BIRTH"
    assert name_hint("birth_year") == "BIRTH_YEAR"
    assert name_hint("zipper_size") is None  # 'zip' must be a whole token
    assert name_hint("Number") is None


@pytest.mark.parametrize(
    "raw,masked",
    [
        ("john.smith@example.com", "j***@e***.com"),
        ("156-56-3799", "***-**-3799"),
        ("Andrew Walker", "A*** W***"),
        ("1997-01-19", "****-**-**"),
    ],
)
def test_mask(raw, masked):
    assert mask_value(raw) == masked
