"""Quasi-identifier recognizers (issue 21): each recognizer on valid values and near misses, the multilingual header
hints, the column/table decisions that no single value can make, the report of candidates, and the release-gate rule.

Truths are hand-picked real values (a real UK postcode area, a real Dutch postcode, ISO country names) and near misses
built to share the shape but not the meaning (an unknown UK area, a 5-digit product code, colours, 1/2 without a header).
"""

from __future__ import annotations

import random
from collections import Counter

import pandas as pd
import pytest

from riskaudit.config import AuditConfig
from riskaudit.engine import connect
from riskaudit.pii import name_hint, scan_pii
from riskaudit.pii._qi_values import age_like, column_value_qi, distribution_split, postcode_evidence
from riskaudit.pii.recognizers import (
    CityRecognizer,
    CompanyRecognizer,
    CountryRecognizer,
    EthnicityRecognizer,
    MaritalStatusRecognizer,
    OccupationRecognizer,
    PostcodeRecognizer,
    RegionRecognizer,
)
from riskaudit.scanners._roles import name_tokens


def _hit(rec, text: str) -> float:
    res = rec.analyze(text, [rec.ENTITY])
    return max((r.score for r in res), default=0.0)


@pytest.mark.parametrize(
    "value",
    [
        "SW1A 1AA",
        "EH1 1YZ",
        "M1 1AE",
        "K1A 0B1",
        "1012 AB",
        "35004-1234",
        "1000-001",
        "00-950",
        "01310-200",
        "114 55",
        "D-10115",
        "D02 X285",
    ],
)
def test_postcode_valid(value):
    assert _hit(PostcodeRecognizer(), value) >= 0.5


@pytest.mark.parametrize(
    "value",
    [
        "QQ1 1AA",  # UK shape, but QQ is no postcode area
        "D1A 1AA",  # Canadian shape with a letter Canada Post never uses first (D)
        "0123 AB",  # Dutch postcodes never start with 0
        "1012 SS",  # ... nor end in SS/SA/SD
        "10115",  # a bare 5-digit number: never decided by shape (see the table tests)
        "ABC-1234-XYZ",
        "12.50",
        "hello",
    ],
)
def test_postcode_near_miss(value):
    assert _hit(PostcodeRecognizer(), value) == 0.0


@pytest.mark.parametrize(
    "rec,value",
    [
        (CityRecognizer(), "München"),
        (CityRecognizer(), "MARSEILLE"),
        (CityRecognizer(), "København K"),
        (CityRecognizer(), "Rotterdam"),
        (CityRecognizer(), "Zaragoza"),
        (CityRecognizer(), "Jersey City"),
        (RegionRecognizer(), "Bayern"),
        (RegionRecognizer(), "Île-de-France"),
        (RegionRecognizer(), "Noord-Holland"),
        (RegionRecognizer(), "Lombardia"),
        (RegionRecognizer(), "New Jersey"),
        (RegionRecognizer(), "NJ"),
        (CountryRecognizer(), "Deutschland"),
        (CountryRecognizer(), "Espagne"),
        (CountryRecognizer(), "Nederland"),
        (CountryRecognizer(), "United States"),
        (CountryRecognizer(), "DE"),
        (CountryRecognizer(), "FRA"),
        (OccupationRecognizer(), "Software engineer"),
        (OccupationRecognizer(), "Erzieher"),
        (OccupationRecognizer(), "Senior data engineer"),
        (CompanyRecognizer(), "Müller GmbH"),
        (CompanyRecognizer(), "Salata-Sermonti s.r.l."),
        (CompanyRecognizer(), "Acme Holdings Inc."),
        (CompanyRecognizer(), "Buehler Foods"),
        (CompanyRecognizer(), "Smith, Jones and Brown"),
        (MaritalStatusRecognizer(), "verheiratet"),
        (MaritalStatusRecognizer(), "Célibataire"),
        (MaritalStatusRecognizer(), "casada"),
        (MaritalStatusRecognizer(), "gescheiden"),
        (MaritalStatusRecognizer(), "Never married"),
        (EthnicityRecognizer(), "Black or African American"),
        (EthnicityRecognizer(), "Not Hispanic or Latino"),
        (EthnicityRecognizer(), "asiatique"),
    ],
)
def test_vocabulary_valid(rec, value):
    assert _hit(rec, value) >= 0.5, (rec.ENTITY, value)


