"""Near duplicates, mixed types and declared column constraints (issue 15): hand-made cases, UCI Adult-derived
files whose counts are recomputed here with the csv and re modules, line-precise config errors, no values in
outputs, and DuckDB/Spark parity."""

from __future__ import annotations

import csv
import json
import re
import string
from collections import defaultdict
from datetime import date

import pandas as pd
import pytest

from adult import ADULT_COLS
from riskaudit.config import AuditConfig, QualityConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.quality import scan_quality

NUMERIC = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"}


def _adult_raw(shared_data):
    """adult.data records as lists of stripped text (blank lines skipped)."""
    with open(shared_data / "adult" / "adult.data", newline="", encoding="utf-8") as fh:
        return [[x.strip() for x in rec] for rec in csv.reader(fh) if rec and any(x.strip() for x in rec)]


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ADULT_COLS)
        w.writerows(rows)


def _null(v):
    return None if v in ("?", "") else v


def _scan_file(path, cfg: QualityConfig):
    engine = connect()
    try:
        ds = open_dataset(str(path), AuditConfig().dataset, engine)
        return scan_quality(engine, ds.table, cfg, rows=ds.rows), ds.table.schema()
    finally:
        engine.close()


def _scan_frame(df, cfg: QualityConfig | None = None):
    engine = connect()
    try:
        t, _ = engine.from_pandas(df)
        return scan_quality(engine, t, cfg or QualityConfig())
    finally:
        engine.close()


# ---------------------------------------------------------------- near duplicates


def test_near_duplicates_by_hand():
    df = pd.DataFrame(
        {
            "name": ["Ann  Lee", "ann lee.", "Bob", "bob", "Carl", None, None, "Ann Lee", "Ann-Lee"],
            "x": [1.001, 1.0, 2.0, 2.0, 3.0, None, None, 1.0, 1.0],
        }
    )
    r = _scan_frame(df)
    # exact: rows 6,7 (NULL, NULL). Normalised: {1,2,8} ("ann lee", 1.00), {3,4} ("bob", 2.0), {6,7}; row 9 is
    # "annlee" (the hyphen is removed, not made a space) and stays alone
    assert r.duplicates.duplicate_rows == 1
    n = r.near_duplicates
    assert n.normalisation == ["case", "whitespace", "punctuation", "round:2"]
    assert (n.duplicate_rows, n.duplicate_groups, n.rows_in_duplicate_groups, n.beyond_exact) == (4, 3, 7, 3)
    assert n.ratio == pytest.approx(4 / 9, abs=1e-6)
    assert [g.rows for g in n.largest_groups] == [[1, 2, 8], [3, 4], [6, 7]]
    # each step can be turned off: without case folding "Bob"/"bob" and "Ann  Lee"/"ann lee." differ
    r2 = _scan_frame(df, QualityConfig(near_case=False))
    assert [g.rows for g in r2.near_duplicates.largest_groups] == [[1, 8], [6, 7]]
    # without rounding 1.001 differs from 1.0
    r3 = _scan_frame(df, QualityConfig(near_digits=None))
    assert [g.rows for g in r3.near_duplicates.largest_groups] == [[2, 8], [3, 4], [6, 7]]
    assert _scan_frame(df, QualityConfig(near_duplicates=False)).near_duplicates is None


def _norm_text(v):
    if v is None:
        return None
    v = v.lower()
    v = "".join(ch for ch in v if ch not in string.punctuation)
    return re.sub(r"[ \t\n\r\f\v]+", " ", v).strip()


