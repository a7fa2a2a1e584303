"""Derived-release privacy: hand-computed Gower DCRs, DCR share/score against independent loops on the shared
Anonymeter Adult files, overfitted and safe extremes, the unequal-size correction, membership metrics on a
score file with known answers, the commands and results.derived in the scorecard."""

from __future__ import annotations

import json
import math
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest

from helpers import cli
from riskaudit.derived._gower import encode, nearest_two
from riskaudit.derived._membership import membership_metrics

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")
ANON = SHARED / "anonymeter"
needs_data = pytest.mark.skipif(
    not (ANON / "adults_ori_100.csv").exists(), reason="shared Anonymeter data not present"
)


def test_hand_computed_gower_dcr():
    train = pd.DataFrame({"age": ["20", "40", None], "group": ["A", "B", "A"]})
    syn = pd.DataFrame({"age": ["30", None, "100", "20"], "group": ["A", "B", "C", None]})
    space, (t, s) = encode([train, syn], ["age", "group"])
    assert space.numeric == ["age"] and space.categorical == ["group"]
    d1, d2 = nearest_two(space, s, t)
    # range of train age = 20.  (30,A): to (20,A) = (10/20 + 0)/2 = .25; to (NULL,A) = (1 + 0)/2 = .5; to (40,B) = (.5+1)/2
    # (NULL,B): to (40,B) = (1+0)/2 = .5, to (NULL,A) = (0+1)/2 = .5 -> .5, .5
    # (100,C): |100-20|/20 capped at 1 -> every pair 1 -> 1, 1
    # (20,NULL): to (20,A) = (0+1)/2 = .5; to (40,B) = (1+1)/2 -> next .5 from (NULL,A)? (1+1)/2 = 1 -> d2 = 1
    assert d1.tolist() == pytest.approx([0.25, 0.5, 1.0, 0.5])
    assert d2.tolist() == pytest.approx([0.5, 0.5, 1.0, 1.0])


def test_constant_numeric_column_and_null_vs_null():
    train = pd.DataFrame({"x": ["5", "5"], "y": [None, "q"]})
    syn = pd.DataFrame({"x": ["5", "6"], "y": [None, None]})
    space, (t, s) = encode([train, syn], ["x", "y"])
    d1, _ = nearest_two(space, s, t)
    # range 0: equal -> 0, different -> 1; NULL vs NULL = 0
    assert d1.tolist() == pytest.approx([0.0, 0.5])


# ----------------------------------------------------------------- independent reference (plain loops)


def _ref_dcr(syn: pd.DataFrame, ref: pd.DataFrame, numeric: list[str]) -> np.ndarray:
    cols = list(syn.columns)
    ranges = {c: ref[c].max() - ref[c].min() for c in numeric}
    out = []
    srows = [tuple(r) for r in syn[cols].itertuples(index=False)]
    rrows = [tuple(r) for r in ref[cols].itertuples(index=False)]
    for a in srows:
        best = math.inf
        for b in rrows:
            tot = 0.0
            for k, c in enumerate(cols):
                x, y = a[k], b[k]
                xn, yn = pd.isna(x), pd.isna(y)
                if xn and yn:
                    v = 0.0
                elif xn or yn:
                    v = 1.0
                elif c in numeric:
                    v = (0.0 if x == y else 1.0) if ranges[c] == 0 else min(abs(x - y) / ranges[c], 1.0)
                else:
                    v = 0.0 if x == y else 1.0
                tot += v
            best = min(best, tot / len(cols))
        out.append(best)
    return np.array(out)


def _adult(path: Path, n: int | None = None, skip: int = 0) -> pd.DataFrame:
    df = pd.read_csv(path, skipinitialspace=True)
    df = df.iloc[skip : skip + n] if n is not None else df
    return df.drop(columns=[c for c in ("fnlwgt",) if c in df.columns]).reset_index(drop=True)


def _run(tmp_path, syn: pd.DataFrame, train: pd.DataFrame, holdout: pd.DataFrame, *extra: str) -> dict:
    paths = []
    for name, df in (("syn", syn), ("train", train), ("holdout", holdout)):
        p = tmp_path / f"{name}.csv"
        df.to_csv(p, index=False)
        paths.append(str(p))
    r = cli(
        "synth-privacy",
        paths[0],
        "--train",
        paths[1],
        "--holdout",
        paths[2],
        "--no-attacks",
        "--json",
        *extra,
    )
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["synthetic"]


NUMERIC = ["age", "education_num", "capital_gain", "capital_loss", "hr_per_week"]