@pytest.mark.parametrize(
    "rec,value",
    [
        (CityRecognizer(), "female"),
        (CityRecognizer(), "Jan-20"),
        (CityRecognizer(), "12345"),
        (CityRecognizer(), "The quick brown fox jumped over the lazy dog near the river bank today"),
        (RegionRecognizer(), "Xyzzyland"),
        (RegionRecognizer(), "nj"),  # lower-case two letters: not a code
        (CountryRecognizer(), "Atlantis"),
        (CountryRecognizer(), "de"),
        (CountryRecognizer(), "QQ"),
        (OccupationRecognizer(), "Blue"),
        (OccupationRecognizer(), "2024-01-01"),
        (CompanyRecognizer(), "Andrew Walker"),
        (CompanyRecognizer(), "Inc"),
        (MaritalStatusRecognizer(), "married to the job since 1999"),
        (MaritalStatusRecognizer(), "M"),
        (EthnicityRecognizer(), "purple"),
        (EthnicityRecognizer(), "White 42"),
    ],
)
def test_vocabulary_near_miss(rec, value):
    assert _hit(rec, value) == 0.0, (rec.ENTITY, value)


def test_sex_codes_need_both_sexes_and_numbers_need_the_header():
    assert column_value_qi(Counter({"F": 40, "M": 60}), None)[0] == "GENDER"
    assert column_value_qi(Counter({"W": 40, "M": 55, "D": 5}), None)[0] == "GENDER"  # German w/m/d
    assert column_value_qi(Counter({"H": 50, "F": 50}), None)[0] == "GENDER"  # French/Spanish h/f
    assert column_value_qi(Counter({"M": 60, "X": 40}), None) is None  # no female code
    assert column_value_qi(Counter({"A": 50, "B": 50}), None) is None  # grades
    assert column_value_qi(Counter({"1": 50, "2": 50}), None) is None  # 1/2 alone: anything
    assert column_value_qi(Counter({"1": 50, "2": 50}), "GENDER")[0] == "GENDER"
    assert column_value_qi(Counter({"S": 30, "M": 50, "D": 20}), "MARITAL_STATUS")[0] == "MARITAL_STATUS"


def test_age_distribution_vs_counts_scores_and_counters():
    rng = random.Random(1)
    ages = Counter(str(min(95, max(18, int(rng.gauss(48, 17))))) for _ in range(1000))
    assert age_like(ages)
    assert (
        age_like(Counter(str(rng.randint(1, 20)) for _ in range(1000))) is None
    )  # quantities: no upper tail
    assert age_like(Counter(str(int(rng.gauss(80, 6))) for _ in range(1000))) is None  # a narrow score band
    assert age_like(Counter(str(i) for i in range(1, 101))) is None  # a row counter 1..100
    assert age_like(Counter({"12.5": 10, "40": 30})) is None


def test_postcode_distribution():
    rng = random.Random(2)
    assert postcode_evidence(Counter(f"{rng.randrange(1000, 99999):05d}" for _ in range(500)))
    assert postcode_evidence(Counter(str(10000 + i) for i in range(500))) is None  # a consecutive range
    assert postcode_evidence(Counter(f"{rng.randrange(10**7)}" for _ in range(500))) is None  # not 4-5 digits
    # strength ranks a column with country formats / leading zeros above plain 5-digit numbers
    mixed = Counter(
        ["SW1A 1AA", "1012 AB", "01067"] * 50 + [str(rng.randrange(10000, 99999)) for _ in range(50)]
    )
    plain = Counter(str(rng.randrange(10000, 99999)) for _ in range(200))
    assert postcode_evidence(mixed)[0] > postcode_evidence(plain)[0]