def test_near_duplicates_on_adult_variants(shared_data, tmp_path):
    raw = _adult_raw(shared_data)
    rows = list(raw)
    wc = ADULT_COLS.index("workclass")
    occ = ADULT_COLS.index("occupation")
    for i, rec in enumerate(raw):
        if i % 40 == 0:  # a near copy: workclass upper-cased with a trailing full stop, occupation padded
            v = list(rec)
            v[wc] = v[wc].upper() + "." if v[wc] != "?" else v[wc]
            v[occ] = f"  {v[occ].lower()}  " if v[occ] != "?" else v[occ]
            rows.append(v)
        if i % 113 == 0:  # an exact copy
            rows.append(list(rec))
    path = tmp_path / "adult_near.csv"
    _write(path, rows)
    r, _ = _scan_file(path, QualityConfig(largest_groups=3))
    exact = defaultdict(list)
    near = defaultdict(list)
    for n, rec in enumerate(rows, start=1):
        vals = [_null(v) for v in rec]
        exact[tuple(vals)].append(n)
        near[
            tuple(v if c in NUMERIC else _norm_text(v) for c, v in zip(ADULT_COLS, vals, strict=True))
        ].append(n)
    exact_dup = len(rows) - len(exact)
    near_dup = len(rows) - len(near)
    groups = [v for v in near.values() if len(v) > 1]
    assert r.duplicates.duplicate_rows == exact_dup
    n = r.near_duplicates
    assert n.rows == len(rows) and n.duplicate_rows == near_dup and n.beyond_exact == near_dup - exact_dup
    assert n.duplicate_groups == len(groups) and n.rows_in_duplicate_groups == sum(map(len, groups))
    assert (
        near_dup - exact_dup >= 700
    )  # most of the 815 near copies (a copy of a row with "?" in both columns is exact)
    assert [g.rows for g in n.largest_groups] == sorted(groups, key=lambda v: (-len(v), v[0]))[:3]


# ---------------------------------------------------------------- mixed types

INT_RE = re.compile(r"[+-]?[0-9]+")
DEC_RE = re.compile(r"[+-]?([0-9]+[.][0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?[0-9]+")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?")


def _kind(v: str) -> str:
    v = v.strip()
    if INT_RE.fullmatch(v):
        return "integer"
    if DEC_RE.fullmatch(v):
        return "decimal"
    if DATE_RE.fullmatch(v):
        try:
            date.fromisoformat(v[:10])
            return "date"
        except ValueError:
            pass
    return "text"


def test_mixed_types_by_hand():
    df = pd.DataFrame(
        {
            "code": [
                " 12",
                "-3",
                "4.5",
                "1e3",
                ".5",
                "2020-02-29",
                "2020-02-30",
                "n/a",
                None,
                "2021-01-01 10:00",
            ],
            "word": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
            "num": ["1", "2", "3.5", "4", "5", "6", "7", "8", "9", "10"],  # numbers only: not mixed
            "n": list(range(10)),
        }
    )
    r = _scan_frame(df)
    assert set(r.columns.mixed_types) == {"code"}
    m = r.columns.mixed_types["code"]
    # integer: " 12", "-3"; decimal: "4.5", "1e3", ".5"; date: 2020-02-29 and the timestamp; 2020-02-30 is no date
    assert (m.values, m.integer, m.decimal, m.date, m.text) == (9, 2, 3, 2, 2)
    assert m.shares == {
        "integer": round(2 / 9, 6),
        "decimal": round(3 / 9, 6),
        "date": round(2 / 9, 6),
        "text": round(2 / 9, 6),
    }
    assert m.minority_share == round(2 / 9, 6)
    assert _scan_frame(df, QualityConfig(mixed_types=False)).columns.mixed_types is None


def test_mixed_types_on_adult_variant(shared_data, tmp_path):
    rows = [list(r) for r in _adult_raw(shared_data)]
    age, nc, hpw = (
        ADULT_COLS.index("age"),
        ADULT_COLS.index("native-country"),
        ADULT_COLS.index("hours-per-week"),
    )
    for i, rec in enumerate(rows):
        if i % 97 == 0:
            rec[age] = "unknown"
        if i % 101 == 0:
            rec[nc] = "2020-02-30"  # not a date: text
        if i % 103 == 0:
            rec[nc] = "2021-03-04"
        if i % 89 == 0:
            rec[hpw] = "n/a"
    path = tmp_path / "adult_mixed.csv"
    _write(path, rows)
    r, schema = _scan_file(path, QualityConfig())
    expected = {}
    for j, c in enumerate(ADULT_COLS):
        if not schema[c].is_string():
            continue
        kinds = [_kind(rec[j]) for rec in rows if _null(rec[j]) is not None]
        counts = {k: kinds.count(k) for k in ("integer", "decimal", "date", "text")}
        if sum(1 for k in (counts["integer"] + counts["decimal"], counts["date"], counts["text"]) if k) > 1:
            expected[c] = counts
    assert set(expected) == {"age", "native-country", "hours-per-week"}
    got = r.columns.mixed_types
    assert set(got) == set(expected)
    for c, counts in expected.items():
        assert (got[c].integer, got[c].decimal, got[c].date, got[c].text) == tuple(counts.values()), c
    assert got["age"].text == len(range(0, len(rows), 97))