@needs_data
def test_anonymeter_pair_dcr_share_and_score_match_independent_loops(tmp_path):
    ori, syn = _adult(ANON / "adults_ori_100.csv"), _adult(ANON / "adults_syn_100.csv")
    hol = _adult(ANON / "adults_control.csv", n=100)
    got = _run(tmp_path, syn, ori, hol)
    d = got["dcr"]
    assert d["search"] == "exact" and not d["equalised"] and sorted(d["numeric_columns"]) == sorted(NUMERIC)
    t = _ref_dcr(syn, ori, NUMERIC)
    h = _ref_dcr(syn, hol, NUMERIC)
    closer, ties = np.mean(t < h), np.mean(t == h)
    assert d["closer_to_train"] == pytest.approx(closer)
    assert d["ties"] == pytest.approx(ties)
    assert d["dcr_share"] == pytest.approx(closer + ties / 2)
    assert d["overfitting_protection"] == pytest.approx(min(2 * (1 - closer), 1.0))
    assert d["dcr_train"]["median"] == pytest.approx(np.median(t))
    assert d["ims_train"] == pytest.approx(np.mean(t == 0))


@needs_data
def test_train_copy_is_fully_overfitted_and_holdout_sample_is_safe(tmp_path):
    train = _adult(ANON / "adults_control.csv", n=300)
    hold = _adult(ANON / "adults_control.csv", n=300, skip=300)
    full = _run(tmp_path, train, train, hold)
    assert _run(tmp_path, train, train, hold) == full  # seeded: the same input gives the same result
    copy = full["dcr"]
    # the density-ratio attack finds copied members (common Adult profiles stay hidden among look-alikes)
    assert full["domias"]["metrics"]["auc_ci"][0] > 0.55
    assert copy["ims_train"] == 1.0 and copy["dcr_train"]["median"] == 0.0
    # rows that also occur verbatim in the holdout are ties; everything else is closer to train
    assert copy["closer_to_train"] + copy["ties"] == 1.0 and copy["closer_to_train"] >= 0.95
    assert copy["overfitting_protection"] <= 0.1 and copy["dcr_share"] >= 0.97
    safe = _run(tmp_path, hold.iloc[:150], train, hold)["dcr"]
    assert safe["ims_holdout"] == 1.0 and safe["closer_to_train"] == 0.0
    assert safe["overfitting_protection"] == 1.0 and safe["dcr_share"] <= 0.03


@pytest.mark.slow
@needs_data
def test_unequal_sizes_are_corrected_with_a_warning(tmp_path):
    # synthetic = fresh real records from the same source: no overfitting, the true DCR share is 0.5
    train = _adult(ANON / "adults_control.csv", n=200)
    hold = _adult(ANON / "adults_control.csv", n=2000, skip=200)
    syn = _adult(ANON / "adults_control.csv", n=200, skip=2200)
    t, h = _ref_dcr(syn, train, NUMERIC), _ref_dcr(syn, hold, NUMERIC)
    uncorrected = np.mean(t < h) + np.mean(t == h) / 2
    assert uncorrected < 0.3  # a 10x larger holdout pulls the share far below 0.5
    paths = []
    for name, df in (("syn", syn), ("train", train), ("holdout", hold)):
        p = tmp_path / f"{name}.csv"
        df.to_csv(p, index=False)
        paths.append(str(p))
    r = cli("synth-privacy", paths[0], "--train", paths[1], "--holdout", paths[2], "--no-attacks", "--json")
    assert r.exit_code == 0 and "differ in size" in r.stderr
    d = json.loads(r.stdout)["synthetic"]["dcr"]
    assert d["equalised"] and d["rows"]["holdout_used"] == d["rows"]["train_used"] == 200
    lo, hi = d["dcr_share_ci"]
    assert lo <= 0.5 <= hi and d["dcr_share"] > uncorrected + 0.1


# ----------------------------------------------------------------- model membership from scores


def _score_file() -> tuple[np.ndarray, np.ndarray]:
    non = np.arange(1000, dtype=float)  # non-members: 0..999
    mem = np.r_[5000 + np.arange(3), np.full(7, 995.5), -1 - np.arange(90.0)]
    return np.r_[mem, non], np.r_[np.ones(100, bool), np.zeros(1000, bool)]


def test_membership_metrics_known_answers():
    s, y = _score_file()
    m = membership_metrics(s, y, seed=1, n_bootstrap=200)
    # 3 members above every non-member, 7 above 996 of them, 90 below all: AUC = (3 + 7 * 0.996) / 100
    assert m.auc == pytest.approx((3 + 7 * 0.996) / 100)
    assert m.tpr_at_fpr["0.001"] == pytest.approx(0.03)  # threshold 999: FPR 1/1000, the 3 top members
    assert m.tpr_at_fpr["0.01"] == pytest.approx(0.10)  # threshold 990: FPR 10/1000, the 10 top members
    lo, hi = m.auc_ci
    assert lo <= m.auc <= hi and hi - lo < 0.2
    from sklearn.metrics import roc_auc_score

    assert m.auc == pytest.approx(roc_auc_score(y, s))
    # ties between a member and a non-member count one half
    t = membership_metrics(np.array([1.0, 1.0]), np.array([True, False]), n_bootstrap=0)
    assert t.auc == 0.5 and any("cannot resolve" in n for n in t.notes)