def test_distribution_split():
    rng = random.Random(3)
    assert distribution_split(Counter(rng.choice("ABCDEFGH") for _ in range(500)), 1.0)
    assert distribution_split(Counter(["yes"] * 480 + ["no"] * 20), 1.0) is None  # 2 values, dominant
    assert (
        distribution_split(Counter(f"v{i}" for i in range(500)), 1.0) is None
    )  # unique: an identifier, not a category
    assert distribution_split(Counter(str(rng.randrange(5)) for _ in range(500)), 0.0) is None  # numbers


@pytest.mark.parametrize(
    "name,entity",
    [
        ("PLZ", "ZIP_CODE"),
        ("Postleitzahl", "ZIP_CODE"),
        ("code_postal", "ZIP_CODE"),
        ("Código Postal", "ZIP_CODE"),
        ("CAP", "ZIP_CODE"),
        ("Geburtsdatum", "DATE_OF_BIRTH"),
        ("date_de_naissance", "DATE_OF_BIRTH"),
        ("fecha_nacimiento", "DATE_OF_BIRTH"),
        ("geboortedatum", "DATE_OF_BIRTH"),
        ("data_di_nascita", "DATE_OF_BIRTH"),
        ("Geburtsjahr", "BIRTH_YEAR"),
        ("sexe", "GENDER"),
        ("Geschlecht", "GENDER"),
        ("geslacht", "GENDER"),
        ("sesso", "GENDER"),
        ("sexo", "GENDER"),
        ("Alter", "AGE"),
        ("edad", "AGE"),
        ("leeftijd", "AGE"),
        ("provincia", "US_STATE"),
        ("Bundesland", "US_STATE"),
        ("Wohnort", "CITY"),
        ("ville", "CITY"),
        ("città", "CITY"),
        ("woonplaats", "CITY"),
        ("pays", "COUNTRY"),
        ("Familienstand", "MARITAL_STATUS"),
        ("estado_civil", "MARITAL_STATUS"),
        ("burgerlijke_staat", "MARITAL_STATUS"),
        ("stato_civile", "MARITAL_STATUS"),
        ("Beruf", "OCCUPATION"),
        ("profession", "OCCUPATION"),
        ("Arbeitgeber", "COMPANY"),
        ("employer", "COMPANY"),
        ("etnia", "RACE_ETHNICITY"),
    ],
)
def test_multilingual_header_hints(name, entity):
    assert name_hint(name) == entity


def test_header_hints_are_whole_tokens_and_long_names_are_cheap():
    assert name_hint("fld_17") is None
    assert (
        name_hint("capacity") is None and name_hint("sortorder") is None
    )  # 'cap', 'ort' only as whole tokens
    # the cost bound is structural: only the first 256 characters of a name are tokenised
    toks = name_tokens("Geburtsdatum" + "x" * 100_000)
    assert len("".join(toks)) <= 256


def _scan(df: pd.DataFrame, **columns):
    cfg = AuditConfig(columns=columns) if columns else AuditConfig()
    engine = connect(cfg.engine)
    try:
        _t, text = engine.from_pandas(df)
        return scan_pii(engine, text, cfg.pii, cfg.columns)
    finally:
        engine.close()


@pytest.fixture(scope="module")
def german_table():
    """A German table with meaningless names: PLZ (with leading zeros), city, sex w/m, age, and a 5-digit product
    code; the truth is known by construction."""
    from faker import Faker

    f = Faker("de_DE")
    f.seed_instance(7)
    rng = random.Random(7)
    rows = []
    for _ in range(600):
        rows.append(
            {
                "a": f.postcode(),
                "b": f.city(),
                "c": rng.choice("wm"),
                "d": str(min(95, max(18, int(rng.gauss(47, 16))))),
                "e": str(rng.randrange(10000, 100000)),
                "f": f"{rng.uniform(1, 900):.2f}",
            }
        )
    return _scan(pd.DataFrame(rows))


