"""Group labels of protected attributes (issue 13, Leaks): a rare value or one the PII recognisers flag (an SSN or
a name typed into ``race``) is never printed; it is named ``<race group K, masked>`` with K its rank by rows.

The dataset plants a canary SSN and a canary name in one row each of ``race`` (and a name in ``sex``) among
common values; the audit (every format), the gate summary and the ad-hoc ``bias`` command run on it, and every
output file, stdout and stderr is searched for the canaries. Expected shown labels are computed here by hand
from the planted counts.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from helpers import cli

FMTS = "json,md,html,sarif,junit,spdx,croissant"
SSN = "536-22-8714"
NAME = "Ottoline Vexworth"
SEX_NAME = "Barnaby Quillfeather"
CANARIES = [SSN, "536228714", NAME, "Ottoline", "Vexworth", SEX_NAME, "Barnaby", "Quillfeather"]

# race counts (n = 400): White 200, Black 150, Asian 40, Other 5, Unknown (empty) 3, SSN 1, NAME 1
RACE = ["White"] * 200 + ["Black"] * 150 + ["Asian"] * 40 + ["Other"] * 5 + [""] * 3 + [SSN, NAME]
# rank by rows, ties by raw value: White 1, Black 2, Asian 3, Other 4, then the 1-row values and Unknown (3 rows):
# Unknown 5, "536-..." 6, "Ottoline..." 7 ("5" < "O")
EXPECTED_RACE = {
    "White": 200,
    "Black": 150,
    "Asian": 40,
    "<race group 4, masked>": 5,
    "Unknown": 3,
    "<race group 6, masked>": 1,
    "<race group 7, masked>": 1,
}


def _frame() -> pd.DataFrame:
    n = len(RACE)
    sex = ["Female" if i % 2 else "Male" for i in range(n)]
    sex[250] = SEX_NAME  # an even (Male) row of Black: the intersection 'Black x <sex group 3, masked>'
    return pd.DataFrame(
        {
            "id": range(n),
            "race": RACE,
            "sex": sex,
            "hired": [int((i * 7) % 10 < 4) for i in range(n)],
            "pred": [int((i * 3) % 10 < 4) for i in range(n)],
            "score": [((i * 37) % 100) / 100 for i in range(n)],
        }
    )


@pytest.fixture(scope="module")
def audited(tmp_path_factory) -> tuple[Path, list[str]]:
    d = tmp_path_factory.mktemp("grouplabels")
    _frame().to_csv(d / "data.csv", index=False)
    cfg = {
        "columns": {
            "id": "id",
            "protected": ["race", "sex"],
            "label": "hired",
            "prediction": "pred",
            "score": "score",
        },
        "bias": {"n_boot": 20, "reference_population": {"race": {"White": 0.6, "Black": 0.3, "Asian": 0.1}}},
    }
    (d / "cfg.json").write_text(json.dumps(cfg))
    before = (d / "data.csv").read_bytes()
    old = os.getcwd()
    os.chdir(d)
    logs: list[str] = []
    try:
        for args in (
            ["audit", "data.csv", "-c", "cfg.json", "-f", FMTS, "-o", "out"],
            ["audit", "data.csv", "-c", "cfg.json", "-f", "json", "-o", "again"],
            ["gate", "data.csv", "-c", "cfg.json", "-p", "release-gate", "--summary", "summary.md"],
            [
                "bias",
                "data.csv",
                "-c",
                "cfg.json",
                "--protected",
                "race,sex",
                "--label",
                "hired",
                "--prediction",
                "pred",
                "--score",
                "score",
            ],
        ):
            r = cli(*args)
            assert r.exit_code in (0, 1), (args, r.stderr[-2000:])
            logs += [r.stdout, r.stderr]
    finally:
        os.chdir(old)
    assert (d / "data.csv").read_bytes() == before
    return d, logs


def _texts(d: Path, logs: list[str]) -> dict[str, str]:
    out = {
        str(p.relative_to(d)): p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.name not in ("data.csv", "cfg.json")
    }
    out.update({f"log{i}": t for i, t in enumerate(logs)})
    return out


def test_no_canary_in_any_output(audited):
    d, logs = audited
    texts = _texts(d, logs)
    assert {
        "out/scorecard.json",
        "out/report.md",
        "out/report.html",
        "out/report.sarif",
        "out/report.junit.xml",
        "summary.md",
    } <= set(texts)
    for name, text in texts.items():
        low = text.lower()
        hits = [c for c in CANARIES if c.lower() in low]
        assert not hits, f"{name} leaks {hits}"


def test_common_groups_still_shown(audited):
    d, logs = audited
    texts = _texts(d, logs)
    for name in ("out/scorecard.json", "out/report.md", "out/report.html"):
        for g in ("White", "Black", "Asian", "Female", "Male"):
            assert g in texts[name], (name, g)
    assert "<race group 6, masked>" in "\n".join(logs)  # the ad-hoc bias command prints the shown form too


def _bias(d: Path, sub: str = "out") -> dict:
    return json.loads((d / sub / "scorecard.json").read_text())["results"]["bias"]


def test_labels_masked_by_rank_and_consistent_everywhere(audited):
    d, _ = audited
    b = _bias(d)
    attrs = {a["attribute"]: a for a in b["attributes"]}
    race = attrs["race"]
    assert {g["group"]: g["n"] for g in race["groups"]} == EXPECTED_RACE
    assert next(g for g in race["groups"] if g["group"] == "Unknown")["unknown"] is True
    # small groups (below 30 rows or 2% of 400) are named by their shown label only
    assert sorted(race["small_groups"]) == sorted(g for g, n in EXPECTED_RACE.items() if n < 30)
    shown = set(EXPECTED_RACE)
    assert {g["group"] for g in race["model"]["groups"]} <= shown
    assert {g["group"] for g in race["model"]["calibration"]} <= shown
    for m in race["missingness"]:
        assert set(m["by_group"]) <= shown
    rep = race["representation"]
    assert {g["group"] for g in rep["groups"]} == {"White", "Black", "Asian"}
    assert set(rep["not_in_reference"]) <= shown
    sex = attrs["sex"]
    assert {g["group"]: g["n"] for g in sex["groups"]} == {
        "Female": 200,
        "Male": 199,
        "<sex group 3, masked>": 1,
    }
    # intersections: each part masked by its own attribute's rule, the counts unchanged
    inter = attrs["race x sex"]
    groups = {g["group"]: g["n"] for g in inter["groups"]}
    assert groups["Black x <sex group 3, masked>"] == 1
    assert groups["<race group 6, masked> x Male"] == 1  # the SSN is row 398 (even: Male)
    assert groups["White x Male"] + groups["White x Female"] == 200
    assert sum(groups.values()) == 400
    assert all(
        p in shown | {"Male", "Female", "<sex group 3, masked>"} for g in groups for p in g.split(" x ")
    )


def test_scorecard_bytes_identical_across_runs(audited):
    d, _ = audited
    a = json.loads((d / "out" / "scorecard.json").read_text())
    b = json.loads((d / "again" / "scorecard.json").read_text())
    assert a["results"]["bias"] == b["results"]["bias"]
    assert json.dumps(a["checks"], sort_keys=True) == json.dumps(b["checks"], sort_keys=True)


def test_rule_units():
    from riskaudit.bias._groups import GroupSpec
    from riskaudit.bias._shown import MAX_SHOWN_GROUP, _column_map

    spec = GroupSpec("race", "categorical")
    long_common = "Native Hawaiian or Other Pacific Islander"  # 41 characters, a census category
    counts = pd.Series(
        {
            "White": 50,
            long_common: 40,
            "x" * (MAX_SHOWN_GROUP + 1): 40,
            "jane@example.org": 35,
            "Unknown": 2,
            "1": 1,
        }
    )
    m = _column_map(counts, spec, 30)
    assert m["White"] == "White" and m[long_common] == long_common and m["Unknown"] == "Unknown"
    assert m["x" * (MAX_SHOWN_GROUP + 1)] == "<race group 3, masked>"  # too long; ties at 40 by raw value
    assert m["jane@example.org"] == "<race group 4, masked>"  # flagged by the recognisers although common
    assert m["1"] == "1"  # binary codes are always shown (the label-value rule)
    bands = _column_map(pd.Series({"<18": 1, "18-24": 40}), GroupSpec("age", "age", (18, 25)), 30)
    assert bands == {"<18": "<18", "18-24": "18-24"}  # bands are made by riskaudit, never data