# ---------------------------------------------------------------- declared constraints

WORKCLASS = ["Private", "Self-emp-not-inc", "Self-emp-inc", "Federal-gov", "Local-gov", "State-gov"]


def test_constraints_on_adult(shared_data):
    raw = _adult_raw(shared_data)
    cfg = QualityConfig.model_validate(
        {
            "constraint_rows": 15,
            "constraints": {
                "age": {"min": 18, "max": 80},
                "workclass": {"allowed": WORKCLASS},
                "education": {"regex": "^[A-Z][a-z]"},
                "hours-per-week": {"max": 60},
            },
        }
    )
    engine = connect()
    try:
        acfg = AuditConfig.model_validate({"dataset": {"column_names": ADULT_COLS, "header": False}})
        ds = open_dataset(str(shared_data / "adult" / "adult.data"), acfg.dataset, engine)
        r = scan_quality(engine, ds.table, cfg, rows=ds.rows)
    finally:
        engine.close()
    ix = {c: ADULT_COLS.index(c) for c in ADULT_COLS}
    preds = {
        "age": lambda v: int(v) < 18 or int(v) > 80,
        "workclass": lambda v: v not in WORKCLASS,
        "education": lambda v: re.search("^[A-Z][a-z]", v) is None,
        "hours-per-week": lambda v: int(v) > 60,
    }
    for c, bad in preds.items():
        vals = [_null(rec[ix[c]]) for rec in raw]
        rows = [n for n, v in enumerate(vals, start=1) if v is not None and bad(v)]
        got = r.constraints[c]
        assert got.values == sum(v is not None for v in vals), c
        assert got.violating_rows == len(rows) > 0, c
        assert got.rows == rows[:15], c
        assert got.ratio == pytest.approx(len(rows) / len(raw), abs=1e-6)
    ages = [int(rec[0]) for rec in raw]
    assert (r.constraints["age"].below_min, r.constraints["age"].above_max) == (
        sum(a < 18 for a in ages),
        sum(a > 80 for a in ages),
    )
    assert r.constraints["workclass"].not_allowed == r.constraints["workclass"].violating_rows
    assert (
        r.constraints["education"].regex_mismatch is not None and r.constraints["age"].regex_mismatch is None
    )


def test_constraints_by_hand_nulls_dates_and_numbers():
    df = pd.DataFrame(
        {
            "d": pd.to_datetime(["2020-01-01", "2019-12-31", None, "2031-01-01"]).date,
            "x": [1.5, None, -2.0, 7.0],
            "s": ["A1", "b2", None, "A"],
            "k": [1, 2, 3, 4],
        }
    )
    cfg = QualityConfig.model_validate(
        {
            "constraints": {
                "d": {"min": "2020-01-01", "max": "2030-12-31"},
                "x": {"min": 0, "allowed": [1.5, 7, -2]},
                "s": {"regex": "^[A-Z][0-9]$", "allowed": ["A1", "A"]},
                "k": {"allowed": [1, 2, 3]},
            }
        }
    )
    r = _scan_frame(df, cfg)
    c = r.constraints
    assert (c["d"].values, c["d"].below_min, c["d"].above_max, c["d"].violating_rows, c["d"].rows) == (
        3,
        1,
        1,
        2,
        [2, 4],
    )
    assert (c["x"].below_min, c["x"].not_allowed, c["x"].violating_rows, c["x"].rows) == (1, 0, 1, [3])
    # "b2": regex and allowed both violated (one row); "A": regex only
    assert (c["s"].regex_mismatch, c["s"].not_allowed, c["s"].violating_rows, c["s"].rows) == (
        2,
        1,
        2,
        [2, 4],
    )
    assert (c["k"].not_allowed, c["k"].rows) == (1, [4])
    assert r.constraints is not None and _scan_frame(df).constraints is None


