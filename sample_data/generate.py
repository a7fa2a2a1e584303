"""Seeded generator for the riskaudit sample datasets.

Run from the repository root (or anywhere):

    python sample_data/generate.py

It writes, next to this file:

* ``hospital_discharges.csv``       20,000 synthetic hospital discharges, full of direct identifiers
* ``hospital_discharges_deid.csv``  a naive "de-identified" release of the same 20,000 people
* ``public_register.csv``           a voter-register-like auxiliary file for linkage attacks
* ``README.md``                     documentation plus ground-truth numbers computed from the CSVs

Everything is driven by one numpy Generator and one Faker instance, both seeded with ``SEED``, so
the output is byte-identical on every run (for the same Faker / numpy versions).  All people are
synthetic; any resemblance to real people is coincidental.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
from faker import Faker

SEED = 20261127
OUT_DIR = Path(__file__).resolve().parent

N_HOSPITAL = 20_000
N_REGISTER_OVERLAP = 8_000
N_REGISTER_ONLY = 4_000
N_NAME_VARIANTS = 400  # 5 % of the overlapping register rows
N_DOB_SWAPS = 160  # 2 % of the overlapping register rows

# Disparity injected into the decision rule (not into the true label).
DECISION_THRESHOLD = 0.25
BLACK_SCORE_INFLATION = 0.05
TARGET_BASE_RATE = 0.14  # mean true readmission probability

REGISTER_REFERENCE_DATE = dt.date(2024, 11, 5)  # register extract date; registrants are 18+ on it

RACES = [
    "White",
    "Black or African American",
    "Asian",
    "American Indian or Alaska Native",
    "Native Hawaiian or Other Pacific Islander",
    "Two or More Races",
]
HISP = "Hispanic or Latino"
NOT_HISP = "Not Hispanic or Latino"

# Race mix profiles, in RACES order.
RACE_PROFILES = {
    "B": (0.12, 0.74, 0.03, 0.01, 0.004, 0.06),  # majority Black
    "W": (0.80, 0.06, 0.08, 0.003, 0.002, 0.04),  # majority White
    "A": (0.22, 0.04, 0.66, 0.003, 0.004, 0.05),  # large Asian share
    "H": (0.44, 0.30, 0.04, 0.02, 0.003, 0.15),  # Hispanic neighbourhood (race often White / Two+)
    "M": (0.46, 0.30, 0.15, 0.005, 0.003, 0.05),  # mixed
}

MANHATTAN = ("212", "646", "917")
OUTER_NYC = ("718", "347", "929", "917")

# (zip5, city, state, race profile, Hispanic share, area codes), in rank order of patient volume.
# Ranks 1-24 are New York City ZIPs (zip3 100/103/104/112/113/114/116); ranks 25-60 are
# referral ZIPs from the rest of NY and from NJ, each in its own 3-digit ZIP prefix.
ZIP_TABLE = [
    ("10467", "Bronx", "NY", "H", 0.55, OUTER_NYC),
    ("11226", "Brooklyn", "NY", "B", 0.12, OUTER_NYC),
    ("10456", "Bronx", "NY", "H", 0.62, OUTER_NYC),
    ("11207", "Brooklyn", "NY", "B", 0.35, OUTER_NYC),
    ("10027", "New York", "NY", "B", 0.25, MANHATTAN),
    ("11203", "Brooklyn", "NY", "B", 0.06, OUTER_NYC),
    ("10469", "Bronx", "NY", "B", 0.30, OUTER_NYC),
    ("11355", "Flushing", "NY", "A", 0.15, OUTER_NYC),
    ("10032", "New York", "NY", "H", 0.70, MANHATTAN),
    ("11209", "Brooklyn", "NY", "W", 0.12, OUTER_NYC),
    ("11212", "Brooklyn", "NY", "B", 0.15, OUTER_NYC),
    ("10457", "Bronx", "NY", "H", 0.60, OUTER_NYC),
    ("11236", "Brooklyn", "NY", "B", 0.08, OUTER_NYC),
    ("10314", "Staten Island", "NY", "W", 0.13, OUTER_NYC),
    ("11434", "Jamaica", "NY", "B", 0.08, OUTER_NYC),
    ("10029", "New York", "NY", "H", 0.50, MANHATTAN),
    ("11368", "Corona", "NY", "H", 0.75, OUTER_NYC),
    ("11229", "Brooklyn", "NY", "W", 0.10, OUTER_NYC),
    ("10002", "New York", "NY", "A", 0.25, MANHATTAN),
    ("11691", "Far Rockaway", "NY", "B", 0.30, OUTER_NYC),
    ("10025", "New York", "NY", "M", 0.25, MANHATTAN),
    ("11225", "Brooklyn", "NY", "B", 0.10, OUTER_NYC),
    ("10301", "Staten Island", "NY", "M", 0.25, OUTER_NYC),
    ("11373", "Elmhurst", "NY", "A", 0.45, OUTER_NYC),
    ("10701", "Yonkers", "NY", "H", 0.40, ("914",)),
    ("07302", "Jersey City", "NJ", "M", 0.25, ("201", "551")),
    ("10550", "Mount Vernon", "NY", "B", 0.15, ("914",)),
    ("07102", "Newark", "NJ", "B", 0.30, ("973", "862")),
    ("07030", "Hoboken", "NJ", "W", 0.12, ("201", "551")),
    ("10801", "New Rochelle", "NY", "W", 0.30, ("914",)),
    ("11550", "Hempstead", "NY", "B", 0.40, ("516",)),
    ("07201", "Elizabeth", "NJ", "H", 0.65, ("908",)),
    ("10601", "White Plains", "NY", "W", 0.30, ("914",)),
    ("07601", "Hackensack", "NJ", "M", 0.35, ("201", "551")),
    ("07501", "Paterson", "NJ", "H", 0.60, ("973", "862")),
    ("11050", "Port Washington", "NY", "W", 0.10, ("516",)),
    ("08817", "Edison", "NJ", "A", 0.15, ("732", "848")),
    ("07410", "Fair Lawn", "NJ", "W", 0.10, ("201",)),
    ("11701", "Amityville", "NY", "W", 0.20, ("631",)),
    ("08901", "New Brunswick", "NJ", "H", 0.50, ("732", "848")),
    ("12601", "Poughkeepsie", "NY", "M", 0.20, ("845",)),
    ("10940", "Middletown", "NY", "W", 0.25, ("845",)),
    ("08608", "Trenton", "NJ", "B", 0.35, ("609",)),
    ("07901", "Summit", "NJ", "W", 0.10, ("908",)),
    ("08701", "Lakewood", "NJ", "W", 0.10, ("732", "848")),
    ("11901", "Riverhead", "NY", "W", 0.25, ("631",)),
    ("12203", "Albany", "NY", "M", 0.08, ("518",)),
    ("08540", "Princeton", "NJ", "W", 0.08, ("609",)),
    ("07701", "Red Bank", "NJ", "W", 0.15, ("732",)),
    ("08102", "Camden", "NJ", "B", 0.45, ("856",)),
    ("12401", "Kingston", "NY", "W", 0.10, ("845",)),
    ("07801", "Dover", "NJ", "H", 0.60, ("973",)),
    ("13202", "Syracuse", "NY", "M", 0.10, ("315",)),
    ("08002", "Cherry Hill", "NJ", "W", 0.07, ("856",)),
    ("14604", "Rochester", "NY", "M", 0.15, ("585",)),
    ("14201", "Buffalo", "NY", "B", 0.10, ("716",)),
    ("08401", "Atlantic City", "NJ", "M", 0.30, ("609",)),
    ("13901", "Binghamton", "NY", "W", 0.05, ("607",)),
    ("14850", "Ithaca", "NY", "W", 0.05, ("607",)),
    ("12801", "Glens Falls", "NY", "W", 0.03, ("518",)),
]

# ICD-10-CM codes: code -> (description, short phrase for notes, weight per age band
# [0, 1-17, 18-44, 45-64, 65-79, 80+], median LOS days, LOS sigma, base charge, charge per day,
# readmission log-odds effect)
DIAGNOSES = {
    "I50.9": ("Heart failure, unspecified", "CHF exacerbation", (0, 0, 1, 6, 12, 16), 5, 0.55, 9000, 3100, 1.05),
    "J44.1": ("COPD with (acute) exacerbation", "COPD exacerbation", (0, 0, 1, 5, 9, 8), 4, 0.55, 7500, 2800, 0.95),
    "E11.9": ("Type 2 diabetes mellitus without complications", "uncontrolled T2DM", (0, 1, 4, 6, 5, 3), 3, 0.5, 6000, 2400, 0.25),
    "N17.9": ("Acute kidney failure, unspecified", "AKI", (0, 1, 1, 4, 6, 8), 4, 0.6, 8000, 2900, 0.6),
    "A41.9": ("Sepsis, unspecified organism", "sepsis", (4, 2, 3, 6, 9, 12), 7, 0.65, 16000, 3800, 0.65),
    "I21.4": ("Non-ST elevation (NSTEMI) myocardial infarction", "NSTEMI", (0, 0, 1, 5, 6, 5), 4, 0.5, 22000, 3500, 0.45),
    "J18.9": ("Pneumonia, unspecified organism", "pneumonia", (3, 8, 4, 5, 8, 11), 4, 0.55, 8000, 2700, 0.35),
    "K57.30": ("Diverticulosis of large intestine w/o perforation or abscess w/o bleeding", "diverticulosis", (0, 0, 1, 3, 3, 2), 3, 0.5, 7000, 2500, 0.0),
    "F32.9": ("Major depressive disorder, single episode, unspecified", "depression", (0, 3, 6, 3, 1, 1), 6, 0.6, 5000, 1900, 0.15),
    "S72.001A": ("Fracture of unsp part of neck of right femur, initial encounter", "R hip fracture", (0, 0, 0, 1, 3, 8), 5, 0.5, 24000, 3300, 0.3),
    "I48.91": ("Unspecified atrial fibrillation", "afib with RVR", (0, 0, 1, 3, 6, 6), 3, 0.5, 9000, 2800, 0.3),
    "I63.9": ("Cerebral infarction, unspecified", "ischemic stroke", (0, 0, 1, 3, 5, 5), 5, 0.6, 18000, 3400, 0.3),
    "N39.0": ("Urinary tract infection, site not specified", "UTI", (0, 2, 2, 2, 4, 8), 3, 0.5, 6000, 2300, 0.2),
    "K35.80": ("Unspecified acute appendicitis", "acute appendicitis", (0, 10, 6, 2, 1, 0), 2, 0.45, 15000, 2600, -1.2),
    "O80": ("Encounter for full-term uncomplicated delivery", "uncomplicated delivery", (0, 0, 22, 0, 0, 0), 2, 0.3, 9000, 1800, -2.0),
    "Z38.00": ("Single liveborn infant, delivered vaginally", "healthy newborn", (70, 0, 0, 0, 0, 0), 2, 0.3, 3000, 1200, -2.2),
    "J45.901": ("Unspecified asthma with (acute) exacerbation", "asthma exacerbation", (0, 14, 4, 2, 1, 0), 2, 0.5, 5000, 2200, 0.1),
    "F10.239": ("Alcohol dependence with withdrawal, unspecified", "EtOH withdrawal", (0, 0, 5, 4, 1, 0), 4, 0.5, 6000, 2100, 0.55),
    "K85.90": ("Acute pancreatitis without necrosis or infection, unspecified", "acute pancreatitis", (0, 1, 4, 3, 2, 1), 4, 0.55, 9000, 2700, 0.2),
    "M17.11": ("Unilateral primary osteoarthritis, right knee", "R knee OA, s/p TKA", (0, 0, 0, 4, 4, 1), 2, 0.35, 28000, 2500, -0.8),
    "R07.9": ("Chest pain, unspecified", "chest pain (ACS ruled out)", (0, 1, 6, 6, 4, 2), 1, 0.35, 4500, 2000, -0.5),
    "R55": ("Syncope and collapse", "syncope", (0, 1, 2, 2, 3, 4), 2, 0.45, 5000, 2200, -0.2),
    "K92.2": ("Gastrointestinal hemorrhage, unspecified", "GI bleed", (0, 0, 1, 3, 4, 5), 3, 0.55, 10000, 2900, 0.35),
    "C34.90": ("Malignant neoplasm of unsp part of unsp bronchus or lung", "lung cancer", (0, 0, 0, 2, 3, 2), 6, 0.6, 14000, 3600, 0.9),
    "U07.1": ("COVID-19", "COVID-19", (2, 2, 3, 3, 4, 5), 5, 0.6, 11000, 3000, 0.25),
    "L03.115": ("Cellulitis of right lower limb", "RLE cellulitis", (0, 1, 3, 3, 3, 3), 3, 0.5, 6000, 2300, 0.05),
}

NOTE_TEMPLATES = [
    "Pt seen for {dx}, stable on discharge to home.",
    "Admitted with {dx}. Improved, d/c home, f/u in 1 wk.",
    "Managed for {dx}; tolerating diet, ambulating. D/c home.",
    "Pt admitted for {dx}. Meds reconciled, d/c to SNF.",
    "Presented with {dx}. Vitals stable, PCP follow-up in 7 days.",
    "Hospital course for {dx} uneventful. D/c with home health.",
    "Pt with {dx}, responded to treatment. Clinic f/u 2 wks.",
    "Treated for {dx}. Afebrile x24h, discharged home stable.",
]
# Diagnosis-specific templates (used instead of NOTE_TEMPLATES for these codes).
SPECIAL_NOTE_TEMPLATES = {
    "Z38.00": [
        "Healthy term newborn, feeding well. D/c home, peds f/u in 2 days.",
        "Term newborn, passed hearing screen. D/c home with parents.",
        "Newborn stable, bili within normal limits. Peds f/u 48h.",
    ],
    "O80": [
        "Uncomplicated vaginal delivery at term. Mother and baby stable.",
        "SVD at term, no complications. D/c home, OB f/u in 6 wks.",
        "Routine delivery, EBL normal. Postpartum course unremarkable.",
    ],
}
SHORT_NOTE_TEMPLATES = ["{dx}, stable.", "{dx}, d/c home.", "Pt with {dx}."]
# (relation word, sex of the named relative); minors get parents, adults any of these.
ADULT_RELATIONS = [("daughter", "F"), ("son", "M"), ("wife", "F"), ("husband", "M"), ("sister", "F"),
                   ("brother", "M"), ("niece", "F"), ("nephew", "M"), ("caregiver", "")]
MINOR_RELATIONS = [("mother", "F"), ("father", "M")]
NAME_TEMPLATES = [
    "Discussed plan with {rel} {name}.",
    "{Rel} {name} at bedside, agrees with plan.",
    "Emergency contact: {rel} {name}.",
    "Family meeting held with {rel} {name}.",
]
PHONE_TEMPLATES = ["Call back at {phone}.", "Pt reachable at {phone}.", "Pharmacy to call pt at {phone}."]
EMAIL_TEMPLATES = ["Send summary to {email}.", "Portal invite sent to {email}.", "Pt prefers email: {email}."]

# Regexes used to count identifiers in the notes from the written file (documented in README).
NAME_IN_NOTE_RE = r"\b(?:[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Ss]ister|[Bb]rother|[Nn]iece|[Nn]ephew|[Mm]other|[Ff]ather|[Cc]aregiver) [A-Z][a-z]"
PHONE_IN_NOTE_RE = r"\(\d{3}\) \d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b|\+1 \d{3} \d{3} \d{4}"
EMAIL_IN_NOTE_RE = r"[\w.+-]+@[\w-]+\.[\w.]+"

EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com",
                 "verizon.net", "optonline.net"]
EMAIL_DOMAIN_P = [0.40, 0.18, 0.10, 0.10, 0.07, 0.08, 0.04, 0.03]

HOSPITAL_COLUMNS = [
    "person_id", "patient_name", "ssn", "email", "phone", "street_address", "city", "state", "zip5",
    "date_of_birth", "sex", "race", "ethnicity", "admission_date", "discharge_date", "primary_diagnosis",
    "length_of_stay", "total_charges", "insurance_plan_id", "medical_record_number", "readmitted_30d",
    "risk_score", "predicted_readmit", "clinical_note",
]
DEID_COLUMNS = [
    "person_id", "zip3", "birth_year", "sex", "race", "ethnicity", "admission_date", "discharge_date",
    "primary_diagnosis", "length_of_stay", "total_charges", "readmitted_30d",
]
REGISTER_COLUMNS = ["person_id", "full_name", "zip5", "date_of_birth", "sex"]


# --------------------------------------------------------------------------------------------- helpers
def unique_ints(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    """n distinct integers in [low, high), in random (seeded) order."""
    out: list[int] = []
    seen: set[int] = set()
    while len(out) < n:
        for v in rng.integers(low, high, size=n - len(out)).tolist():
            if v not in seen:
                seen.add(v)
                out.append(v)
    return np.array(out[:n], dtype=np.int64)


def zip_counts(n: int) -> np.ndarray:
    """Zipf-like patient counts per ZIP rank, with an exponentially thinning tail; sums exactly to n."""
    r = np.arange(1, len(ZIP_TABLE) + 1, dtype=float)
    w = r ** -1.0 * np.exp(-((r / 40.0) ** 3))
    raw = w / w.sum() * n
    counts = np.floor(raw).astype(int)
    counts = np.maximum(counts, 2)
    rest = n - counts.sum()
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    for i in order[: max(rest, 0)]:
        counts[i] += 1
    assert counts.sum() == n
    return counts


def age_weights() -> np.ndarray:
    """Age pyramid of hospital discharges (ages 0..100): newborns, few children, many older adults."""
    w = np.zeros(101)
    w[0] = 2.5
    w[1:18] = 0.25
    w[18:45] = 0.6
    w[45:65] = 0.6 + 0.04 * np.arange(20)
    w[65:85] = 1.6
    w[85:90] = 1.2
    w[90:101] = 0.5 * 0.7 ** np.arange(11)
    return w / w.sum()


def age_band(age: np.ndarray) -> np.ndarray:
    return np.select([age == 0, age < 18, age < 45, age < 65, age < 80], [0, 1, 2, 3, 4], 5)


def make_phone(rng: np.random.Generator, area_codes: tuple[str, ...]) -> str:
    area = area_codes[int(rng.integers(len(area_codes)))]
    exch = int(rng.integers(201, 999))
    while exch % 100 == 11 or exch == 555:
        exch = int(rng.integers(201, 999))
    line = int(rng.integers(0, 10000))
    fmt = int(rng.choice(3, p=[0.4, 0.4, 0.2]))
    if fmt == 0:
        return f"({area}) {exch:03d}-{line:04d}"
    if fmt == 1:
        return f"{area}-{exch:03d}-{line:04d}"
    return f"+1 {area} {exch:03d} {line:04d}"


def make_ssn(rng: np.random.Generator) -> str:
    area = int(rng.integers(1, 900))
    while area == 666:
        area = int(rng.integers(1, 900))
    group = int(rng.integers(1, 100))
    serial = int(rng.integers(1, 10000))
    return f"{area:03d}-{group:02d}-{serial:04d}"


def email_from_name(rng: np.random.Generator, first: str, last: str) -> str:
    f = re.sub(r"[^a-z]", "", first.lower())
    l_ = re.sub(r"[^a-z]", "", last.lower())
    pat = int(rng.integers(6))
    num = int(rng.integers(1, 100))
    year = int(rng.integers(50, 100))
    local = [
        f"{f}.{l_}",
        f"{f}{l_}{num}",
        f"{f[0]}{l_}",
        f"{f}_{l_}",
        f"{f[0]}.{l_}{year}",
        f"{l_}.{f}{num}",
    ][pat]
    domain = EMAIL_DOMAINS[int(rng.choice(len(EMAIL_DOMAINS), p=EMAIL_DOMAIN_P))]
    return f"{local}@{domain}"


def name_variant(rng: np.random.Generator, name: str) -> tuple[str, str]:
    """A realistic typo / formatting difference of 'First Last'. Returns (variant, kind)."""
    kind = ["swapped_letters", "upper_case", "lower_case", "last_comma_first"][
        int(rng.choice(4, p=[0.45, 0.25, 0.15, 0.15]))
    ]
    if kind == "swapped_letters":
        chars = list(name)
        cand = [i for i in range(1, len(chars) - 1)
                if chars[i].islower() and chars[i + 1].islower() and chars[i] != chars[i + 1]]
        i = cand[int(rng.integers(len(cand)))]
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        return "".join(chars), kind
    if kind == "upper_case":
        return name.upper(), kind
    if kind == "lower_case":
        return name.lower(), kind
    first, _, last = name.partition(" ")
    return f"{last.upper()}, {first}", kind


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", na_rep="")
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------------------- generation
def generate() -> dict[str, object]:
    rng = np.random.default_rng(SEED)
    Faker.seed(SEED)
    fake = Faker("en_US")
    fake.seed_instance(SEED)

    n = N_HOSPITAL
    ids = unique_ints(rng, 1_000_000, 10_000_000, N_HOSPITAL + N_REGISTER_ONLY)
    person_ids = np.array([f"P{v:07d}" for v in ids])

    # --- geography -----------------------------------------------------------------------------
    counts = zip_counts(n)
    zip_idx = rng.permutation(np.repeat(np.arange(len(ZIP_TABLE)), counts))

    # --- demographics --------------------------------------------------------------------------
    sex = np.where(rng.random(n) < 0.52, "F", "M").astype(object)
    race = np.empty(n, dtype=object)
    hisp = np.empty(n, dtype=object)
    for z, (_, _, _, prof, hshare, _) in enumerate(ZIP_TABLE):
        m = zip_idx == z
        p = np.array(RACE_PROFILES[prof])
        race[m] = np.array(RACES, dtype=object)[rng.choice(len(RACES), size=m.sum(), p=p / p.sum())]
        hisp[m] = np.where(rng.random(m.sum()) < hshare, HISP, NOT_HISP)

    age = rng.choice(101, size=n, p=age_weights())
    band = age_band(age)

    # --- admission ----------------------------------------------------------------------------
    start = dt.date(2023, 1, 1)
    n_days = (dt.date(2024, 12, 31) - start).days + 1
    adm_off = rng.integers(0, n_days, size=n)
    admission = np.array([start + dt.timedelta(days=int(d)) for d in adm_off])

    # --- diagnosis (age dependent; deliveries only for women 15-44) -----------------------------
    codes = list(DIAGNOSES)
    W = np.array([DIAGNOSES[c][2] for c in codes], dtype=float)  # (n_codes, 6)
    dx_idx = np.empty(n, dtype=int)
    o80 = codes.index("O80")
    for b in range(6):
        for is_f in (True, False):
            m = (band == b) & ((sex == "F") == is_f)
            w = W[:, b].copy()
            if not is_f:
                w[o80] = 0.0
            dx_idx[m] = rng.choice(len(codes), size=m.sum(), p=w / w.sum())
    # deliveries outside 15-44 are re-drawn without O80
    bad = (np.array(codes)[dx_idx] == "O80") & ((age < 15) | (age > 44))
    w = W[:, 2].copy()
    w[o80] = 0
    dx_idx[bad] = rng.choice(len(codes), size=bad.sum(), p=w / w.sum())
    dx = np.array(codes, dtype=object)[dx_idx]

    # --- date of birth from age at admission ----------------------------------------------------
    dob = []
    for a, adm, code in zip(age.tolist(), admission, dx.tolist(), strict=True):
        if code == "Z38.00":
            dob.append(adm)  # born in this hospital
            continue
        # birthday falls uniformly in the year preceding the a-th birthday before admission
        try:
            last_bday = adm.replace(year=adm.year - a)
        except ValueError:  # 29 Feb
            last_bday = adm.replace(year=adm.year - a, day=28)
        back = int(rng.integers(0, 365))
        d = last_bday - dt.timedelta(days=back)
        dob.append(d)
    dob = np.array(dob)

    # --- LOS / charges ------------------------------------------------------------------------
    med = np.array([DIAGNOSES[c][3] for c in dx])
    sig = np.array([DIAGNOSES[c][4] for c in dx])
    age_los = 1.0 + 0.004 * np.clip(age - 50, 0, None)
    los = np.clip(np.round(med * age_los * np.exp(rng.normal(0, sig))), 1, 60).astype(int)
    base = np.array([DIAGNOSES[c][5] for c in dx], dtype=float)
    per_day = np.array([DIAGNOSES[c][6] for c in dx], dtype=float)
    charges = np.round((base + per_day * los) * np.exp(rng.normal(0, 0.18, size=n)), 2)
    discharge = np.array([a + dt.timedelta(days=int(d)) for a, d in zip(admission, los, strict=True)])

    # --- outcome: readmission within 30 days (age + diagnosis + LOS; NOT race) --------------------
    dx_eff = np.array([DIAGNOSES[c][7] for c in dx])
    lin = 0.028 * np.clip(age - 40, 0, None) + dx_eff + 0.03 * np.clip(los - 4, -3, 20)
    lo, hi = -10.0, 5.0
    for _ in range(80):  # calibrate the intercept so that the mean true probability is TARGET_BASE_RATE
        mid = (lo + hi) / 2
        if (1 / (1 + np.exp(-(mid + lin)))).mean() < TARGET_BASE_RATE:
            lo = mid
        else:
            hi = mid
    intercept = (lo + hi) / 2
    true_logit = intercept + lin
    p_true = 1 / (1 + np.exp(-true_logit))
    readmitted = (rng.random(n) < p_true).astype(int)

    # --- model score and biased decision -------------------------------------------------------
    risk = 1 / (1 + np.exp(-(true_logit + rng.normal(0, 0.55, size=n))))
    risk = np.round(risk, 4)

    # --- missingness ---------------------------------------------------------------------------
    sex[rng.random(n) < 0.005] = ""
    race[rng.random(n) < 0.015] = ""
    hisp[rng.random(n) < 0.010] = ""

    # biased decision, on the race as recorded (an empty race gets no inflation); exact decimal
    # arithmetic on the 4-decimal score (integer ten-thousandths), so there are no float edge cases
    risk_e4 = np.rint(risk * 10_000).astype(int)
    bump_e4 = np.where(race == "Black or African American", round(BLACK_SCORE_INFLATION * 10_000), 0)
    predicted = (risk_e4 + bump_e4 >= round(DECISION_THRESHOLD * 10_000)).astype(int)

    # --- direct identifiers (Faker) ------------------------------------------------------------
    firsts, lasts, names, emails, phones, addrs, ssns = [], [], [], [], [], [], []
    for i in range(n):
        s = sex[i]
        first = fake.first_name_female() if s == "F" else fake.first_name_male() if s == "M" else fake.first_name()
        last = fake.last_name()
        firsts.append(first)
        lasts.append(last)
        names.append(f"{first} {last}")
        emails.append(email_from_name(rng, first, last))
        phones.append(make_phone(rng, ZIP_TABLE[zip_idx[i]][5]))
        addrs.append(fake.street_address())
        ssns.append(make_ssn(rng))
    plan_ids = [f"HP-{v:09d}" for v in unique_ints(rng, 0, 1_000_000_000, n).tolist()]
    mrns = [f"MRN{v:08d}" for v in unique_ints(rng, 0, 100_000_000, n).tolist()]

    # --- clinical notes ------------------------------------------------------------------------
    notes = []
    flags = {"name": 0, "phone": 0, "email": 0}
    for i in range(n):
        phrase = DIAGNOSES[dx[i]][1]
        has_name = rng.random() < 0.15
        has_phone = rng.random() < 0.07
        has_email = rng.random() < 0.05
        extras: list[tuple[str, str]] = []
        rels = MINOR_RELATIONS if age[i] < 18 else ADULT_RELATIONS
        rel, rel_sex = rels[int(rng.integers(len(rels)))]
        if has_name:
            g = (fake.first_name_female() if rel_sex == "F"
                 else fake.first_name_male() if rel_sex == "M" else fake.first_name())
            fam_last = lasts[i] if rng.random() < 0.5 else fake.last_name()
            t = NAME_TEMPLATES[int(rng.integers(len(NAME_TEMPLATES)))]
            extras.append(("name", t.format(rel=rel, Rel=rel.capitalize(), name=f"{g} {fam_last}")))
        if has_phone:
            t = PHONE_TEMPLATES[int(rng.integers(len(PHONE_TEMPLATES)))]
            ph = phones[i] if rng.random() < 0.6 else make_phone(rng, ZIP_TABLE[zip_idx[i]][5])
            extras.append(("phone", t.format(phone=ph)))
        if has_email:
            t = EMAIL_TEMPLATES[int(rng.integers(len(EMAIL_TEMPLATES)))]
            extras.append(("email", t.format(email=emails[i])))
        templates = SPECIAL_NOTE_TEMPLATES.get(dx[i], NOTE_TEMPLATES)
        t_full = templates[int(rng.integers(len(templates)))]
        if age[i] < 18:
            t_full = t_full.replace("d/c to SNF", "d/c home with parents")
        t_short = SHORT_NOTE_TEMPLATES[int(rng.integers(len(SHORT_NOTE_TEMPLATES)))]
        while True:
            tail = " ".join(e[1] for e in extras)
            note = (t_full.format(dx=phrase) + " " + tail).strip()
            if len(note) > 120:
                s_short = t_short.format(dx=phrase)
                note = (s_short[0].upper() + s_short[1:] + " " + tail).strip()
            if len(note) <= 120:
                break
            extras.pop()  # still too long: drop the last extra sentence
        note = note[0].upper() + note[1:]
        assert 40 <= len(note) <= 120, note
        for kind, _ in extras:
            flags[kind] += 1
        notes.append(note)

    hospital = pd.DataFrame({
        "person_id": person_ids[:n],
        "patient_name": names,
        "ssn": ssns,
        "email": emails,
        "phone": phones,
        "street_address": addrs,
        "city": [ZIP_TABLE[z][1] for z in zip_idx],
        "state": [ZIP_TABLE[z][2] for z in zip_idx],
        "zip5": [ZIP_TABLE[z][0] for z in zip_idx],
        "date_of_birth": [d.isoformat() for d in dob],
        "sex": sex,
        "race": race,
        "ethnicity": hisp,
        "admission_date": [d.isoformat() for d in admission],
        "discharge_date": [d.isoformat() for d in discharge],
        "primary_diagnosis": dx,
        "length_of_stay": los,
        "total_charges": [f"{c:.2f}" for c in charges],
        "insurance_plan_id": plan_ids,
        "medical_record_number": mrns,
        "readmitted_30d": readmitted,
        "risk_score": [f"{r:.4f}" for r in risk],
        "predicted_readmit": predicted,
        "clinical_note": notes,
    })[HOSPITAL_COLUMNS]
    hospital = hospital.sort_values(["admission_date", "discharge_date", "person_id"], kind="stable")
    hospital = hospital.reset_index(drop=True)

    # --- naive de-identified release -----------------------------------------------------------
    shift = rng.integers(-30, 31, size=n)
    adm_d = pd.to_datetime(hospital["admission_date"]) + pd.to_timedelta(shift, unit="D")
    dis_d = pd.to_datetime(hospital["discharge_date"]) + pd.to_timedelta(shift, unit="D")
    deid = pd.DataFrame({
        "person_id": hospital["person_id"],
        "zip3": hospital["zip5"].str[:3],
        "birth_year": hospital["date_of_birth"].str[:4],
        "sex": hospital["sex"],
        "race": hospital["race"],
        "ethnicity": hospital["ethnicity"],
        "admission_date": adm_d.dt.strftime("%Y-%m-%d"),
        "discharge_date": dis_d.dt.strftime("%Y-%m-%d"),
        "primary_diagnosis": hospital["primary_diagnosis"],
        "length_of_stay": hospital["length_of_stay"],
        "total_charges": hospital["total_charges"],
        "readmitted_30d": hospital["readmitted_30d"],
    })[DEID_COLUMNS]
    deid = deid.iloc[rng.permutation(n)].reset_index(drop=True)

    # --- public register -----------------------------------------------------------------------
    ref = REGISTER_REFERENCE_DATE.isoformat()
    adult_cutoff = REGISTER_REFERENCE_DATE.replace(year=REGISTER_REFERENCE_DATE.year - 18).isoformat()
    eligible = np.flatnonzero((hospital["date_of_birth"] <= adult_cutoff).to_numpy())
    chosen = np.sort(rng.choice(eligible, size=N_REGISTER_OVERLAP, replace=False))
    overlap = pd.DataFrame({
        "person_id": hospital["person_id"].to_numpy()[chosen],
        "full_name": hospital["patient_name"].to_numpy()[chosen],
        "zip5": hospital["zip5"].to_numpy()[chosen],
        "date_of_birth": hospital["date_of_birth"].to_numpy()[chosen],
        "sex": hospital["sex"].to_numpy()[chosen],
    })
    # name variants (5 %) and day/month swaps (2 %), on disjoint sets of overlapping rows
    dob_parts = overlap["date_of_birth"].str.split("-", expand=True).astype(int)
    swappable = ((dob_parts[2] <= 12) & (dob_parts[2] != dob_parts[1])).to_numpy()
    perm = rng.permutation(N_REGISTER_OVERLAP)
    name_rows = np.sort(perm[:N_NAME_VARIANTS])
    rest = perm[N_NAME_VARIANTS:]
    dob_rows = np.sort(rest[swappable[rest]][:N_DOB_SWAPS])
    variant_kinds: dict[str, int] = {}
    for r in name_rows:
        v, kind = name_variant(rng, overlap.at[r, "full_name"])
        overlap.at[r, "full_name"] = v
        variant_kinds[kind] = variant_kinds.get(kind, 0) + 1
    for r in dob_rows:
        y, m, d = overlap.at[r, "date_of_birth"].split("-")
        overlap.at[r, "date_of_birth"] = f"{y}-{d}-{m}"

    # register-only people: same ZIP distribution, adults, no missing sex
    k = N_REGISTER_ONLY
    r_zip = rng.choice(len(ZIP_TABLE), size=k, p=counts / counts.sum())
    r_sex = np.where(rng.random(k) < 0.52, "F", "M")
    aw = np.zeros(101)
    aw[18:101] = np.concatenate([np.full(47, 1.0), np.linspace(1.0, 0.05, 36)])
    r_age = rng.choice(101, size=k, p=aw / aw.sum())
    r_dob = [
        (REGISTER_REFERENCE_DATE - dt.timedelta(days=int(a * 365.25 + rng.integers(1, 365)))).isoformat()
        for a in r_age.tolist()
    ]
    r_names = []
    for s in r_sex.tolist():
        first = fake.first_name_female() if s == "F" else fake.first_name_male()
        r_names.append(f"{first} {fake.last_name()}")
    others = pd.DataFrame({
        "person_id": person_ids[n:],
        "full_name": r_names,
        "zip5": [ZIP_TABLE[z][0] for z in r_zip],
        "date_of_birth": r_dob,
        "sex": r_sex,
    })
    register = pd.concat([overlap, others], ignore_index=True)
    register = register.iloc[rng.permutation(len(register))].reset_index(drop=True)[REGISTER_COLUMNS]

    files = {
        "hospital_discharges.csv": hospital,
        "hospital_discharges_deid.csv": deid,
        "public_register.csv": register,
    }
    for fname, df in files.items():
        (OUT_DIR / fname).write_bytes(to_csv_bytes(df))

    return {
        "intercept": intercept,
        "note_flags": flags,
        "variant_kinds": variant_kinds,
        "n_name_variants": len(name_rows),
        "n_dob_swaps": len(dob_rows),
        "n_eligible_overlap": len(eligible),
        "register_ref": ref,
        "zip_counts": counts,
    }


# --------------------------------------------------------------------------------------------- ground truth
def read(name: str) -> pd.DataFrame:
    """Read a sample CSV the way the tests and README numbers do: all strings, '' kept as ''."""
    return pd.read_csv(OUT_DIR / name, dtype=str, keep_default_na=False)


def class_stats(df: pd.DataFrame, qis: list[str]) -> dict[str, int]:
    sizes = df.groupby(qis, dropna=False).size()
    return {
        "classes": int(len(sizes)),
        "k": int(sizes.min()),
        "uniques": int((sizes == 1).sum()),
        "records_in_classes_lt5": int(sizes[sizes < 5].sum()),
    }


def compute_ground_truth() -> dict[str, object]:
    h = read("hospital_discharges.csv")
    d = read("hospital_discharges_deid.csv")
    r = read("public_register.csv")
    gt: dict[str, object] = {}
    gt["rows"] = {"hospital": len(h), "deid": len(d), "register": len(r)}
    gt["hospital_zip5_dob_sex"] = class_stats(h, ["zip5", "date_of_birth", "sex"])
    gt["hospital_zip5_sex"] = class_stats(h, ["zip5", "sex"])
    gt["hospital_zip5_dob_sex_race"] = class_stats(h, ["zip5", "date_of_birth", "sex", "race"])
    gt["deid_zip3_year_sex"] = class_stats(d, ["zip3", "birth_year", "sex"])
    gt["deid_zip3_year_sex_race"] = class_stats(d, ["zip3", "birth_year", "sex", "race"])

    # fairness
    y = h["readmitted_30d"].astype(int)
    yhat = h["predicted_readmit"].astype(int)
    rows = []
    for race in [*RACES, ""]:
        m = h["race"] == race
        neg = m & (y == 0)
        pos = m & (y == 1)
        rows.append({
            "race": race if race else "(missing)",
            "n": int(m.sum()),
            "base_rate": y[m].mean(),
            "selection_rate": yhat[m].mean(),
            "fpr": yhat[neg].mean(),
            "tpr": yhat[pos].mean(),
        })
    gt["fairness"] = rows
    sr = {x["race"]: x["selection_rate"] for x in rows}
    gt["overall"] = {
        "base_rate": y.mean(),
        "selection_rate": yhat.mean(),
        "impact_ratio_white_black": min(sr["White"], sr["Black or African American"])
        / max(sr["White"], sr["Black or African American"]),
    }
    # same-risk comparison: the band of risk_score just below the threshold
    s = h["risk_score"].astype(float)
    in_band = (s >= DECISION_THRESHOLD - BLACK_SCORE_INFLATION) & (s < DECISION_THRESHOLD)
    gt["band"] = {
        race: {"n": int((in_band & (h["race"] == race)).sum()),
               "flagged": int((in_band & (h["race"] == race) & (yhat == 1)).sum()),
               "readmitted": int((in_band & (h["race"] == race) & (y == 1)).sum())}
        for race in ["White", "Black or African American"]
    }

    # exact linkage register -> hospital on (zip5, date_of_birth, sex)
    keys = ["zip5", "date_of_birth", "sex"]
    hk = h[[*keys, "person_id"]].rename(columns={"person_id": "hospital_person_id"})
    sizes = hk.groupby(keys).size().rename("n_match").reset_index()
    m = r.merge(sizes, on=keys, how="left")
    m["n_match"] = m["n_match"].fillna(0).astype(int)
    unique = m[m["n_match"] == 1].merge(hk, on=keys, how="left")
    in_hosp = r["person_id"].isin(h["person_id"])
    gt["linkage"] = {
        "register_rows": len(r),
        "overlap_rows": int(in_hosp.sum()),
        "register_only_rows": int((~in_hosp).sum()),
        "rows_with_any_match": int((m["n_match"] > 0).sum()),
        "rows_matching_exactly_one": int(len(unique)),
        "correct_reidentifications": int((unique["person_id"] == unique["hospital_person_id"]).sum()),
        "rows_matching_several": int((m["n_match"] > 1).sum()),
    }
    gt["linkage"]["false_unique_matches"] = (
        gt["linkage"]["rows_matching_exactly_one"] - gt["linkage"]["correct_reidentifications"]
    )
    # breakdown of the overlapping rows, derived by comparing the two files on person_id
    ov = r[in_hosp].merge(h[["person_id", "patient_name", "date_of_birth"]], on="person_id", how="left",
                          suffixes=("", "_h"))
    ov = ov.merge(m[["person_id", "n_match"]], on="person_id", how="left")
    correct_ids = set(unique.loc[unique["person_id"] == unique["hospital_person_id"], "person_id"])
    ov["correct"] = ov["person_id"].isin(correct_ids)
    dob_diff = ov["date_of_birth"] != ov["date_of_birth_h"]
    gt["linkage"].update({
        "overlap_name_differs": int((ov["full_name"] != ov["patient_name"]).sum()),
        "overlap_dob_differs": int(dob_diff.sum()),
        "overlap_correct": int(ov["correct"].sum()),
        "overlap_ambiguous": int(((ov["n_match"] > 1) & ~dob_diff).sum()),
        "overlap_dob_swapped_no_match": int((dob_diff & (ov["n_match"] == 0)).sum()),
        "overlap_dob_swapped_wrong_unique": int((dob_diff & (ov["n_match"] == 1)).sum()),
        "overlap_dob_swapped_several": int((dob_diff & (ov["n_match"] > 1)).sum()),
        "register_only_unique_false": int(((~in_hosp) & (m["n_match"] == 1)).sum()),
    })

    # free text
    note = h["clinical_note"]
    gt["notes"] = {
        "name": int(note.str.contains(NAME_IN_NOTE_RE, regex=True).sum()),
        "phone": int(note.str.contains(PHONE_IN_NOTE_RE, regex=True).sum()),
        "email": int(note.str.contains(EMAIL_IN_NOTE_RE, regex=True).sum()),
        "any": int(
            (note.str.contains(NAME_IN_NOTE_RE, regex=True)
             | note.str.contains(PHONE_IN_NOTE_RE, regex=True)
             | note.str.contains(EMAIL_IN_NOTE_RE, regex=True)).sum()
        ),
        "min_len": int(note.str.len().min()),
        "max_len": int(note.str.len().max()),
    }

    # misc descriptive facts
    age_years = (
        pd.to_datetime(h["admission_date"]) - pd.to_datetime(h["date_of_birth"])
    ).dt.days // 365.25
    gt["demo"] = {
        "sex_missing": int((h["sex"] == "").sum()),
        "race_missing": int((h["race"] == "").sum()),
        "ethnicity_missing": int((h["ethnicity"] == "").sum()),
        "female": int((h["sex"] == "F").sum()),
        "age_ge_90": int((age_years >= 90).sum()),
        "age_ge_65": int((age_years >= 65).sum()),
        "age_lt_18": int((age_years < 18).sum()),
        "n_zip5": int(h["zip5"].nunique()),
        "n_zip3": int(h["zip5"].str[:3].nunique()),
        "zip_sizes": h["zip5"].value_counts(),
        "dx_counts": h["primary_diagnosis"].value_counts(),
        "race_counts": h["race"].replace("", "(missing)").value_counts(),
        "hispanic": int((h["ethnicity"] == HISP).sum()),
    }
    zr = pd.crosstab(h["zip5"], h["race"], normalize="index")
    gt["zip_race"] = zr
    return gt


# --------------------------------------------------------------------------------------------- README
def fmt_pct(x: float) -> str:
    return f"{100 * x:.2f} %"


def write_readme(meta: dict[str, object], gt: dict[str, object]) -> None:
    sizes = {f: (OUT_DIR / f).stat().st_size for f in
             ["hospital_discharges.csv", "hospital_discharges_deid.csv", "public_register.csv"]}
    demo = gt["demo"]
    L = gt["linkage"]
    notes = gt["notes"]
    hz = gt["hospital_zip5_dob_sex"]
    hzs = gt["hospital_zip5_sex"]
    hzr = gt["hospital_zip5_dob_sex_race"]
    dz = gt["deid_zip3_year_sex"]
    dzr = gt["deid_zip3_year_sex_race"]
    ov = gt["overall"]
    zr = gt["zip_race"]

    fair_lines = ["| race | n | base rate `readmitted_30d` | selection rate `predicted_readmit` | FPR | TPR |",
                  "|---|---:|---:|---:|---:|---:|"]
    for row in gt["fairness"]:
        fair_lines.append(
            f"| {row['race']} | {row['n']} | {row['base_rate']:.4f} | {row['selection_rate']:.4f} | "
            f"{row['fpr']:.4f} | {row['tpr']:.4f} |"
        )
    bw = gt["band"]["White"]
    bb = gt["band"]["Black or African American"]
    zip_lines = ["| rank | zip5 | city | state | patients | % White | % Black | % Asian | % Hispanic |",
                 "|---:|---|---|---|---:|---:|---:|---:|---:|"]
    h = read("hospital_discharges.csv")
    hisp_share = (h["ethnicity"] == HISP).groupby(h["zip5"]).mean()
    for rank, (z, city, st, *_rest) in enumerate(ZIP_TABLE, 1):
        zip_lines.append(
            f"| {rank} | {z} | {city} | {st} | {demo['zip_sizes'][z]} | {100 * zr.at[z, 'White']:.0f} | "
            f"{100 * zr.at[z, 'Black or African American']:.0f} | {100 * zr.at[z, 'Asian']:.0f} | "
            f"{100 * hisp_share[z]:.0f} |"
        )
    dx_lines = ["| code | description | records | readmission effect (log-odds) |", "|---|---|---:|---:|"]
    for c, v in DIAGNOSES.items():
        dx_lines.append(f"| {c} | {v[0]} | {demo['dx_counts'].get(c, 0)} | {v[7]:+.2f} |")
    race_lines = [f"  - {k}: {v}" for k, v in demo["race_counts"].items()]
    vk = meta["variant_kinds"]

    text = f"""# riskaudit sample data

