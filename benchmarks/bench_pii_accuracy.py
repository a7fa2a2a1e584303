"""PII accuracy: column level on FakeNameGenerator.com_3000.csv and on a generated multi-locale table, span level on
presidio_synth_dataset_v2.json.

Column level: the header is the truth (mapping below). Precision/recall/F1 of direct identifiers and of each
role, with the real column names and again with the columns renamed col_1..col_n (values alone), for
riskaudit and for presidio-structured's PandasAnalysisBuilder (same offline no_op analyzer, same table,
n = the same sample size); role accuracy and quasi-identifier recall (share of true QI columns given role
quasi_identifier). Multi-locale: 3,000 people from seven Faker locales (en_US, de_DE, fr_FR, nl_NL, it_IT, es_ES,
en_GB), 20 columns named fld_1..fld_20 in a seeded order, the truth written by the generator (``GEN_TRUTH``), with
near misses (a 5-digit product code, quantities, amounts, a 4-letter tier). Span level: riskaudit's free-text path on the synthetic sentences, per entity type
(a predicted span counts when it overlaps a gold span of the same type).

Run: python benchmarks/bench_pii_accuracy.py [--shared ../shared] [--no-structured]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("RISKAUDIT_SHARED", ROOT.parent / "shared"))

D, Q, S, O_ = "direct_identifier", "quasi_identifier", "sensitive", "other"
#: FakeNameGenerator header -> (expected entity, expected role). Decisions: relatives' names (MothersMaiden)
#: are HIPAA A names; a personal web domain is a URL (HIPAA N); Username is an online identifier (GDPR Art. 4(1));
#: Password/CVV2/CCExpires are credentials (CCPA 1798.140(ae)(1)(B)) -> sensitive, not identifiers;
#: Number (row counter), Title, NameSet (name locale), MiddleInitial, CCType, TelephoneCountryCode -> other.
#: Company (the person's employer) is a quasi-identifier (issue 21; not suggested: not in public registers).
TRUTH: dict[str, tuple[str | None, str]] = {
    "Number": (None, O_),
    "Gender": ("GENDER", Q),
    "NameSet": (None, O_),
    "Title": (None, O_),
    "GivenName": ("PERSON", D),
    "MiddleInitial": (None, O_),
    "Surname": ("PERSON", D),
    "StreetAddress": ("STREET_ADDRESS", D),
    "City": ("CITY", Q),
    "State": ("US_STATE", Q),
    "StateFull": ("US_STATE", Q),
    "ZipCode": ("ZIP_CODE", Q),
    "Country": ("COUNTRY", Q),
    "CountryFull": ("COUNTRY", Q),
    "EmailAddress": ("EMAIL_ADDRESS", D),
    "Username": ("USERNAME", D),
    "Password": ("PASSWORD", S),
    "TelephoneNumber": ("PHONE_NUMBER", D),
    "TelephoneCountryCode": (None, O_),
    "MothersMaiden": ("PERSON", D),
    "Birthday": ("DATE_OF_BIRTH", Q),
    "Age": ("AGE", Q),
    "CCType": (None, O_),
    "CCNumber": ("CREDIT_CARD", D),
    "CVV2": ("CARD_SECURITY", S),
    "CCExpires": ("CARD_SECURITY", S),
    "NationalID": ("NATIONAL_ID", D),
    "Occupation": ("OCCUPATION", Q),
    "Company": ("COMPANY", Q),
    "Domain": ("URL", D),
}
ROLES = (D, Q, S, O_)
_STRUCTURED_QUASI = {"DATE_TIME", "LOCATION", "NRP", "AGE", "ZIP_CODE", "GENDER"}


def prf(pred: set[str], truth: set[str]) -> dict[str, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else (1.0 if not truth else 0.0)
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_roles(pred_roles: dict[str, str], truth: dict[str, tuple[str | None, str]]) -> dict:
    out = {
        "direct_identifiers": prf(
            {c for c, r in pred_roles.items() if r == D}, {c for c, (_, r) in truth.items() if r == D}
        )
    }
    for role in ROLES:
        out[role] = prf(
            {c for c, r in pred_roles.items() if r == role}, {c for c, (_, r) in truth.items() if r == role}
        )
    out["role_accuracy"] = round(sum(pred_roles.get(c) == r for c, (_, r) in truth.items()) / len(truth), 4)
    return out


def load_fng(shared: Path) -> pd.DataFrame:
    return pd.read_csv(
        shared / "data" / "pii" / "FakeNameGenerator.com_3000.csv",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    ).replace("", None)


def riskaudit_roles(df: pd.DataFrame, sample_size: int = 1000, with_suggested: bool = False):
    from riskaudit.config import AuditConfig
    from riskaudit.engine import connect
    from riskaudit.pii import scan_pii

    cfg = AuditConfig()
    engine = connect(cfg.engine)
    try:
        _typed, text = engine.from_pandas(df)
        res = scan_pii(engine, text, cfg.pii, cfg.columns, sample_size=sample_size)
    finally:
        engine.close()
    roles, decisions = (
        {c: p.role for c, p in res.columns.items()},
        {c: p.decision for c, p in res.columns.items()},
    )
    return (roles, decisions, list(res.suggested_quasi_identifiers)) if with_suggested else (roles, decisions)


def column_level(shared: Path, with_structured: bool = True, sample_size: int = 1000) -> dict:
    import importlib.util

    if with_structured and importlib.util.find_spec("presidio_structured") is None:
        print("presidio-structured is not installed: its rows are skipped", file=sys.stderr)
        with_structured = False
    df = load_fng(shared)
    truth = {c: TRUTH[c] for c in df.columns}
    renamed = df.set_axis([f"col_{i + 1}" for i in range(df.shape[1])], axis=1)
    truth_renamed = {f"col_{i + 1}": truth[c] for i, c in enumerate(df.columns)}
    out: dict = {}
    for label, frame, tr in (("names", df, truth), ("renamed", renamed, truth_renamed)):
        t0 = time.perf_counter()
        roles, decisions = riskaudit_roles(frame, sample_size)
        out[f"riskaudit_{label}"] = {
            **score_roles(roles, tr),
            "qi_recall": qi_recall(roles, tr),
            "seconds": round(time.perf_counter() - t0, 2),
            "decisions": decisions,
        }
        if with_structured:
            t0 = time.perf_counter()
            mapping = structured_mapping(frame, sample_size)
            sroles = {
                c: (O_ if c not in mapping else Q if mapping[c] in _STRUCTURED_QUASI else D)
                for c in frame.columns
            }
            out[f"presidio_structured_{label}"] = {
                **score_roles(sroles, tr),
                "seconds": round(time.perf_counter() - t0, 2),
                "decisions": mapping,
            }
    return out


def structured_mapping(df: pd.DataFrame, n: int) -> dict[str, str]:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_structured import PandasAnalysisBuilder

    nlp = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "no_op", "models": [{"lang_code": "en", "model_name": "no_op"}]}
    ).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    filled = df.fillna("")  # presidio-structured rejects None cells
    analysis = PandasAnalysisBuilder(analyzer=analyzer).generate_analysis(filled, n=min(n, len(df)))
    return dict(analysis.entity_mapping)


# --- generated multi-locale table: meaningless column names, the truth written by the generator -------------------
LOCALES = ("en_US", "de_DE", "fr_FR", "nl_NL", "it_IT", "es_ES", "en_GB")
_COUNTRY = {
    "en_US": "United States",
    "de_DE": "Deutschland",
    "fr_FR": "France",
    "nl_NL": "Nederland",
    "it_IT": "Italia",
    "es_ES": "España",
    "en_GB": "United Kingdom",
}
_SEX = {
    "en_US": ("female", "male"),
    "de_DE": ("weiblich", "männlich"),
    "fr_FR": ("femme", "homme"),
    "nl_NL": ("vrouw", "man"),
    "it_IT": ("femmina", "maschio"),
    "es_ES": ("mujer", "hombre"),
    "en_GB": ("female", "male"),
}
_MARITAL = {
    "en_US": ("single", "married", "divorced", "widowed"),
    "de_DE": ("ledig", "verheiratet", "geschieden", "verwitwet"),
    "fr_FR": ("célibataire", "marié", "divorcé", "veuf"),
    "nl_NL": ("ongehuwd", "gehuwd", "gescheiden", "weduwe"),
    "it_IT": ("celibe", "coniugato", "divorziato", "vedovo"),
    "es_ES": ("soltero", "casado", "divorciado", "viudo"),
    "en_GB": ("single", "married", "divorced", "widowed"),
}
_DOB_FMT = {
    "en_US": "%m/%d/%Y",
    "de_DE": "%d.%m.%Y",
    "fr_FR": "%d/%m/%Y",
    "nl_NL": "%d-%m-%Y",
    "it_IT": "%d/%m/%Y",
    "es_ES": "%d/%m/%Y",
    "en_GB": "%d/%m/%Y",
}
#: column -> (entity, role); names are replaced by fld_1..fld_n in a seeded order
GEN_TRUTH: dict[str, tuple[str | None, str]] = {
    "name": ("PERSON", D),
    "email": ("EMAIL_ADDRESS", D),
    "street": ("STREET_ADDRESS", D),
    "iban": ("IBAN_CODE", D),
    "postcode": ("ZIP_CODE", Q),
    "city": ("CITY", Q),
    "region": ("US_STATE", Q),
    "country": ("COUNTRY", Q),
    "birth_date": ("DATE_OF_BIRTH", Q),
    "age": ("AGE", Q),
    "sex_code": ("GENDER", Q),
    "sex_word": ("GENDER", Q),
    "marital": ("MARITAL_STATUS", Q),
    "job": ("OCCUPATION", Q),
    "employer": ("COMPANY", Q),
    "visit_date": ("DATE_TIME", Q),
    "product_code": (None, O_),
    "amount": (None, O_),
    "quantity": (None, O_),
    "plan_tier": (None, O_),
}


def generate_multilocale(
    rows: int = 3000, seed: int = 0
) -> tuple[pd.DataFrame, dict[str, tuple[str | None, str]]]:
    """A table of people from seven Faker locales with meaningless column names (fld_1..fld_n) and its truth."""
    import datetime as dt
    import random

    from faker import Faker

    rng = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(seed + i)
    today = dt.date(2026, 1, 1)
    recs = []
    for _ in range(rows):
        loc = rng.choice(LOCALES)
        f = fakers[loc]
        female = rng.random() < 0.5
        dob = f.date_of_birth(minimum_age=18, maximum_age=90)
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        try:
            region = f.administrative_unit()
        except AttributeError:
            region = f.state()
        recs.append(
            {
                "name": f.name_female() if female else f.name_male(),
                "email": f.email(),
                "street": f.street_address(),
                "iban": f.iban(),
                "postcode": f.postcode(),
                "city": f.city(),
                "region": region,
                "country": _COUNTRY[loc],
                "birth_date": dob.strftime(_DOB_FMT[loc]),
                "age": str(age),
                "sex_code": "F" if female else "M",
                "sex_word": _SEX[loc][0 if female else 1],
                "marital": rng.choice(_MARITAL[loc]),
                "job": f.job(),
                "employer": f.company(),
                "visit_date": (today - dt.timedelta(days=rng.randrange(1, 1000))).isoformat(),
                "product_code": str(rng.randrange(10000, 100000)),
                "amount": f"{rng.uniform(1, 5000):.2f}",
                "quantity": str(rng.randrange(1, 21)),
                "plan_tier": rng.choice("ABCD"),
            }
        )
    df = pd.DataFrame(recs)
    order = list(df.columns)
    rng.shuffle(order)
    names = {c: f"fld_{i + 1}" for i, c in enumerate(order)}
    df = df[order].rename(columns=names)
    return df, {names[c]: GEN_TRUTH[c] for c in order}


def qi_recall(pred_roles: dict[str, str], truth: dict[str, tuple[str | None, str]]) -> float:
    qis = [c for c, (_, r) in truth.items() if r == Q]
    return round(sum(pred_roles.get(c) == Q for c in qis) / len(qis), 4) if qis else 1.0


def multilocale_level(rows: int = 3000, seed: int = 0, sample_size: int = 1000) -> dict:
    df, truth = generate_multilocale(rows, seed)
    t0 = time.perf_counter()
    roles, decisions, suggested = riskaudit_roles(df, sample_size, with_suggested=True)
    out = {
        **score_roles(roles, truth),
        "qi_recall": qi_recall(roles, truth),
        "seconds": round(time.perf_counter() - t0, 2),
        "decisions": decisions,
        "truth": {c: e for c, (e, _) in truth.items()},
        "suggested_quasi_identifiers": suggested,
        "locales": list(LOCALES),
        "rows": rows,
        "seed": seed,
    }
    return out


SPAN_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "DATE_TIME": "DATE_TIME",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "AGE": "AGE",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "ZIP_CODE": "ZIP_CODE",
    "DOMAIN_NAME": "URL",
    "IBAN_CODE": "IBAN_CODE",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
}
_PRED_ALIAS = {"DATE_OF_BIRTH": "DATE_TIME"}


def span_level(shared: Path) -> dict:
    from riskaudit.pii import build_analyzer
    from riskaudit.pii._free_text import analyze_text

    data = json.loads((shared / "data" / "pii" / "presidio_synth_dataset_v2.json").read_text())
    analyzer = build_analyzer(("US",))
    tp, fp, fn = Counter(), Counter(), Counter()
    cache: dict = {}
    for rec in data:
        text = rec["full_text"]
        gold = [
            (SPAN_MAP[s["entity_type"]], s["start_position"], s["end_position"])
            for s in rec["spans"]
            if s["entity_type"] in SPAN_MAP
        ]
        preds = [
            (_PRED_ALIAS.get(r.entity_type, r.entity_type), r.start, r.end)
            for r in analyze_text(analyzer, text, 0.4, cache)
        ]
        preds = list(dict.fromkeys(preds))
        for g in gold:
            if any(p[0] == g[0] and p[1] < g[2] and g[1] < p[2] for p in preds):
                tp[g[0]] += 1
            else:
                fn[g[0]] += 1
        for p in preds:
            if p[0] in SPAN_MAP.values() and not any(
                p[0] == g[0] and p[1] < g[2] and g[1] < p[2] for g in gold
            ):
                fp[p[0]] += 1
    out = {}
    for e in sorted(set(SPAN_MAP.values())):
        t, f_p, f_n = tp[e], fp[e], fn[e]
        out[e] = {
            "gold": t + f_n,
            "precision": round(t / (t + f_p), 3) if t + f_p else None,
            "recall": round(t / (t + f_n), 3) if t + f_n else None,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--no-structured", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not (a.shared / "data" / "pii").is_dir():
        print(f"skip: {a.shared}/data/pii is absent", file=sys.stderr)
        return 0
    col = column_level(a.shared, with_structured=not a.no_structured)
    multi = multilocale_level()
    spans = span_level(a.shared)
    if a.json:
        print(
            json.dumps(
                {"column_level": col, "multilocale": multi, "span_level": spans}, indent=2, sort_keys=True
            )
        )
        return 0
    print("column level, FakeNameGenerator.com_3000.csv (30 columns, sample 1,000 values per column)")
    print(
        f"{'tool / columns':36s} {'direct P':>8s} {'R':>6s} {'F1':>6s} {'role acc':>8s} {'QI rec':>6s} {'secs':>6s}"
    )
    for k, v in col.items():
        d = v["direct_identifiers"]
        qr = f"{v['qi_recall']:6.3f}" if "qi_recall" in v else f"{'-':>6s}"
        print(
            f"{k:36s} {d['precision']:8.3f} {d['recall']:6.3f} {d['f1']:6.3f} {v['role_accuracy']:8.3f} {qr} {v['seconds']:6.1f}"
        )
    for k, v in col.items():
        print(f"  {k}: " + ", ".join(f"{r} F1 {v[r]['f1']:.2f}" for r in ROLES))
    for label in ("names", "renamed"):
        ours, theirs = col.get(f"riskaudit_{label}"), col.get(f"presidio_structured_{label}")
        if ours and theirs:
            print(
                f"direct-identifier F1 {label}: riskaudit {ours['direct_identifiers']['f1']:.3f} vs presidio-structured "
                f"{theirs['direct_identifiers']['f1']:.3f}"
            )
    d = multi["direct_identifiers"]
    print(
        f"\ncolumn level, generated multi-locale table ({multi['rows']:,} rows, {len(multi['truth'])} columns fld_1..fld_n, "
        f"locales {', '.join(multi['locales'])}, seed {multi['seed']})"
    )
    print(
        f"{'riskaudit_multilocale_renamed':36s} {d['precision']:8.3f} {d['recall']:6.3f} {d['f1']:6.3f} "
        f"{multi['role_accuracy']:8.3f} {multi['qi_recall']:6.3f} {multi['seconds']:6.1f}"
    )
    wrong = {c: (p, multi["truth"][c]) for c, p in multi["decisions"].items() if p != multi["truth"][c]}
    print(
        f"  wrong decisions: {wrong or 'none'}; suggested QIs: {', '.join(multi['suggested_quasi_identifiers'])}"
    )
    for k, v in col.items():
        if k.startswith("riskaudit"):
            tr = TRUTH if k.endswith("names") else {f"col_{i + 1}": t for i, t in enumerate(TRUTH.values())}
            wrong = {c: p for c, p in v["decisions"].items() if (p is None) != (tr[c][0] is None)}
            print(f"  {k}: columns found/missed against the truth: {wrong or 'none'}")
    print("\nspan level, presidio_synth_dataset_v2.json (1,500 sentences; overlap match, score >= 0.4)")
    for e, v in spans.items():
        p = "-" if v["precision"] is None else f"{v['precision']:.3f}"
        r = "-" if v["recall"] is None else f"{v['recall']:.3f}"
        print(f"  {e:20s} gold {v['gold']:4d}  precision {p:>6s}  recall {r:>6s}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
