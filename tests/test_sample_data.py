"""Checks the committed sample data against the facts documented in sample_data/README.md.

The expected numbers below are the ground truths printed in the README (both are produced by
sample_data/generate.py); if the data or the README drift apart, these tests fail.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parent.parent / "sample_data"

HOSPITAL_COLUMNS = [
    "person_id",
    "patient_name",
    "ssn",
    "email",
    "phone",
    "street_address",
    "city",
    "state",
    "zip5",
    "date_of_birth",
    "sex",
    "race",
    "ethnicity",
    "admission_date",
    "discharge_date",
    "primary_diagnosis",
    "length_of_stay",
    "total_charges",
    "insurance_plan_id",
    "medical_record_number",
    "readmitted_30d",
    "risk_score",
    "predicted_readmit",
    "clinical_note",
]
DEID_COLUMNS = [
    "person_id",
    "zip3",
    "birth_year",
    "sex",
    "race",
    "ethnicity",
    "admission_date",
    "discharge_date",
    "primary_diagnosis",
    "length_of_stay",
    "total_charges",
    "readmitted_30d",
]
REGISTER_COLUMNS = ["person_id", "full_name", "zip5", "date_of_birth", "sex"]

RACES = {
    "White",
    "Black or African American",
    "Asian",
    "American Indian or Alaska Native",
    "Native Hawaiian or Other Pacific Islander",
    "Two or More Races",
}
BLACK = "Black or African American"

NAME_IN_NOTE_RE = (
    r"\b(?:[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|[Ss]ister|[Bb]rother|[Nn]iece|[Nn]ephew"
    r"|[Mm]other|[Ff]ather|[Cc]aregiver) [A-Z][a-z]"
)
PHONE_IN_NOTE_RE = r"\(\d{3}\) \d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b|\+1 \d{3} \d{3} \d{4}"
EMAIL_IN_NOTE_RE = r"[\w.+-]+@[\w-]+\.[\w.]+"

# Documented ground truths (sample_data/README.md).
EXPECTED = {
    "hospital_zip5_dob_sex": {"classes": 19684, "k": 1, "uniques": 19376},
    "hospital_zip5_sex": {"classes": 147, "k": 1, "uniques": 20},
    "deid_zip3_year_sex": {"classes": 2664, "k": 1, "uniques": 1329},
    "linkage_exactly_one": 7722,
    "linkage_correct": 7593,
    "notes": {"name": 3011, "phone": 1492, "email": 992},
    "name_variants": 400,
    "dob_swaps": 160,
    "impact_ratio": "0.6574",
}


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def hosp() -> pd.DataFrame:
    return _read("hospital_discharges.csv")


@pytest.fixture(scope="module")
def deid() -> pd.DataFrame:
    return _read("hospital_discharges_deid.csv")


@pytest.fixture(scope="module")
def reg() -> pd.DataFrame:
    return _read("public_register.csv")


@pytest.fixture(scope="module")
def readme() -> str:
    return (DATA / "README.md").read_text(encoding="utf-8")


def _classes(df: pd.DataFrame, qis: list[str]) -> dict[str, int]:
    sizes = df.groupby(qis, dropna=False).size()
    return {"classes": len(sizes), "k": int(sizes.min()), "uniques": int((sizes == 1).sum())}


# ------------------------------------------------------------------------------------------- format
def test_files_shape_and_format() -> None:
    total = 0
    for name, cols, n in [
        ("hospital_discharges.csv", HOSPITAL_COLUMNS, 20_000),
        ("hospital_discharges_deid.csv", DEID_COLUMNS, 20_000),
        ("public_register.csv", REGISTER_COLUMNS, 12_000),
    ]:
        raw = (DATA / name).read_bytes()
        total += len(raw)
        assert b"\r" not in raw
        raw.decode("utf-8")
        assert raw.split(b"\n", 1)[0].decode() == ",".join(cols)
        df = _read(name)
        assert list(df.columns) == cols
        assert len(df) == n
        assert df["person_id"].is_unique
        assert df["person_id"].str.fullmatch(r"P\d{7}").all()
    assert total < 10 * 1024 * 1024


def test_hospital_columns(hosp: pd.DataFrame) -> None:
    h = hosp
    assert h["ssn"].str.fullmatch(r"(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}").all()
    assert h["phone"].str.fullmatch(r"\(\d{3}\) \d{3}-\d{4}|\d{3}-\d{3}-\d{4}|\+1 \d{3} \d{3} \d{4}").all()
    for fmt in [r"\(\d{3}\) .*", r"\d{3}-.*", r"\+1 .*"]:  # all three formats are used
        assert h["phone"].str.fullmatch(fmt).sum() > 1000
    assert h["email"].str.fullmatch(r"[a-z0-9._]+@[a-z]+\.[a-z]+").all()
    assert (
        h["medical_record_number"].str.fullmatch(r"MRN\d{8}").all() and h["medical_record_number"].is_unique
    )
    assert h["insurance_plan_id"].str.fullmatch(r"HP-\d{9}").all()
    assert set(h["state"]) <= {"NY", "NJ"}
    assert h["zip5"].str.fullmatch(r"\d{5}").all()
    assert h["zip5"].nunique() == 60
    assert h["zip5"].str.startswith("0").any()  # leading zeros kept (NJ ZIPs)
    sizes = h["zip5"].value_counts()
    assert sizes.iloc[0] > 2000 and (sizes < 10).sum() >= 5  # skewed: a few big ZIPs, several tiny
    assert set(h["sex"]) == {"F", "M", ""}
    assert set(h["race"]) == RACES | {""}
    assert set(h["ethnicity"]) == {"Hispanic or Latino", "Not Hispanic or Latino", ""}
    assert 0.002 < (h["sex"] == "").mean() < 0.01
    assert 0.01 < (h["race"] == "").mean() < 0.02
    assert 0.005 < (h["ethnicity"] == "").mean() < 0.015
    adm = pd.to_datetime(h["admission_date"], format="%Y-%m-%d")
    dis = pd.to_datetime(h["discharge_date"], format="%Y-%m-%d")
    dob = pd.to_datetime(h["date_of_birth"], format="%Y-%m-%d")
    los = h["length_of_stay"].astype(int)
    assert adm.dt.year.between(2023, 2024).all()
    assert ((dis - adm).dt.days == los).all() and los.between(1, 60).all()
    age = (adm - dob).dt.days / 365.25
    assert age.between(0, 101).all() and (age >= 90).sum() > 50 and age.median() > 55
    assert h["total_charges"].str.fullmatch(r"\d+\.\d{2}").all()
    assert h["risk_score"].str.fullmatch(r"[01]\.\d{4}").all()
    assert h["risk_score"].astype(float).between(0, 1).all()
    assert 20 <= h["primary_diagnosis"].nunique() <= 30
    assert h["clinical_note"].str.len().between(40, 120).all()


def test_race_mix_varies_by_zip(hosp: pd.DataFrame) -> None:
    share = pd.crosstab(hosp["zip5"], hosp["race"], normalize="index")
    assert share.at["11203", BLACK] > 0.5
    assert share.at["11209", "White"] > 0.5
    assert share.at["11355", "Asian"] > 0.5


# ------------------------------------------------------------------------------------------- bias
def test_readmission_bias(hosp: pd.DataFrame, readme: str) -> None:
    y = hosp["readmitted_30d"].astype(int)
    yhat = hosp["predicted_readmit"].astype(int)
    assert 0.08 <= y.mean() <= 0.20
    white, black = hosp["race"] == "White", hosp["race"] == BLACK
    sr_w, sr_b = yhat[white].mean(), yhat[black].mean()
    assert sr_b > sr_w
    ratio = min(sr_w, sr_b) / max(sr_w, sr_b)
    assert 0.6 <= ratio < 0.8
    assert f"{ratio:.4f}" == EXPECTED["impact_ratio"]
    assert f"**{EXPECTED['impact_ratio']}**" in readme
    fpr_w = yhat[white & (y == 0)].mean()
    fpr_b = yhat[black & (y == 0)].mean()
    assert fpr_b > fpr_w + 0.05
    # the true label does not depend on race: base rates are close
    assert abs(y[white].mean() - y[black].mean()) < 0.02
    # documented mechanism reproduces the decision exactly
    s_e4 = hosp["risk_score"].str.replace(".", "", regex=False).astype(int)  # exact ten-thousandths
    assert ((s_e4 + 500 * black >= 2500).astype(int) == yhat).all()
    for race in ["White", BLACK]:
        m = hosp["race"] == race
        row = (
            f"| {race} | {int(m.sum())} | {y[m].mean():.4f} | {yhat[m].mean():.4f} | "
            f"{yhat[m & (y == 0)].mean():.4f} |"
        )
        assert row in readme


# ------------------------------------------------------------------------------------------- k-anonymity
def test_equivalence_classes(hosp: pd.DataFrame, deid: pd.DataFrame, readme: str) -> None:
    for key, df, qis, label in [
        (
            "hospital_zip5_dob_sex",
            hosp,
            ["zip5", "date_of_birth", "sex"],
            "| hospital_discharges | (zip5, date_of_birth, sex) |",
        ),
        ("hospital_zip5_sex", hosp, ["zip5", "sex"], "| hospital_discharges | (zip5, sex) |"),
        (
            "deid_zip3_year_sex",
            deid,
            ["zip3", "birth_year", "sex"],
            "| hospital_discharges_deid | (zip3, birth_year, sex) |",
        ),
    ]:
        got = _classes(df, qis)
        exp = EXPECTED[key]
        assert got == exp, key
        assert f"{label} {exp['classes']} | {exp['k']} | {exp['uniques']} |" in readme
    assert EXPECTED["deid_zip3_year_sex"]["uniques"] >= 1000


def test_deid_is_consistent_with_hospital(hosp: pd.DataFrame, deid: pd.DataFrame) -> None:
    assert set(deid["person_id"]) == set(hosp["person_id"])
    assert not (deid["person_id"].to_numpy() == hosp["person_id"].to_numpy()).all()  # shuffled
    assert deid["zip3"].str.fullmatch(r"\d{3}").all()
    m = deid.merge(hosp, on="person_id", suffixes=("", "_h"))
    assert (m["zip3"] == m["zip5"].str[:3]).all()
    assert (m["birth_year"] == m["date_of_birth"].str[:4]).all()
    for col in [
        "sex",
        "race",
        "ethnicity",
        "primary_diagnosis",
        "length_of_stay",
        "total_charges",
        "readmitted_30d",
    ]:
        assert (m[col] == m[f"{col}_h"]).all(), col
    shift_a = (pd.to_datetime(m["admission_date"]) - pd.to_datetime(m["admission_date_h"])).dt.days
    shift_d = (pd.to_datetime(m["discharge_date"]) - pd.to_datetime(m["discharge_date_h"])).dt.days
    assert (shift_a == shift_d).all() and shift_a.between(-30, 30).all() and shift_a.nunique() == 61


# ------------------------------------------------------------------------------------------- linkage
def test_register_overlap_and_perturbations(hosp: pd.DataFrame, reg: pd.DataFrame, readme: str) -> None:
    in_hosp = reg["person_id"].isin(hosp["person_id"])
    assert in_hosp.sum() == 8000
    assert (~in_hosp).sum() == 4000
    m = reg[in_hosp].merge(hosp, on="person_id", suffixes=("", "_h"))
    assert (m["zip5"] == m["zip5_h"]).all() and (m["sex"] == m["sex_h"]).all()
    name_diff = m["full_name"] != m["patient_name"]
    dob_diff = m["date_of_birth"] != m["date_of_birth_h"]
    assert name_diff.sum() == EXPECTED["name_variants"]
    assert dob_diff.sum() == EXPECTED["dob_swaps"]
    assert not (name_diff & dob_diff).any()
    swapped = m.loc[dob_diff, "date_of_birth_h"].str.replace(
        r"^(\d{4})-(\d{2})-(\d{2})$", r"\1-\3-\2", regex=True
    )
    assert (swapped == m.loc[dob_diff, "date_of_birth"]).all()
    assert f"exactly **{EXPECTED['name_variants']}** rows" in readme
    assert f"exactly **{EXPECTED['dob_swaps']}** rows" in readme


def test_exact_linkage_counts(hosp: pd.DataFrame, reg: pd.DataFrame, readme: str) -> None:
    keys = ["zip5", "date_of_birth", "sex"]
    sizes = hosp.groupby(keys).size().rename("n").reset_index()
    m = reg.merge(sizes, on=keys, how="inner")
    one = m[m["n"] == 1].merge(hosp[[*keys, "person_id"]], on=keys, suffixes=("", "_h"))
    assert len(one) == EXPECTED["linkage_exactly_one"]
    assert (one["person_id"] == one["person_id_h"]).sum() == EXPECTED["linkage_correct"]
    assert f"exactly one** hospital record: **{EXPECTED['linkage_exactly_one']:,}**" in readme
    assert f"(correct re-identifications): **{EXPECTED['linkage_correct']:,}**" in readme


# ------------------------------------------------------------------------------------------- free text
def test_identifiers_in_notes(hosp: pd.DataFrame, readme: str) -> None:
    note = hosp["clinical_note"]
    got = {
        "name": int(note.str.contains(NAME_IN_NOTE_RE, regex=True).sum()),
        "phone": int(note.str.contains(PHONE_IN_NOTE_RE, regex=True).sum()),
        "email": int(note.str.contains(EMAIL_IN_NOTE_RE, regex=True).sum()),
    }
    assert got == EXPECTED["notes"]
    for kind, label in [
        ("name", "a person's name"),
        ("phone", "a phone number"),
        ("email", "an e-mail address"),
    ]:
        assert f"notes containing {label}: **{got[kind]}**" in readme
    assert not note.str.contains(r"\b\d{3}-\d{2}-\d{4}\b|MRN\d", regex=True).any()


def test_readme_synthetic_disclaimer(readme: str) -> None:
    assert "Entirely synthetic" in readme
    assert "coincidental" in readme