**Entirely synthetic.** Every person in these files was made up by `generate.py` with
[Faker](https://faker.readthedocs.io/) (locale `en_US`) and numpy. Any resemblance to real people is
coincidental. The SSNs, phone numbers, e-mail addresses, health plan numbers and MRNs are fake
(they only *look* valid so that PII detectors have something to find).

The files are made to exercise riskaudit end to end: PII detection (structured columns and free text),
re-identification risk (k-anonymity, uniqueness, linkage with an auxiliary register) and
demographic bias of a model decision.

## Regenerating

```
python sample_data/generate.py
```

Seed `{SEED}` (`numpy.random.default_rng({SEED})`, `Faker.seed({SEED})` / `seed_instance`). The output
(three CSVs and this README) is byte-identical on rerun with the same Faker and numpy versions
(generated with Faker {__import__('faker').VERSION}, numpy {np.__version__}, pandas {pd.__version__}).
All CSVs are UTF-8, comma-separated, with a header row, `\\n` line endings and the empty string
for missing values.

| file | rows | bytes |
|---|---:|---:|
| `hospital_discharges.csv` | {gt['rows']['hospital']:,} | {sizes['hospital_discharges.csv']:,} |
| `hospital_discharges_deid.csv` | {gt['rows']['deid']:,} | {sizes['hospital_discharges_deid.csv']:,} |
| `public_register.csv` | {gt['rows']['register']:,} | {sizes['public_register.csv']:,} |

**Reading convention for every number below:** `pd.read_csv(path, dtype=str, keep_default_na=False)`,
i.e. all columns as strings (ZIPs keep their leading zeros, e.g. `07302`, zip3 `073`) and a missing
value is the empty string, which is treated as its own category when grouping or joining.
`tests/test_sample_data.py` asserts these numbers against the committed files.

## 1. `hospital_discharges.csv` — 20,000 discharges, one row per person

Columns (in this order): `{', '.join(HOSPITAL_COLUMNS)}`.

- `person_id` — `P` + 7 digits, unique per row; every row is a different person. It is the true
  identity used to score linkage attacks (it also appears in the other two files).
- `patient_name` (`First Last`, Faker, first name drawn by sex), `ssn` (`ddd-dd-dddd`; area 001-899
  except 666, group 01-99, serial 0001-9999), `email` (derived from the name, 8 domains),
  `phone` (NY/NJ area codes matching the ZIP; formats `(212) 555-0187`, `212-555-0187`, `+1 212 555 0187`),
  `street_address` (Faker, one line), `city`, `state` (`NY`/`NJ`), `zip5` — direct identifiers / location.
- `zip5` — {demo['n_zip5']} real NY/NJ ZIP codes (in {demo['n_zip3']} distinct 3-digit prefixes), Zipf-like volume:
  `count ∝ rank^-1 · exp(-(rank/40)^3)`. Ranks 1-24 are New York City ZIPs (prefixes 100/103/104/112/113/114/116);
  ranks 25-60 are referral ZIPs each in its own prefix, down to a handful of patients. Race and
  Hispanic-ethnicity mix are ZIP-specific (table below): e.g. 11203 Brooklyn is majority Black,
  11209 Brooklyn majority White, 11355 Flushing majority Asian.
- `date_of_birth` — ISO date, from an age-at-admission pyramid of hospital discharges (ages 0-100):
  {demo['age_lt_18']} patients under 18 (mostly newborns: `Z38.00` rows are born on the admission date),
  {demo['age_ge_65']} aged 65+, {demo['age_ge_90']} aged 90+ (age = whole years between birth and admission).
- `sex` — `F` / `M` ({demo['female']} F), {demo['sex_missing']} empty.
- `race` — the six OMB categories, {demo['race_missing']} empty. Counts:
{chr(10).join(race_lines)}
- `ethnicity` — `Hispanic or Latino` ({demo['hispanic']}) / `Not Hispanic or Latino`, {demo['ethnicity_missing']} empty.
- `admission_date` — uniform over 2023-01-01..2024-12-31; `discharge_date` = admission + `length_of_stay` days.
- `primary_diagnosis` — ICD-10-CM code only (no description), 26 codes, frequencies depend on age band
  (0 / 1-17 / 18-44 / 45-64 / 65-79 / 80+) and `O80` (delivery) only for women aged 15-44.
- `length_of_stay` — integer days 1-60, log-normal around a diagnosis-specific median, slightly longer with age.
- `total_charges` — 2 decimals, `(base_dx + per_day_dx · LOS) · lognormal(0, 0.18)`.
- `insurance_plan_id` — `HP-` + 9 digits (health plan beneficiary number, unique);
  `medical_record_number` — `MRN` + 8 digits (unique).
- `readmitted_30d` — the **true label**: Bernoulli(p), `logit p = b0 + 0.028·max(age-40,0) + dx_effect
  + 0.03·clip(LOS-4,-3,20)`, with `b0 = {meta['intercept']:.4f}` calibrated so the mean of p is {TARGET_BASE_RATE}.
  It does **not** depend on race (race only correlates with ZIP; age, diagnosis and LOS are drawn independently of race).
- `risk_score` — a plausible model score in [0, 1], 4 decimals: `sigmoid(logit p + N(0, 0.55))`
  (noisy but correlated with the true probability, race-blind).
- `predicted_readmit` — the **biased decision**. Injection mechanism, exactly:
  `decision_score = risk_score + {BLACK_SCORE_INFLATION:.2f} if race == "Black or African American" else risk_score`;
  `predicted_readmit = int(decision_score >= {DECISION_THRESHOLD:.2f})`, evaluated exactly on the 4-decimal
  `risk_score` as written (e.g. in integer ten-thousandths, so `0.2000` + 0.05 counts as reaching 0.25).
  Rows with empty race are treated as non-Black.
  So at equal `risk_score` Black patients are flagged more often, giving a lower impact ratio and a higher FPR.
- `clinical_note` — short free text ({notes['min_len']}-{notes['max_len']} characters) from templates, e.g.
  `Pt seen for CHF exacerbation, stable on discharge to home.` Independently, ~15 % of notes get a sentence
  naming a family member (`Discussed plan with daughter Maria Lopez.`; half share the patient's surname),
  ~7 % a phone number (`Call back at 212-555-0187.`; 60 % the patient's own), ~5 % the patient's e-mail
  (`Portal invite sent to j.doe@gmail.com.`). Exact counts are below.

ZIP table (computed from the file):

{chr(10).join(zip_lines)}

Diagnoses:

{chr(10).join(dx_lines)}

## 2. `hospital_discharges_deid.csv` — a naive "de-identified" release

Columns: `{', '.join(DEID_COLUMNS)}`. Same 20,000 people, rows shuffled (seeded).

- Direct identifiers (name, SSN, e-mail, phone, address, city, state, plan id, MRN), the model columns
  and the clinical note are dropped.
- `zip3` = first three digits of `zip5` (string, leading zero kept); `birth_year` = year of `date_of_birth`.
- `admission_date` and `discharge_date` are shifted by the same per-person random offset in -30..+30 days
  (so `length_of_stay` still equals discharge - admission).
- `person_id` is kept **only as an evaluation truth column** so a tester can score re-identification;
  a real release would not carry it and risk measurements should ignore it.
- It is still risky: see the (zip3, birth_year, sex) numbers below — the referral ZIPs each have their
  own 3-digit prefix, so zip3 generalisation does not help there, and very old patients are rare everywhere.

## 3. `public_register.csv` — auxiliary register for linkage attacks

Columns: `{', '.join(REGISTER_COLUMNS)}`; {gt['rows']['register']:,} rows, shuffled (seeded).

- {L['overlap_rows']:,} rows are hospital people: a seeded sample without replacement from the
  {meta['n_eligible_overlap']:,} hospital people aged 18+ on the register date {meta['register_ref']}
  (a voter-like register holds adults only). Same `person_id`, name, `zip5`, `date_of_birth`, `sex`
  (an empty hospital `sex` stays empty), except on two disjoint sets of rows:
  - exactly **{meta['n_name_variants']}** rows (5 %) have a typo/formatting difference in `full_name`:
    {', '.join(f"{vk.get(kd, 0)} {kd.replace('_', ' ')}" for kd in ["swapped_letters", "upper_case", "lower_case", "last_comma_first"])}
    (`last comma first` = `LOPEZ, Maria`);
  - exactly **{meta['n_dob_swaps']}** rows (2 %) have `date_of_birth` recorded with day and month swapped
    (only where the day is 1-12 and differs from the month, so the swapped date is valid and different).
- {L['register_only_rows']:,} rows are other people (new `person_id`s not in the hospital file): adults
  living in the same 60 ZIPs (drawn with the hospital ZIP distribution), Faker names, `sex` never empty.

## Ground truth (computed with pandas from the written files)

### Equivalence classes

| file | quasi-identifiers | classes | k (min class size) | records in classes of size 1 | records in classes of size < 5 |
|---|---|---:|---:|---:|---:|
| hospital_discharges | (zip5, date_of_birth, sex) | {hz['classes']} | {hz['k']} | {hz['uniques']} | {hz['records_in_classes_lt5']} |
| hospital_discharges | (zip5, sex) | {hzs['classes']} | {hzs['k']} | {hzs['uniques']} | {hzs['records_in_classes_lt5']} |
| hospital_discharges | (zip5, date_of_birth, sex, race) | {hzr['classes']} | {hzr['k']} | {hzr['uniques']} | {hzr['records_in_classes_lt5']} |
| hospital_discharges_deid | (zip3, birth_year, sex) | {dz['classes']} | {dz['k']} | {dz['uniques']} | {dz['records_in_classes_lt5']} |
| hospital_discharges_deid | (zip3, birth_year, sex, race) | {dzr['classes']} | {dzr['k']} | {dzr['uniques']} | {dzr['records_in_classes_lt5']} |

### Readmission model bias (hospital_discharges.csv)

Overall base rate of `readmitted_30d`: **{ov['base_rate']:.4f}**; overall selection rate of
`predicted_readmit`: **{ov['selection_rate']:.4f}**.

{chr(10).join(fair_lines)}

FPR = P(predicted_readmit=1 | readmitted_30d=0), TPR = P(predicted_readmit=1 | readmitted_30d=1).
Impact ratio of `predicted_readmit` (min/max of the White and Black selection rates):
**{ov['impact_ratio_white_black']:.4f}** (below the 0.8 four-fifths threshold).

Same risk, different decision: among patients with `risk_score` in
[{DECISION_THRESHOLD - BLACK_SCORE_INFLATION:.2f}, {DECISION_THRESHOLD:.2f}), {bb['flagged']} of {bb['n']} Black patients are flagged
(observed readmission rate {bb['readmitted'] / bb['n']:.4f}) versus {bw['flagged']} of {bw['n']} White patients
(observed readmission rate {bw['readmitted'] / bw['n']:.4f}). Outside that band the decision is race-blind.

### Linkage attack: `public_register` → `hospital_discharges`, exact join on (zip5, date_of_birth, sex)

- register rows: {L['register_rows']:,} ({L['overlap_rows']:,} hospital people + {L['register_only_rows']:,} others)
- register rows with at least one hospital match: {L['rows_with_any_match']:,}
- register rows matching **exactly one** hospital record: **{L['rows_matching_exactly_one']:,}**
- of those, same `person_id` (correct re-identifications): **{L['correct_reidentifications']:,}**
  ({L['false_unique_matches']} unique matches are wrong people)
- register rows matching several hospital records: {L['rows_matching_several']}

Breakdown of the {L['overlap_rows']:,} overlapping register rows (found by comparing the files on `person_id`):
{L['overlap_correct']:,} are correctly and uniquely re-identified; {L['overlap_ambiguous']} keep their true
`date_of_birth` but share (zip5, date_of_birth, sex) with another hospital patient, so the join is ambiguous;
{L['overlap_dob_differs']} have a day/month-swapped birth date ({L['overlap_dob_swapped_no_match']} of them match nobody,
{L['overlap_dob_swapped_wrong_unique']} match exactly one wrong person, {L['overlap_dob_swapped_several']} match several).
Of the {L['register_only_rows']:,} register-only people, {L['register_only_unique_false']} match exactly one
(necessarily wrong) hospital record. {L['overlap_name_differs']} overlapping rows have a `full_name` different from
`patient_name`: the name variants do not affect this join but do affect name-based (fuzzy) linkage.

### Identifiers in `clinical_note`

Counted on the file with these regexes (`Series.str.contains`):

- notes containing a person's name: **{notes['name']}** (`{NAME_IN_NOTE_RE}`)
- notes containing a phone number: **{notes['phone']}** (`{PHONE_IN_NOTE_RE}`)
- notes containing an e-mail address: **{notes['email']}** (`{EMAIL_IN_NOTE_RE}`)
- notes containing at least one of them: {notes['any']}

(Every name mention is a family member or contact introduced by a relation word; no note contains an SSN,
MRN or street address.)
"""
    (OUT_DIR / "README.md").write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    meta = generate()
    gt = compute_ground_truth()
    flags = meta["note_flags"]
    assert gt["notes"]["name"] == flags["name"], (gt["notes"], flags)
    assert gt["notes"]["phone"] == flags["phone"], (gt["notes"], flags)
    assert gt["notes"]["email"] == flags["email"], (gt["notes"], flags)
    lk = gt["linkage"]
    assert lk["overlap_name_differs"] == meta["n_name_variants"] == N_NAME_VARIANTS, lk
    assert lk["overlap_dob_differs"] == meta["n_dob_swaps"] == N_DOB_SWAPS, lk
    assert lk["overlap_correct"] == lk["correct_reidentifications"], lk
    write_readme(meta, gt)
    print("rows:", gt["rows"])
    print("hospital (zip5, dob, sex):", gt["hospital_zip5_dob_sex"])
    print("hospital (zip5, sex):", gt["hospital_zip5_sex"])
    print("deid (zip3, birth_year, sex):", gt["deid_zip3_year_sex"])
    print("overall:", gt["overall"])
    for row in gt["fairness"]:
        print("  ", row)
    print("band:", gt["band"])
    print("linkage:", gt["linkage"])
    print("notes:", gt["notes"])
    print("zip sizes:", meta["zip_counts"].tolist())


if __name__ == "__main__":
    main()
