"""Quasi-identifiers (and a few identifiers) that one value cannot show but a column's distribution and the
table's other columns can.

* Per column (:func:`column_value_qi`): sex codes (a 2-4 letter vocabulary with a male and a female code, in
  several languages; ``1/2`` only with a header that says sex), marital-status letter codes only with a header.
* Per table (:func:`apply_table_context`), for columns the value recognizers left undecided:
  - bare 4/5-digit postcodes (US ZIP, DE PLZ, FR/ES/IT codes, CH/AT/DK/NO...) are decided only when the table has a
    geography column (city, region, country, street address) and the codes are not a run of consecutive numbers
    (a product code has the same shape: shape alone never decides);
  - ages: integers 0-115 whose distribution is a population's (median 18-70, upper tail past 60, many distinct
    values), only when the table has another demographic or geographic quasi-identifier;
  - card security codes and card expiry dates, only when the table has a card-number column;
  - passwords (random mixed-case letters and digits, all distinct) and usernames (one token, nearly all distinct,
    letters with optional digits) by their shape;
  - a moderate-cardinality categorical column that splits the records finely (3-50 values, no dominant one, high
    entropy) is suggested as a quasi-identifier by distribution alone, with a low confidence and a reason.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ._result import ColumnPii
from ._roles import entity_info
from .recognizers._lists import fold
from .recognizers.gender import FEMALE_LETTERS, MALE_LETTERS, OTHER_LETTERS
from .recognizers.postcode import PostcodeRecognizer

__all__ = [
    "column_value_qi",
    "apply_table_context",
    "age_like",
    "postcode_digits_like",
    "postcode_evidence",
    "distribution_split",
    "password_like",
    "username_like",
]

GEO = {"ZIP_CODE", "CITY", "COUNTY", "US_STATE", "COUNTRY", "STREET_ADDRESS", "LOCATION", "GEO_COORDINATE"}
DEMOGRAPHIC = {
    "DATE_OF_BIRTH",
    "BIRTH_YEAR",
    "GENDER",
    "MARITAL_STATUS",
    "AGE",
    "OCCUPATION",
    "NATIONALITY",
} | GEO
_INT = re.compile(r"^\d{1,3}$")
_DIGITS45 = re.compile(r"^\d{4,5}$")
_MARITAL_CODES = frozenset("smdwpuvlgc")
_EXPIRY = re.compile(
    r"^(?:(?:0?[1-9]|1[0-2])[/-](?:\d{2}|20\d{2})|[A-Za-z]{3}[-/ ]\d{2}|20\d{2}-(?:0[1-9]|1[0-2]))$"
)
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{4,32}$")
_FILE_OR_HEX = re.compile(r"^(?:[0-9a-fA-F]{8,}|.+\.[A-Za-z0-9]{2,4})$")
_PWCHARS = re.compile(r"^[!-~]{6,64}$")


def _total(counts: Counter) -> int:
    return sum(counts.values())


def column_value_qi(counts: Counter, hint: str | None) -> tuple[str, float, str] | None:
    """(entity, confidence, reason) for a column no single value decides, or None."""
    n = _total(counts)
    if not n:
        return None
    folded = Counter()
    for v, w in counts.items():
        folded[fold(v).rstrip(".")] += w
    keys = set(folded)
    if 2 <= len(keys) <= 4 and all(len(k) == 1 for k in keys):
        letters = keys & (MALE_LETTERS | FEMALE_LETTERS | OTHER_LETTERS)
        if (
            letters == keys
            and keys & MALE_LETTERS
            and keys & FEMALE_LETTERS
            and len(keys & MALE_LETTERS) == 1
        ):
            if hint in (None, "GENDER"):
                return (
                    "GENDER",
                    0.8 if hint else 0.7,
                    f"{len(keys)} one-letter codes, one male and one female code (M/H, F/W/V) among them",
                )
    if hint == "GENDER" and 2 <= len(keys) <= 4 and keys <= {"0", "1", "2", "3", "9"}:
        return ("GENDER", 0.7, f"{len(keys)} numeric codes under a sex/gender header")
    if (
        hint == "MARITAL_STATUS"
        and 2 <= len(keys) <= 8
        and all(len(k) == 1 and (k in _MARITAL_CODES or k.isdigit()) for k in keys)
    ):
        return ("MARITAL_STATUS", 0.7, f"{len(keys)} one-character codes under a marital-status header")
    return None


def age_like(counts: Counter) -> str | None:
    """Why the integers look like people's ages, or None."""
    n = _total(counts)
    if n < 30 or any(not _INT.match(v.strip()) for v in counts):
        return None
    vals = sorted(int(v) for v, w in counts.items() for _ in range(w))
    hi, med = vals[-1], vals[len(vals) // 2]
    q1, q3 = vals[len(vals) // 4], vals[(3 * len(vals)) // 4]
    if len(counts) >= 0.95 * n and _runs_share([int(v) for v in counts]) >= 0.8:
        return None  # all distinct and consecutive: a row counter
    if len(counts) >= 25 and 60 <= hi <= 115 and 18 <= med <= 70 and q3 - q1 >= 10:
        return (
            f"integers 0-115 with an upper tail past 60, median between 18 and 70, {len(counts)} distinct values: "
            "the spread of people's ages"
        )  # (no exact minimum/maximum: one person's value)
    return None


def _runs_share(nums: list[int]) -> float:
    s = set(nums)
    return sum(1 for x in s if x + 1 in s) / len(s) if s else 0.0


def postcode_digits_like(counts: Counter) -> str | None:
    """Why a column looks like postcodes (formats + distribution), or None. Needs a geography column to decide."""
    ev = postcode_evidence(counts)
    return ev[1] if ev else None


def postcode_evidence(counts: Counter) -> tuple[float, str] | None:
    """(strength, reason) when a column looks like postcodes: strength ranks competing columns (country formats,
    then leading zeros, then repeated values, count most)."""
    n = _total(counts)
    if n < 20:
        return None
    rec = PostcodeRecognizer()
    strong = digits = 0
    nums: list[int] = []
    for v, w in counts.items():
        s = v.strip()
        if rec.score_cell(s, s) > 0:
            strong += w
        elif _DIGITS45.match(s):
            digits += w
            nums.append(int(s))
    share = (strong + digits) / n
    if share < 0.9 or len(counts) < 10:
        return None
    if nums and _runs_share(nums) > 0.5 and len(nums) >= 20:
        return None  # consecutive numbers: a sequence or product range, not places
    lead0 = sum(w for v, w in counts.items() if v.strip().startswith("0") and _DIGITS45.match(v.strip()))
    strength = strong / n + 0.5 * min(1.0, 10 * lead0 / n) + 0.25 * (1 - len(counts) / n)
    return strength, (
        f"{share:.0%} of values are postcodes ({strong / n:.0%} in a country format, {digits / n:.0%} bare 4-5 digit"
        f" codes{', some with a leading zero' if lead0 else ''}), not a run of consecutive numbers"
    )


def _entropy_ratio(counts: Counter) -> float:
    n = _total(counts)
    k = len(counts)
    if k < 2:
        return 0.0
    h = -sum((w / n) * math.log(w / n) for w in counts.values())
    return h / math.log(k)


def distribution_split(counts: Counter, letters_share: float) -> str | None:
    """Why a categorical column splits the records finely enough to matter as a quasi-identifier, or None."""
    n = _total(counts)
    k = len(counts)
    if n < 50 or not (3 <= k <= 50) or k > 0.2 * n or letters_share < 0.5:
        return None
    top = max(counts.values()) / n
    ent = _entropy_ratio(counts)
    if top > 0.5 or ent < 0.6:
        return None
    return (
        f"{k} categories, largest {top:.0%}, normalised entropy {ent:.2f}: splits the records into many "
        f"groups; no recognizer says what it holds"
    )


def password_like(counts: Counter) -> str | None:
    n = _total(counts)
    if n < 20 or len(counts) < 0.95 * n:
        return None
    mixed = 0
    for v in counts:
        s = v.strip()
        if not _PWCHARS.match(s):
            return None
        if "\\" in s or s.startswith(("b'", 'b"', "0x")):
            return None  # an encoded byte string, not a secret
        inner_upper = any(c.isupper() for c in s[1:])
        beyond_hex = any(c.isalpha() and c.lower() > "f" for c in s)
        if any(c.isdigit() for c in s) and any(c.islower() for c in s) and inner_upper and beyond_hex:
            mixed += 1
    share = mixed / len(counts)
    return (
        f"{share:.0%} of values mix lower case, inner upper case and digits, all distinct: random secrets"
        if share >= 0.6
        else None
    )


def username_like(counts: Counter) -> str | None:
    n = _total(counts)
    if n < 20 or len(counts) < 0.9 * n:
        return None
    ok = sum(
        w
        for v, w in counts.items()
        if _TOKEN.match(v.strip()) and any(c.isalpha() for c in v) and not _FILE_OR_HEX.match(v.strip())
    )
    lower = sum(w for v, w in counts.items() if any(c.islower() for c in v))
    if ok / n < 0.95 or lower / n < 0.8:
        return None  # (upper-case codes such as P1257047, hex digests, file names: not handles)
    return f"{ok / n:.0%} of values are single tokens of letters (and digits), nearly all distinct: account handles"


def _card_security_like(counts: Counter) -> str | None:
    n = _total(counts)
    if n < 20 or any(not re.fullmatch(r"\d{1,4}", v.strip()) for v in counts) or len(counts) < 0.3 * n:
        return None  # (a spreadsheet drops leading zeros: "042" -> "42")
    if sum(w for v, w in counts.items() if len(v.strip()) >= 3) < 0.8 * n:
        return None
    if sum(w for v, w in counts.items() if len(v.strip()) == 4) > 0.3 * n or (
        n >= 100 and len(counts) >= 0.98 * n
    ):
        return None  # mostly 4 digits, or all distinct: a counter or a year, not CVVs (3 digits; Amex's 4 are few)
    nums = [int(v) for v in counts]
    if max(nums) - min(nums) < 600:
        return None  # a narrow range (heights, weights, scores): a measurement, not random 3-digit codes
    return "3-4 digit codes, widely spread, in a table with card numbers: card verification values"


def _expiry_like(counts: Counter) -> str | None:
    n = _total(counts)
    ok = sum(w for v, w in counts.items() if _EXPIRY.match(v.strip()))
    return (
        "month-year values in a table with card numbers: card expiry dates"
        if n >= 20 and ok / n >= 0.9
        else None
    )


def _decide(col: ColumnPii, entity: str, confidence: float, reason: str, evidence: str) -> ColumnPii:
    info = entity_info(entity)
    return col.model_copy(
        update={
            "decision": entity,
            "role": info.role,
            "confidence": confidence,
            "reason": reason,
            "evidence": evidence,
            "hipaa": sorted(info.hipaa),
            "gdpr_special": sorted(info.gdpr),
            "ccpa_spi": sorted(info.ccpa),
        }
    )


def dependency_share(codes: list[str | None], places: list[str | None]) -> tuple[float, int]:
    """How far ``codes`` determine ``places`` on the same rows: (share of rows of repeated codes that carry their
    code's most common place, number of repeated codes). A postcode determines its town; a product code does not."""
    by: dict[str, Counter] = {}
    for z, g in zip(codes, places, strict=False):
        if z is not None and g is not None:
            by.setdefault(z.strip(), Counter())[g] += 1
    rep = [c for c in by.values() if sum(c.values()) >= 2]
    rows = sum(sum(c.values()) for c in rep)
    return (sum(max(c.values()) for c in rep) / rows if rows else 0.0), len(rep)


_FD_MIN_REPEATS = 20


def apply_table_context(
    cols: dict[str, ColumnPii],
    samples: dict[str, list[str]],
    aligned: dict[str, list[str | None]] | None = None,
) -> dict[str, ColumnPii]:
    """Re-decide undecided columns from the table's context (see the module docstring). Pure.

    ``aligned`` (the sampled rows, column by column) lets a bare-digit postcode candidate be tested against a town
    or region column: with 20+ repeated codes, a code that does not determine its town (dependency < 0.5) is no
    postcode, one that does (>= 0.8) is confirmed."""
    aligned = aligned or {}
    decided = {c: p.decision for c, p in cols.items() if p.decision}
    towns = [
        c
        for d in ("CITY", "COUNTY", "US_STATE")
        for c, x in decided.items()
        if x == d and len({v for v in aligned.get(c, []) if v is not None}) >= 5
    ]
    geo = sorted(c for c, d in decided.items() if d in GEO)
    demo = sorted(c for c, d in decided.items() if d in DEMOGRAPHIC)
    cards = sorted(
        c for c, d in decided.items() if d == "CREDIT_CARD" or (d == "ID_NUMBER" and _sci(samples.get(c, [])))
    )
    out = dict(cols)
    # bare digit postcodes: at most one such column per table (the one with the most postcode-like values), and
    # none when a column already holds postcodes (a second 5-digit column next to them is something else)
    has_zip = any(d == "ZIP_CODE" for d in decided.values())
    zip_cands = []
    zip_rejects: dict[str, str] = {}
    for c, p in cols.items():
        if p.decision or p.free_text or p.role_source != "scan":
            continue
        score = postcode_evidence(Counter(samples.get(c, [])))
        if not score or not (p.name_hint == "ZIP_CODE" or (geo and not has_zip)):
            continue
        strength, why = score
        if towns and c in aligned and p.name_hint != "ZIP_CODE":
            dep, reps = dependency_share(aligned[c], aligned[towns[0]])
            if reps >= _FD_MIN_REPEATS and dep < 0.5:
                zip_rejects[c] = (
                    f"postcode-shaped, but the same code goes with different places in '{towns[0]}' "
                    f"({dep:.0%} agreement over {reps} repeated codes): not a postcode"
                )
                continue
            if reps >= _FD_MIN_REPEATS and dep >= 0.8:
                strength += 1.0
                why += (
                    f"; each code goes with one place in '{towns[0]}' ({dep:.0%} over {reps} repeated codes)"
                )
        zip_cands.append((p.name_hint == "ZIP_CODE", strength, c, why))
    zip_pick = {c: why for _h, _s, c, why in sorted(zip_cands, reverse=True)[:1]}
    zip_pick.update({c: why for hinted, _s, c, why in zip_cands if hinted})
    for c, p in cols.items():
        if cards and p.decision == "DATE_TIME" and p.role_source == "scan" and not p.free_text:
            why = _expiry_like(Counter(samples.get(c, [])))
            if why:  # month-year dates next to card numbers: expiry dates, not events
                out[c] = _decide(p, "CARD_SECURITY", 0.55, f"{why} ({cards[0]})", "context")
                continue
        if p.decision or p.free_text or p.role_source != "scan":
            continue
        counts = Counter(samples.get(c, []))
        if c in zip_pick:
            ctx = f"geography column(s) {', '.join(geo[:3])}" if geo else "the header"
            out[c] = _decide(p, "ZIP_CODE", 0.65, f"{zip_pick[c]}; context: {ctx}", "context")
            continue
        if any(c == z for _h, _s, z, _w in zip_cands):
            out[c] = p.model_copy(
                update={
                    "reason": p.reason + "; postcode-shaped, but another column is the better "
                    "postcode candidate"
                }
            )
            continue  # left undecided
        if c in zip_rejects:
            out[c] = p.model_copy(update={"reason": p.reason + "; " + zip_rejects[c]})
            continue
        why = age_like(counts)
        if why and (demo or p.name_hint == "AGE"):
            ctx = f"demographic column(s) {', '.join(demo[:3])}" if demo else "the header"
            out[c] = _decide(p, "AGE", 0.6, f"{why}; context: {ctx}", "context")
            continue
        if cards:
            why = _card_security_like(counts) or _expiry_like(counts)
            if why:
                out[c] = _decide(p, "CARD_SECURITY", 0.55, f"{why} ({cards[0]})", "context")
                continue
        why = password_like(counts)
        if why:
            out[c] = _decide(p, "PASSWORD", 0.55, why, "values")
            continue
        why = username_like(counts)
        if why and (p.shape is None or p.shape.numeric_share < 0.5):
            out[c] = _decide(p, "USERNAME", 0.5, why, "values")
            continue
    return out


def _sci(vals: list[str]) -> bool:
    return (
        bool(vals)
        and sum(bool(re.match(r"^\d(?:\.\d+)?[eE]\+?1[2-8]$", v.strip())) for v in vals) / len(vals) >= 0.6
    )