def test_constraint_config_errors_name_file_and_line(tmp_path):
    from helpers import cli

    data = tmp_path / "d.csv"
    data.write_text("age,name\n30,a\n200,b\n", encoding="utf-8")
    cases = [
        ("quality:\n  constraints:\n    age:\n      min: 0\n      mx: 120\n", ":5:", "did you mean 'max'"),
        ("quality:\n  constraints:\n    name:\n      regex: '[a-'\n", ":4:", "invalid regular expression"),
        ("quality:\n  constraints:\n    name:\n      regex: '(?<=a)b'\n", ":4:", "look-around"),
        (
            "quality:\n  constraints:\n    age:\n      min: 10\n      max: 1\n",
            ":3:",
            "min is greater than max",
        ),
    ]
    for text, line, msg in cases:
        cfg = tmp_path / "c.yaml"
        cfg.write_text(text, encoding="utf-8")
        r = cli("quality", str(data), "--config", str(cfg))
        assert r.exit_code == 2, (text, r.stdout)
        assert r.stderr.count("\n") == 1 and f"c.yaml{line}" in r.stderr and msg in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    for text, msg in [
        ("quality:\n  constraints:\n    agee: {min: 0}\n", "did you mean 'age'"),
        ("quality:\n  constraints:\n    name: {min: 0}\n", "numeric or date column"),
    ]:
        cfg.write_text(text, encoding="utf-8")
        r = cli("quality", str(data), "--config", str(cfg))
        assert r.exit_code == 2 and r.stderr.count("\n") == 1 and msg in r.stderr, r.stderr
    cfg.write_text(
        "quality:\n  constraints:\n    age: {min: 0, max: 120}\n    name: {regex: '^[a-z]$'}\n",
        encoding="utf-8",
    )
    r = cli("quality", str(data), "--config", str(cfg), "--json")
    assert r.exit_code == 0, r.stderr
    q = json.loads(r.stdout)
    assert q["constraints"]["age"]["violating_rows"] == 1 and q["constraints"]["age"]["rows"] == [2]
    assert q["constraints"]["name"]["violating_rows"] == 0


# ---------------------------------------------------------------- checks, pack, leaks


def test_checks_through_the_data_quality_pack():
    from riskaudit import load_config, run_audit

    df = pd.DataFrame(
        {
            "name": ["Ann", "ann", "ANN.", "Bob"] * 10,
            "code": ["1", "1", "1", "x"] * 10,
            "n": [1, 1, 1, 99] * 10,
            "i": range(40),
        }
    )
    cfg = load_config(
        overrides={
            "columns": {"id": "i"},
            "policy": {"extends": ["data-quality"]},
            "quality": {"constraints": {"n": {"max": 50}}},
        }
    )
    rep = run_audit(df, cfg, write=False, only=["quality"])
    checks = {c.id: c for c in rep.scorecard.checks if c.id.startswith("quality.")}
    near = rep.scorecard.results.quality.near_duplicates
    # 4 distinct rows repeated 10 times (36 exact duplicates); normalised, 2 distinct: (ann, 1, 1) and (bob, x, 99)
    assert rep.scorecard.results.quality.duplicates.duplicate_rows == 36
    assert (near.duplicate_rows, near.beyond_exact) == (38, 2)
    assert (
        checks["quality.near_duplicates"].status == "fail"
        and checks["quality.near_duplicates"].value == near.ratio
    )
    assert checks["quality.mixed_types"].status == "warn" and checks["quality.mixed_types"].value == 1
    c = checks["quality.constraints"]
    assert c.status == "fail" and c.column == "n" and c.value == 0.25
    cfg2 = load_config(overrides={"policy": {"extends": ["data-quality"]}})
    rep2 = run_audit(df, cfg2, write=False, only=["quality"])
    c2 = next(c for c in rep2.scorecard.checks if c.id == "quality.constraints")
    assert c2.status == "not_measured" and c2.value is None


def test_no_cell_value_in_new_measures():
    from riskaudit import load_config, run_audit

    canaries = ["CANARY-QX-7781", "canary-qx-7781.", "123-45-6789", "2031-07-19", "Zyxwvuta Canarian"]
    df = pd.DataFrame(
        {"who": [canaries[i % 5] for i in range(50)], "age": [31337 + i % 2 for i in range(50)]}
    )
    cfg = load_config(
        overrides={
            "policy": {"extends": ["data-quality"]},
            "quality": {
                "constraints": {"who": {"regex": "^[a-z]+$", "allowed": ["nobody"]}, "age": {"max": 100}}
            },
        }
    )
    rep = run_audit(df, cfg, write=False, only=["quality"])
    q = rep.scorecard.results.quality
    assert (
        q.near_duplicates.duplicate_rows > 0
        and q.columns.mixed_types
        and q.constraints["who"].violating_rows == 50
    )
    text = rep.scorecard.to_json()
    for c in [*canaries, "31337", "31338", "2031"]:
        assert c.lower() not in text.lower(), c