def test_model_privacy_command_and_losses(tmp_path):
    s, y = _score_file()
    p = tmp_path / "scores.csv"
    pd.DataFrame({"loss": -s, "in_train": y.astype(int)}).to_csv(p, index=False)
    r = cli(
        "model-privacy",
        "--scores",
        str(p),
        "--score-column",
        "loss",
        "--label-column",
        "in_train",
        "--lower-is-member",
        "--bootstrap",
        "50",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    m = json.loads(r.stdout)["model"]["metrics"]
    assert m["auc"] == pytest.approx((3 + 7 * 0.996) / 100) and m["tpr_at_fpr"]["0.01"] == pytest.approx(0.1)
    r = cli("model-privacy", "--scores", str(p), "--score-column", "nope")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "nope" in r.stderr


# ----------------------------------------------------------------- scorecard


@pytest.mark.slow
@needs_data
def test_audit_fills_results_derived_and_the_pack_judges_it(tmp_path):
    import yaml

    from riskaudit import load_config, run_audit
    from riskaudit.scorecard.json_schema import scorecard_json_schema_text

    train = _adult(ANON / "adults_control.csv", n=150)
    hold = _adult(ANON / "adults_control.csv", n=150, skip=150)
    tp, hp, sp = tmp_path / "train.csv", tmp_path / "hold.csv", tmp_path / "syn.csv"
    train.to_csv(tp, index=False)
    hold.to_csv(hp, index=False)
    train.to_csv(sp, index=False)  # a copy of train released as "synthetic"
    cfg = tmp_path / "c.yaml"
    cfg.write_text(
        yaml.safe_dump(
            {
                "policy": {"extends": ["derived-release"]},
                "derived": {
                    "synthetic": str(sp),
                    "holdout": str(hp),
                    "secret": "income",
                    "n_attacks": 50,
                    "n_bootstrap": 50,
                },
            }
        )
    )
    report = run_audit(str(tp), load_config(cfg), write=False)
    sc = json.loads(report.scorecard.to_json())
    jsonschema.validate(sc, json.loads(scorecard_json_schema_text()))
    d = sc["results"]["derived"]["synthetic"]
    assert d["dcr"]["ims_train"] == 1.0
    by = {c["id"]: c for c in sc["checks"]}
    assert by["derived.dcr_share"]["status"] == "fail"
    assert by["derived.identical_matches"]["status"] == "fail"
    assert by["derived.model_membership"]["status"] == "not_measured"
    assert by["derived.synthetic_membership"]["status"] in ("pass", "warn", "fail")
    from riskaudit.render.markdown import render_markdown

    md = render_markdown(report.scorecard)
    assert "## Derived artefacts" in md and "Anonymeter-style attack" in md and "similarity only" in md
    from riskaudit.render.html import render_html

    assert "<h2>Derived artefacts" in render_html(report.scorecard)


def test_markdown_section_from_a_result():
    from riskaudit.derived._result import DerivedResult
    from riskaudit.render._derived_md import derived_section

    m = membership_metrics(*_score_file(), n_bootstrap=10)
    d = DerivedResult.model_validate(
        {
            "model": {
                "scores": "s.csv",
                "score_column": "s",
                "label_column": "m",
                "higher_is_member": True,
                "metrics": m.model_dump(),
            }
        }
    )
    out: list[str] = []
    derived_section(out, d)
    text = "\n".join(out)
    assert "AUC 0.0997" in text and "TPR at FPR 0.01 0.1000" in text and "trains no shadow models" in text
    from riskaudit.render._derived_md import derived_html

    html = derived_html(d)
    assert "<h2>Derived artefacts" in html and "AUC 0.0997" in html and "not anonymity" in html


@needs_data
def test_bad_input_is_one_line_exit_2(tmp_path):
    ori = str(ANON / "adults_ori_100.csv")
    r = cli(
        "synth-privacy",
        str(ANON / "adults_syn_100.csv"),
        "--train",
        ori,
        "--holdout",
        ori,
        "--columns",
        "age,nope",
        "--no-attacks",
    )
    assert (
        r.exit_code == 2 and r.stderr.count("\n") == 1 and "nope" in r.stderr and "Traceback" not in r.stderr
    )
    r = cli("synth-privacy", str(tmp_path / "missing.csv"), "--train", ori, "--holdout", ori)
    assert r.exit_code == 2 and r.stderr.startswith("error:")
    p = tmp_path / "s.csv"
    p.write_text("score,member\n0.5,1\n0.2,maybe\n")
    r = cli("model-privacy", "--scores", str(p))
    assert r.exit_code == 2 and "member label" in r.stderr and "maybe" not in r.stderr
