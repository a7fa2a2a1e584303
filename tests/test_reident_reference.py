"""k-anonymity and prosecutor risk against pycanon's published values and an independent pandas group-by."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import cli


@pytest.mark.parametrize(
    "file,qis,k",
    [
        ("pycanon/StudentsMath_Score.csv", "Teacher,Gender,Ethnic,Freeredu,wesson", 1),
        ("pycanon/StudentsMath_Score_k5.csv", "Teacher,Gender,Ethnic,Freeredu,wesson", 5),
        ("pycanon/adult_anonymized_3.csv", "age,education,occupation,relationship,sex,native-country", 3),
    ],
)
def test_pycanon_published_k_through_cli(shared_data, file, qis, k):
    r = cli("risk", str(shared_data / file), "--qi", qis, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["k"] == k


def test_arx_adult_classes_and_uniques(shared_data):
    # dependency-notes.md: GROUP BY over all 9 columns of ARX's adult.csv -> 19,502 classes, 15,512 sample uniques
    cols = "sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class"
    r = cli("risk", str(shared_data / "arx/adult.csv"), "--qi", cols, "--json")
    out = json.loads(r.stdout)
    assert (out["records"], out["classes"], out["sample_uniques"]) == (30162, 19502, 15512)


def test_sample_audit_matches_pandas_groupby(sample_dir, tmp_path):
    path = sample_dir / "hospital_discharges.csv"
    qis = ["zip5", "date_of_birth", "sex"]
    r = cli("risk", str(path), "--qi", ",".join(qis), "--json")
    assert r.exit_code == 0, r.stderr
    got = json.loads(r.stdout)
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    sizes = df.groupby(qis, dropna=False).size()
    hist = sizes.value_counts().sort_index()
    assert got["k"] == int(sizes.min())
    assert got["classes"] == len(sizes)
    assert got["class_size_histogram"] == {str(int(s)): int(c) for s, c in hist.items()}
    assert got["prosecutor"]["highest"] == pytest.approx(1 / sizes.min())
    assert got["prosecutor"]["average"] == pytest.approx(len(sizes) / len(df))
    small = int(sizes[sizes < 5].sum())
    assert got["records_in_small_classes"] == small