def test_table_context_postcode_not_product_code(german_table):
    cols = german_table.columns
    assert cols["b"].decision == "CITY" and cols["b"].evidence == "values"
    assert (
        cols["a"].decision == "ZIP_CODE" and cols["a"].evidence == "context"
    )  # leading zeros + a city column
    assert cols["e"].decision is None and cols["e"].role == "other"  # the product code has the same shape
    assert cols["c"].decision == "GENDER"
    assert cols["d"].decision == "AGE" and cols["d"].evidence == "context"
    assert cols["f"].decision is None
    assert german_table.suggested_quasi_identifiers == ["a", "c", "d"]  # finest geography (a) implies b
    assert german_table.direct_identifiers == []


def test_bare_five_digits_without_context_are_not_zip():
    rng = random.Random(5)
    res = _scan(pd.DataFrame({"x": [f"{rng.randrange(1000, 99999):05d}" for _ in range(300)]}))
    assert res.columns["x"].decision is None
    res = _scan(pd.DataFrame({"zip": [f"{rng.randrange(1000, 99999):05d}" for _ in range(300)]}))
    assert res.columns["zip"].decision == "ZIP_CODE"


def test_qi_candidates_report_evidence_and_left_out(german_table):
    by = {q.column: q for q in german_table.qi_candidates}
    assert by["a"].suggested and by["a"].evidence == "context" and 0 < by["a"].confidence <= 1
    assert not by["b"].suggested and "coarser geography" in by["b"].reason
    assert german_table.quasi_identifiers_source == "suggested"
    assert "e" not in by  # the product code is no candidate


def test_distribution_candidate_is_suggested_with_low_confidence():
    rng = random.Random(9)
    df = pd.DataFrame(
        {
            "tier": [rng.choice(["Gold", "Silver", "Bronze", "Basic", "Plus", "Pro"]) for _ in range(400)],
            "flag": ["yes"] * 390 + ["no"] * 10,
        }
    )
    res = _scan(df)
    by = {q.column: q for q in res.qi_candidates}
    assert by["tier"].suggested and by["tier"].evidence == "distribution" and by["tier"].confidence < 0.5
    assert res.columns["tier"].role == "other" and res.columns["tier"].suggested_quasi_identifier
    assert "flag" not in by


def test_config_confirms_the_set():
    df = pd.DataFrame({"sex": ["F", "M"] * 50, "zip": [f"{i:05d}" for i in range(1000, 1100)]})
    assert _scan(df).quasi_identifiers_source == "suggested"
    assert _scan(df, quasi_identifiers=["zip", "sex"]).quasi_identifiers_source == "config"


def test_release_gate_rule_warns_or_fails_on_unconfirmed():
    from riskaudit.checks import registered_rules
    from riskaudit.config import RuleConfig
    from riskaudit.pii import PiiResult, QiCandidate

    rule = registered_rules()["pii.quasi_identifiers_confirmed"]
    cand = QiCandidate(
        column="zip", entity="ZIP_CODE", evidence="context", confidence=0.65, suggested=True, reason="r"
    )
    base = dict(columns={}, sample_size=10, seed=0, jurisdictions=["US"], qi_candidates=[cand])
    sugg = PiiResult(**base, quasi_identifiers_source="suggested")
    conf = PiiResult(**base, quasi_identifiers_source="config")
    none = PiiResult(**{**base, "qi_candidates": []}, quasi_identifiers_source="none")
    assert rule.evaluate({"pii": sugg}, RuleConfig())[0].status == "warn"
    assert rule.evaluate({"pii": sugg}, RuleConfig(require_confirmed_qis=True))[0].status == "fail"
    assert rule.evaluate({"pii": conf}, RuleConfig(require_confirmed_qis=True))[0].status == "pass"
    assert rule.evaluate({"pii": none}, RuleConfig())[0].status == "warn"
    msg = rule.evaluate({"pii": sugg}, RuleConfig())[0].message
    assert "zip" in msg and "columns.quasi_identifiers" in msg