@pytest.mark.spark
@pytest.mark.slow
def test_new_measures_identical_on_duckdb_and_spark(tmp_path):
    import shutil

    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH (apt-get install openjdk-17-jre-headless)")
    from riskaudit.audit import run_audit
    from riskaudit.config import load_config
    from riskaudit.engine import DuckDBEngine
    from riskaudit.engine._spark import SparkEngine
    from spark_helpers import spark_test_session

    data = tmp_path / "d.csv"
    lines = ["id,city,score,code,when,y"]
    cities = ["Oak Park", "OAK  PARK.", "oak-park", "St. Mary", "st mary", "Lakeside"]
    for i in range(200):
        code = ["12", "-4", "3.25", "n/a", "2020-02-29", "2020-02-30", "1e3"][i % 7]
        lines.append(
            f"{i},{cities[i % 6]},{(i % 9) / 4 + 0.001 * (i % 2)},{code},2020-01-{1 + i % 28:02d},{'yes' if i % 3 else 'no'}"
        )
    for i in range(20):  # near copies (new id, city upper-cased with a full stop)
        f = lines[1 + i].split(",")
        lines.append(",".join([str(1000 + i), f[1].upper() + ".", *f[2:]]))
    dates = sum(1 for ln in lines[1:] if ln.split(",")[3] == "2020-02-29")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = load_config(
        None,
        overrides={
            "quality": {
                "id": "id",
                "constraints": {
                    "score": {"min": 0.5, "max": 1.9},
                    "code": {"regex": "^[0-9]+$"},
                    "y": {"allowed": ["yes"]},
                    "when": {"min": "2020-01-05", "max": "2020-01-20"},
                },
            }
        },
    )
    session = spark_test_session(tmp_path, **{"spark.sql.shuffle.partitions": "2"})
    spark = SparkEngine(session=session)
    try:
        a = json.loads(
            run_audit(
                str(data), cfg, write=False, engine=DuckDBEngine(), only=["quality"]
            ).scorecard.to_json()
        )
        b = json.loads(
            run_audit(str(data), cfg, write=False, engine=spark, only=["quality"]).scorecard.to_json()
        )
    finally:
        spark.close()
    qa, qb = a["results"]["quality"], b["results"]["quality"]
    assert (
        qa["near_duplicates"]["beyond_exact"] >= 20 and qa["columns"]["mixed_types"]["code"]["date"] == dates
    )
    assert all(v["violating_rows"] > 0 for v in qa["constraints"].values())
    for key in ("near_duplicates", "constraints"):
        assert qa[key] == qb[key], key
    assert qa["columns"]["mixed_types"] == qb["columns"]["mixed_types"]


def test_allowed_on_a_column_read_as_boolean(tmp_path):
    p = tmp_path / "b.csv"
    p.write_text("y\nyes\nno\nyes\n\nno\n", encoding="utf-8")
    r, schema = _scan_file(p, QualityConfig.model_validate({"constraints": {"y": {"allowed": ["yes"]}}}))
    assert schema["y"].is_boolean()  # the reader types yes/no as boolean; the declared words still apply
    c = r.constraints["y"]
    assert (c.values, c.not_allowed, c.violating_rows, c.rows) == (4, 2, 2, [2, 5])


def test_near_duplicates_not_computed_above_the_column_cap():
    df = pd.DataFrame({f"c{i}": ["a", "A"] for i in range(6)})
    r = _scan_frame(df, QualityConfig(near_max_columns=5))
    assert r.near_duplicates is None and any("quality.near_max_columns" in n for n in r.notes)
    assert _scan_frame(df, QualityConfig(near_max_columns=6)).near_duplicates.duplicate_rows == 1


def test_mixed_types_in_batches_and_above_the_cap():
    df = pd.DataFrame({f"c{i}": ["1", "x"] if i % 50 == 0 else ["a", "b"] for i in range(230)})
    r = _scan_frame(df, QualityConfig(near_duplicates=False))
    assert sorted(r.columns.mixed_types) == [
        "c0",
        "c100",
        "c150",
        "c200",
        "c50",
    ]  # across three batches of 100
    r2 = _scan_frame(df, QualityConfig(near_duplicates=False, mixed_max_columns=200))
    assert r2.columns.mixed_types is None and any("quality.mixed_max_columns" in n for n in r2.notes)
