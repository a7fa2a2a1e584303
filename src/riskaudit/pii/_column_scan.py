"""Column-level PII detection on a seeded sample of each column.

For each column: draw up to ``sample_size`` non-null values through the engine (one query for all columns,
a per-column top-up for sparse ones), dedupe them, run only the recognizers that can match each value's shape
(no phone check for values with letters, no SSN/phone/licence check for plain amounts), weight hits by value
counts, and decide one entity per column from prevalence, score, the column-name hint and shape statistics.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS as _REGEX_TIMEOUT_SECONDS

from ._mask import mask_value
from ._qi_values import column_value_qi
from ._result import ColumnPii, EntityStat, ShapeStats
from ._roles import ENTITIES, entity_info, name_hint

__all__ = ["analyze_column", "ColumnEvidence", "STRUCTURED_CELL_CAP", "looks_like_free_text"]

STRUCTURED_CELL_CAP = 256
_NUMERIC = re.compile(
    r"^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?$|^[-+]?(?:[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?$|^[-+]?\.\d+$"
)
_DECIMALS = re.compile(r"\.(\d+)$")
_DATE_SHAPE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{2}|\d{4}))$")
_YEAR = re.compile(r"(?<!\d)(?:18|19|20)\d{2}(?!\d)")
_TEXT_EXPECTED = {
    "CITY",
    "COUNTY",
    "US_STATE",
    "COUNTRY",
    "OCCUPATION",
    "RACE_ETHNICITY",
    "RELIGION",
    "NATIONALITY",
    "MARITAL_STATUS",
    "POLITICAL_OPINION",
}

#: entities a value recognizer can confirm; a name hint for them needs the values' support
DIGIT_ENTITIES = [
    "PHONE_NUMBER",
    "US_SSN",
    "US_ITIN",
    "CREDIT_CARD",
    "US_BANK_NUMBER",
    "DATE_TIME",
    "DATE_OF_BIRTH",
    "ZIP_CODE",
    "IP_ADDRESS",
    "GEO_COORDINATE",
    "MEDICAL_RECORD_NUMBER",
    "HEALTH_PLAN_ID",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "AGE",
    "ABA_ROUTING_NUMBER",
    "US_NPI",
    "MEDICAL_LICENSE",
]
LETTER_ENTITIES = [
    "PERSON",
    "STREET_ADDRESS",
    "URL",
    "IBAN_CODE",
    "UUID",
    "MAC_ADDRESS",
    "IP_ADDRESS",
    "DATE_TIME",
    "MEDICAL_RECORD_NUMBER",
    "HEALTH_PLAN_ID",
    "US_DRIVER_LICENSE",
    "US_PASSPORT",
    "GENDER",
    "CRYPTO",
    "MEDICAL_LICENSE",
    "US_MBI",
    "ZIP_CODE",
]
#: whole-cell vocabularies (recognizers/city.py, region.py, country.py, occupation.py, company.py, marital.py,
#: ethnicity.py): checked for cells with letters
VOCAB_ENTITIES = ["CITY", "US_STATE", "COUNTRY", "OCCUPATION", "COMPANY", "MARITAL_STATUS", "RACE_ETHNICITY"]
VALUE_CHECKED = set(DIGIT_ENTITIES) | set(LETTER_ENTITIES) | {"EMAIL_ADDRESS"}
#: hint entity -> detected entities it boosts (Presidio-style +0.35 context boost, but on whole name tokens)
HINT_BOOSTS = {
    "FAX_NUMBER": {"PHONE_NUMBER"},
    "NATIONAL_ID": {"US_SSN", "US_ITIN", "US_PASSPORT", "*country*"},
    "US_BANK_NUMBER": {"US_BANK_NUMBER", "IBAN_CODE"},
    "US_MBI": {"US_MBI", "HEALTH_PLAN_ID"},
    "DATE_OF_BIRTH": {"DATE_OF_BIRTH", "DATE_TIME"},
}
#: on a tie of evidence the more specific entity wins
PREFERENCE = {
    "EMAIL_ADDRESS": 0.3,
    "MEDICAL_RECORD_NUMBER": 0.3,
    "HEALTH_PLAN_ID": 0.25,
    "DATE_OF_BIRTH": 0.05,
    "STREET_ADDRESS": 0.2,
    "US_SSN": 0.1,
    "CREDIT_CARD": 0.2,
    "IBAN_CODE": 0.2,
    "PERSON": 0.1,
    "COUNTRY": 0.03,
    "US_STATE": 0.02,
    "COMPANY": 0.12,
    "MARITAL_STATUS": 0.1,
    "RACE_ETHNICITY": 0.1,
    "GENDER": 0.1,
    "ZIP_CODE": 0.05,
}
#: most distinct values a vocabulary column may have (a category, not free words)
VOCAB_MAX_DISTINCT = {"GENDER": 12, "MARITAL_STATUS": 40, "RACE_ETHNICITY": 40}
BOOST = 0.35


def looks_like_free_text(values: list[str]) -> bool:
    """Long, many-word values: scanned cell by cell by the free-text path."""
    if not values:
        return False
    lens = [len(v) for v in values]
    words = [len(v.split()) for v in values]
    return statistics.mean(lens) >= 40 and statistics.mean(words) >= 6


@dataclass
class ColumnEvidence:
    hits: Counter = field(default_factory=Counter)  # entity -> weighted count of values with a hit
    score_sum: Counter = field(default_factory=Counter)  # entity -> weighted sum of hit scores
    examples: dict[str, list[str]] = field(default_factory=dict)


def _shape(values: list[str], counts: Counter, cap: int) -> ShapeStats:
    lens = [len(v) for v in values]
    digits = [sum(c.isdigit() for c in v) for v in values]
    n = len(values)
    return ShapeStats(
        sampled=n,
        distinct=len(counts),
        unique_share=round(len(counts) / n, 6) if n else 0.0,
        length_min=min(lens) if lens else 0,
        length_median=float(statistics.median(lens)) if lens else 0.0,
        length_max=max(lens) if lens else 0,
        digits_min=min(digits) if digits else 0,
        digits_max=max(digits) if digits else 0,
        letters_share=round(sum(any(c.isalpha() for c in v) for v in values) / n, 6) if n else 0.0,
        numeric_share=round(sum(bool(_NUMERIC.match(v)) for v in values) / n, 6) if n else 0.0,
        capped=sum(1 for v in values if len(v) > cap),
    )


def _candidate_entities(v: str, supported: set[str], country: list[str], hint: str | None) -> list[str]:
    if "@" in v:
        return ["EMAIL_ADDRESS"]
    has_letter = any(c.isalpha() for c in v)
    ndig = sum(c.isdigit() for c in v)
    if has_letter:
        ents = list(LETTER_ENTITIES) + country + VOCAB_ENTITIES
        if ndig == 0:
            ents = ["PERSON", "STREET_ADDRESS", "URL", "GENDER", "DATE_TIME"] + VOCAB_ENTITIES
        elif ndig >= 4 and re.search(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{4}", v):
            ents.append("DATE_OF_BIRTH")
        return [e for e in ents if e in supported]
    if ndig == 0:
        return []
    if _NUMERIC.match(v):  # a plain number: amount, count, coordinate, code
        m = _DECIMALS.search(v)
        if m:
            return ["GEO_COORDINATE"] if len(m.group(1)) >= 4 and "GEO_COORDINATE" in supported else []
        ents = ["AGE", "ZIP_CODE"]
        if 13 <= ndig <= 19:
            ents.append("CREDIT_CARD")
        if hint and 7 <= ndig <= 17:  # bare digits only count as an identifier when the column name says so
            ents += [
                "US_SSN",
                "US_ITIN",
                "US_BANK_NUMBER",
                "MEDICAL_RECORD_NUMBER",
                "HEALTH_PLAN_ID",
                "US_PASSPORT",
                "US_DRIVER_LICENSE",
                "MEDICAL_LICENSE",
            ] + country
            if hint in ("PHONE_NUMBER", "FAX_NUMBER") and 10 <= ndig <= 15:
                ents.append("PHONE_NUMBER")
        return [e for e in ents if e in supported]
    ents = [e for e in DIGIT_ENTITIES if e != "PHONE_NUMBER"] + country
    if 7 <= ndig <= 15:
        ents.append("PHONE_NUMBER")
    return [e for e in ents if e in supported]


def _boosted(entity: str, hint: str | None, country: set[str]) -> bool:
    if hint is None:
        return False
    if entity == hint:
        return True
    extra = HINT_BOOSTS.get(hint, set())
    return entity in extra or ("*country*" in extra and entity in country)


PILOT = 64
PILOT_MIN_SHARE = 0.05


def _recognizers(analyzer: AnalyzerEngine, ents: tuple[str, ...], cache: dict) -> list:
    recs = cache.get(ents)
    if recs is None:
        found = analyzer.registry.get_recognizers(language="en", entities=list(ents))
        recs = cache[ents] = [(r, _plain_pattern(r)) for r in found]
    return recs


def _pattern_results(rec: PatternRecognizer, text: str) -> list[RecognizerResult]:
    """What ``PatternRecognizer.analyze`` returns for ``text``, without its per-match bookkeeping.

    Presidio's loop times every pattern with two ``datetime.now()`` calls, logs, and builds an explanation object
    per match; a column scan calls it tens of thousands of times, so that bookkeeping was most of its cost. The
    matching is Presidio's own: the same compiled pattern (with the recognizer's flags), the same empty-match
    skip, ``validate_result`` / ``invalidate_result`` scoring and ``remove_duplicates``; only recognizers that do
    not override ``analyze`` come here (tests/test_pii_fast_patterns.py compares both on every recognizer)."""
    flags = rec.global_regex_flags
    results = []
    entity = rec.supported_entities[0]
    for pattern in rec.patterns:
        if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
            pattern.compiled_with_flags = flags
            pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
        try:
            for match in pattern.compiled_regex.finditer(text, timeout=_REGEX_TIMEOUT_SECONDS):
                start, end = match.span()
                if start == end:
                    continue
                current = text[start:end]
                score = pattern.score
                valid = rec.validate_result(current)
                if valid is not None:
                    score = EntityRecognizer.MAX_SCORE if valid else EntityRecognizer.MIN_SCORE
                invalid = rec.invalidate_result(current)
                if invalid is not None and invalid:
                    score = EntityRecognizer.MIN_SCORE
                if score > EntityRecognizer.MIN_SCORE:
                    results.append(RecognizerResult(entity, start, end, score))
        except TimeoutError:  # as Presidio: a pattern that times out contributes nothing
            continue
    return EntityRecognizer.remove_duplicates(results) if len(results) > 1 else results


def _plain_pattern(rec) -> bool:
    return isinstance(rec, PatternRecognizer) and type(rec).analyze is PatternRecognizer.analyze


def run_recognizers(analyzer: AnalyzerEngine, text: str, ents: tuple[str, ...], cache: dict) -> list:
    """Presidio recognizers called directly (no NLP artifacts, no substring context enhancement)."""
    out = []
    for rec, plain in _recognizers(analyzer, ents, cache):
        if plain:
            if rec.patterns:
                out.extend(r for r in _pattern_results(rec, text) if r.entity_type in ents)
            continue
        wanted = [e for e in rec.supported_entities if e in ents]
        out.extend(r for r in rec.analyze(text, wanted, None) if r.entity_type in ents)
    return out


def collect_evidence(
    analyzer: AnalyzerEngine,
    counts: Counter,
    hint: str | None,
    min_score: float,
    cap: int = STRUCTURED_CELL_CAP,
) -> ColumnEvidence:
    """Analyse each distinct value once (weighted by its count).

    The first ``PILOT`` distinct values (in a seeded hash order) run every recognizer that fits their shape;
    afterwards only entities that hit at least 5% of the pilot (or that the column name suggests) are checked:
    an entity absent from 64 values almost surely cannot reach the prevalence a column finding needs.
    """
    supported = set(analyzer.get_supported_entities("en"))
    country = sorted(supported - ENTITIES.keys() - {"EMAIL_ADDRESS", "NRP", "LOCATION", "ORGANIZATION"})
    country_set = set(country)
    ev = ColumnEvidence()
    cache: dict[tuple[str, ...], list] = {}
    order = sorted(counts, key=lambda v: (hashlib.md5(v.encode("utf-8", "surrogatepass")).hexdigest(), v))
    active: set[str] | None = None
    pilot_weight = 0
    for i, value in enumerate(order):
        if i == PILOT and active is None:
            active = {e for e, c in ev.hits.items() if c >= PILOT_MIN_SHARE * pilot_weight}
            active |= {e for e in supported if _boosted(e, hint, country_set)}
        weight = counts[value]
        if active is None:
            pilot_weight += weight
        v = value[:cap]
        ents = _candidate_entities(v, supported, country, hint)
        if active is not None:
            ents = [e for e in ents if e in active]
        if not ents:
            continue
        results = run_recognizers(analyzer, v, tuple(ents), cache)
        stripped = len(v.strip()) or 1
        best: dict[str, float] = {}
        for r in results:
            if (r.end - r.start) < 0.6 * stripped:  # a hit must be the value, not a fragment of it
                continue
            score = r.score + (BOOST if _boosted(r.entity_type, hint, country_set) else 0.0)
            score = min(1.0, score)
            if score >= min_score and score > best.get(r.entity_type, 0.0):
                best[r.entity_type] = score
        for e, sc in best.items():
            ev.hits[e] += weight
            ev.score_sum[e] += sc * weight
            ex = ev.examples.setdefault(e, [])
            if len(ex) < 3:
                ex.append(mask_value(v, e))
    return ev


def _contradicted(hint: str, shape: ShapeStats) -> bool:
    return (
        (hint in _TEXT_EXPECTED and shape.letters_share < 0.5)
        or (hint == "RECORD_ID" and shape.unique_share < 0.9)
        or (hint == "BIRTH_YEAR" and shape.digits_max > 4)
        or (hint == "GEO_COORDINATE" and shape.numeric_share < 0.5)
    )


_SCI = re.compile(r"^[-+]?\d(?:\.\d+)?[eE]\+?(\d{1,2})$")
_ID_NUM = re.compile(r"^(?:[A-Za-z]{1,2}\s?)?[+(]?[\d][\d\s().+/-]*[A-Za-z]?$")


def _identifier_number_share(counts: Counter) -> float:
    """Share of values shaped like an identifying number: 6-20 digits with separators (not a plain amount, not a
    date), or a 13+ digit integer a spreadsheet wrote in scientific notation (e.g. card numbers as 5.54563E+15)."""
    total = hits = 0
    for v, w in counts.items():
        total += w
        s = v.strip()
        m = _SCI.match(s)
        if m:
            hits += w if int(m.group(1)) >= 12 else 0
            continue
        digits = sum(c.isdigit() for c in s)
        if 6 <= digits <= 20 and _ID_NUM.match(s) and not _NUMERIC.match(s) and not _DATE_SHAPE.match(s):
            hits += w
    return hits / total if total else 0.0


def _years(values: Iterable[str]) -> list[int]:
    out = []
    for v in values:
        m = _YEAR.search(v)
        if m:
            out.append(int(m.group(0)))
    return out


def analyze_column(
    analyzer: AnalyzerEngine,
    column: str,
    values: list[str],
    *,
    min_score: float,
    min_prevalence: float,
    use_column_names: bool = True,
    column_type: str | None = None,
) -> ColumnPii:
    """Decide one column from its sampled non-null values (a pure function of values, name and settings)."""
    counts = Counter(values)
    shape = _shape(values, counts, STRUCTURED_CELL_CAP)
    n = len(values)
    hint = name_hint(column) if use_column_names else None
    if n == 0:
        return ColumnPii(
            entities={},
            decision=None,
            confidence=0.0,
            role="other",
            reason="no non-null values to analyse",
            name_hint=hint,
            shape=shape,
        )
    ev = collect_evidence(analyzer, counts, hint, min_score)
    stats = {
        e: EntityStat(prevalence=round(ev.hits[e] / n, 4), mean_score=round(ev.score_sum[e] / ev.hits[e], 4))
        for e in sorted(ev.hits)
    }
    cands = {e: s for e, s in stats.items() if s.prevalence >= min_prevalence}
    # guards: a handful of repeated words is a category, not names; gender needs a small vocabulary
    if "PERSON" in cands and not (shape.distinct >= 20 or shape.unique_share >= 0.5):
        cands.pop("PERSON")
    for e, most in VOCAB_MAX_DISTINCT.items():
        if e in cands and shape.distinct > most:
            cands.pop(e)
    if "PERSON" in cands and any(
        e in cands and cands[e].prevalence >= cands["PERSON"].prevalence for e in VOCAB_ENTITIES
    ):
        cands.pop("PERSON")  # a cell that is a known place/job/company name is not a person's name
    if "PERSON" in cands and hint != "PERSON" and cands["PERSON"].prevalence < 0.4:
        cands.pop("PERSON")
    if "GEO_COORDINATE" in cands and hint != "GEO_COORDINATE" and cands["GEO_COORDINATE"].mean_score < 0.7:
        cands.pop("GEO_COORDINATE")
    if "AGE" in cands and hint != "AGE":
        cands.pop("AGE")
    years = _years(v for v in counts)
    birthlike = bool(years) and (max(years) - min(years) >= 30)
    if (
        "DATE_TIME" in cands
        and "DATE_OF_BIRTH" not in cands
        and birthlike
        and hint in (None, "DATE_OF_BIRTH")
    ):
        cands["DATE_OF_BIRTH"] = cands["DATE_TIME"]
    if "DATE_OF_BIRTH" in cands and not birthlike and hint != "DATE_OF_BIRTH":
        cands.pop("DATE_OF_BIRTH")
    idnum = _identifier_number_share(counts)
    hint_supported: bool | None = None
    decision: str | None = None
    confidence = 0.0
    reason = ""
    evidence: str | None = None
    hint_targets = {hint} | HINT_BOOSTS.get(hint or "", set()) if hint else set()
    supported_by_values = [
        e
        for e in cands
        if e in hint_targets or (hint == "NATIONAL_ID" and entity_info(e).ccpa == ("government_id",))
    ]
    if hint and supported_by_values:
        decision = (
            hint
            if hint in supported_by_values
            else max(supported_by_values, key=lambda e: (cands[e].prevalence * cands[e].mean_score, e))
        )
        if hint == "FAX_NUMBER":
            decision = "FAX_NUMBER"
        hint_supported = True
        src = cands.get(decision) or cands[supported_by_values[0]]
        confidence = min(1.0, src.prevalence * src.mean_score + 0.15)
        reason = f"values confirm the column name ({src.prevalence:.0%} of {n} sampled values)"
        evidence = "values+name"
    elif (
        cands
        and hint
        and hint not in VALUE_CHECKED
        and not _contradicted(hint, shape)
        and max(s.prevalence for s in cands.values()) < 0.8
    ):
        decision = hint
        confidence = 0.6
        reason = f"column name suggests {hint} (no value recognizer for it); weak value hits ignored"
        evidence = "name"
    elif cands:
        decision = max(
            cands, key=lambda e: (cands[e].prevalence * cands[e].mean_score + PREFERENCE.get(e, 0.0), e)
        )
        src = cands[decision]
        confidence = src.prevalence * src.mean_score
        reason = f"{src.prevalence:.0%} of {n} sampled values look like {decision}"
        evidence = "values"
        if hint:
            hint_supported = False
            reason += f"; the name suggests {hint}, the values do not"
    elif idnum >= 0.6 and shape.unique_share >= 0.8 and shape.distinct >= 20:
        # long digit strings with separators, nearly all distinct, not dates or amounts: an identifying number
        direct_hint = hint if hint and entity_info(hint).role == "direct_identifier" else None
        decision = direct_hint or "ID_NUMBER"
        confidence = 0.6 if direct_hint else 0.5
        hint_supported = True if direct_hint else (False if hint else None)
        reason = (
            f"{idnum:.0%} of {n} sampled values are 6-20 digit numbers (with separators, or spreadsheet "
            f"scientific notation of 12+ digits) and {shape.unique_share:.0%} are distinct: an identifying number"
            + (f" consistent with the name ({hint})" if direct_hint else "")
        )
        evidence = "values+name" if direct_hint else "values"
    elif hint and hint not in VALUE_CHECKED:
        if _contradicted(hint, shape):
            hint_supported = False
            reason = f"the name suggests {hint} but the values do not have that shape"
        else:
            decision = hint
            confidence = 0.6
            reason = f"column name suggests {hint} (no value recognizer for it; values not contradicting)"
            evidence = "name"
    elif hint:
        hint_supported = False
        reason = f"the name suggests {hint} but no sampled value matches it"
    if decision is None:
        vq = column_value_qi(counts, hint)
        if vq:
            decision, confidence, reason = vq
            evidence = "values+name" if hint == decision else "values"
            hint_supported = True if hint == decision else (False if hint else None)
    if decision is None:
        role, conf_other = "other", 0.0
        reason = reason or f"no personal data found in {n} sampled values"
        if (
            shape.numeric_share >= 0.8
            and column_type
            and any(t in column_type for t in ("int", "float", "decimal", "double"))
        ):
            reason += " (numeric column)"
        confidence = conf_other
    else:
        info = entity_info(decision)
        role = info.role
    info = entity_info(decision) if decision else None
    entities = {e: s.prevalence for e, s in stats.items() if s.prevalence >= min_prevalence}
    if decision and decision not in entities and decision in stats:
        entities[decision] = stats[decision].prevalence
    examples = ev.examples.get(decision or "", [])[:3] if decision else []
    return ColumnPii(
        entities=dict(sorted(entities.items())),
        entity_stats=stats,
        decision=decision,
        confidence=round(confidence, 4),
        role=role,
        reason=reason,
        name_hint=hint,
        hint_supported=hint_supported,
        hipaa=sorted(info.hipaa) if info else [],
        gdpr_special=sorted(info.gdpr) if info else [],
        ccpa_spi=sorted(info.ccpa) if info else [],
        shape=shape,
        examples=examples,
        evidence=evidence if decision else None,
    )