def _towns_table(with_zip: bool, rows: int = 800, seed: int = 4) -> pd.DataFrame:
    """Real German towns, each with its own three postcodes (a code determines its town), and a 5-digit product code
    drawn from 60 products independently of the town."""
    towns = [
        "Berlin",
        "Hamburg",
        "München",
        "Köln",
        "Frankfurt am Main",
        "Stuttgart",
        "Düsseldorf",
        "Leipzig",
        "Dortmund",
        "Essen",
        "Bremen",
        "Dresden",
        "Hannover",
        "Nürnberg",
        "Duisburg",
        "Bochum",
        "Wuppertal",
        "Bielefeld",
        "Bonn",
        "Münster",
    ]
    rng = random.Random(seed)
    plz = {t: [f"{rng.randrange(1000, 99999):05d}" for _ in range(3)] for t in towns}
    products = [str(rng.randrange(10000, 100000)) for _ in range(60)]
    recs = []
    for _ in range(rows):
        t = rng.choice(towns)
        r = {"k1": t, "k2": rng.choice(products)}
        if with_zip:
            r["k3"] = rng.choice(plz[t])
        recs.append(r)
    return pd.DataFrame(recs)


def test_postcode_determines_its_town_product_code_does_not():
    res = _scan(_towns_table(with_zip=True))
    assert res.columns["k1"].decision == "CITY"
    assert res.columns["k3"].decision == "ZIP_CODE" and "one place" in res.columns["k3"].reason
    assert res.columns["k2"].decision is None


def test_product_code_next_to_a_town_column_alone_is_not_a_zip():
    res = _scan(_towns_table(with_zip=False))
    assert res.columns["k1"].decision == "CITY"
    assert res.columns["k2"].decision is None and "not a postcode" in res.columns["k2"].reason


def test_dates_split_into_birth_like_and_event_like_by_range():
    import datetime as dt

    rng = random.Random(6)
    births = [dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(0, 70 * 365)) for _ in range(300)]
    events = [dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 700)) for _ in range(300)]
    res = _scan(
        pd.DataFrame(
            {
                "g1": [d.strftime("%d.%m.%Y") for d in births],
                "g2": [d.strftime("%d.%m.%Y") for d in events],
                "g3": [d.isoformat() for d in births],
            }
        )
    )
    assert res.columns["g1"].decision == "DATE_OF_BIRTH" and res.columns["g3"].decision == "DATE_OF_BIRTH"
    assert res.columns["g2"].decision == "DATE_TIME"
    assert res.suggested_quasi_identifiers == ["g1", "g3"]  # event dates are not suggested
    left = {q.column: q for q in res.qi_candidates if not q.suggested}
    assert "event date" in left["g2"].reason


def test_handles_and_secrets_by_shape():
    from riskaudit.pii._qi_values import password_like, username_like

    rng = random.Random(8)
    letters = "abcdefghijkmnopqrstuvwxyz"
    handles = Counter(
        f"{rng.choice(['Wasco', 'Fultses', 'Thound', 'Hadre', 'Beir'])}{rng.randrange(10**6)}"
        for _ in range(200)
    )
    secrets = Counter(
        "".join(rng.choice(letters) for _ in range(4))
        + rng.choice("ABCDEFGHJK")
        + "".join(rng.choice(letters) for _ in range(3))
        + str(rng.randrange(10))
        for _ in range(200)
    )
    assert username_like(handles) and password_like(secrets)
    assert (
        username_like(Counter(f"P{rng.randrange(10**7):07d}" for _ in range(200))) is None
    )  # upper-case record codes
    assert username_like(Counter(f"{rng.getrandbits(64):016x}" for _ in range(200))) is None  # hex digests
    assert username_like(Counter(f"report_{i}.pdf" for i in range(200))) is None  # file names
    assert username_like(Counter(rng.choice(["apple", "pear"]) for _ in range(200))) is None  # repeated words
    assert password_like(handles) is None  # no inner upper case
