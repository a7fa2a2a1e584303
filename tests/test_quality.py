"""Data-quality scan (results.quality): exact counts on UCI Adult computed independently here with the csv
module, NULL-equals-NULL duplicates, train/test overlap, and no cell value in the result."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict

import pandas as pd
import pytest

from adult import ADULT_COLS
from riskaudit.config import AuditConfig, QualityConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.quality import scan_quality

NUMERIC = {"age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"}


def _read_adult(path, skip_header=False):
    """Rows as tuples of stripped text, '?' and '' as None (what dataset.null_values does), blank lines skipped."""
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        for i, rec in enumerate(csv.reader(fh)):
            if skip_header and i == 0:
                continue
            if not rec or all(not x.strip() for x in rec):
                continue
            out.append(tuple(None if x.strip() in ("?", "") else x.strip() for x in rec))
    return out


@pytest.fixture(scope="module")
def adult_rows(shared_data):
    return _read_adult(shared_data / "adult" / "adult.data")


@pytest.fixture(scope="module")
def adult_test_rows(shared_data):
    return _read_adult(shared_data / "adult" / "adult.test", skip_header=True)


@pytest.fixture(scope="module")
def adult_result(shared_data):
    engine = connect()
    try:
        cfg = AuditConfig.model_validate({"dataset": {"column_names": ADULT_COLS, "header": False}})
        ds = open_dataset(str(shared_data / "adult" / "adult.data"), cfg.dataset, engine)
        test = open_dataset(str(shared_data / "adult" / "adult.test"), AuditConfig().dataset, engine)
        yield scan_quality(
            engine,
            ds.table,
            QualityConfig(largest_groups=5),
            label="income",
            test=test.table,
            test_path=test.path,
            rows=ds.rows,
        )
    finally:
        engine.close()


def _groups(rows, cols):
    """key -> 1-based row numbers, over the given column indexes (None equals None in a Python tuple)."""
    g = defaultdict(list)
    for n, r in enumerate(rows, start=1):
        g[tuple(r[i] for i in cols)].append(n)
    return g


def test_adult_duplicates_exact(adult_rows, adult_result):
    d = adult_result.duplicates
    g = _groups(adult_rows, range(15))
    dup = [v for v in g.values() if len(v) > 1]
    assert len(adult_rows) == 32561 == d.rows
    assert d.duplicate_rows == len(adult_rows) - len(g) == 24  # pandas duplicated().sum() on adult.data
    assert d.distinct_rows == len(g)
    assert d.rows_in_duplicate_groups == sum(len(v) for v in dup)
    assert d.duplicate_groups == len(dup)
    assert d.ratio == pytest.approx(24 / 32561, abs=1e-6)
    expected = sorted(dup, key=lambda v: (-len(v), v[0]))[:5]
    assert [grp.rows for grp in d.largest_groups] == expected
    assert [grp.size for grp in d.largest_groups] == [len(v) for v in expected]
    hashes = [grp.group_hash for grp in d.largest_groups]
    assert len(set(hashes)) == len(hashes) and all(len(h) == 16 for h in hashes)


def test_adult_missing_exact(adult_rows, adult_result):
    m = adult_result.missing
    for i, c in enumerate(ADULT_COLS):
        n = sum(1 for r in adult_rows if r[i] is None)
        assert m.columns[c].count == n, c
        assert m.columns[c].share == pytest.approx(n / len(adult_rows), abs=1e-6)
    assert (
        m.columns["workclass"].count,
        m.columns["occupation"].count,
        m.columns["native-country"].count,
    ) == (1836, 1843, 583)
    any_missing = [r for r in adult_rows if any(x is None for x in r)]
    assert m.rows_with_any == len(any_missing) == 2399
    assert (
        m.complete_rows == len(adult_rows) - len(any_missing) == 30162
    )  # ARX's cleaned Adult has 30,162 rows
    pats = Counter(tuple(ADULT_COLS[i] for i, x in enumerate(r) if x is None) for r in any_missing)
    assert m.pattern_count == len(pats)
    assert [(tuple(p.columns), p.rows) for p in m.patterns] == sorted(pats.items(), key=lambda kv: -kv[1])
    assert m.cells == sum(sum(x is None for x in r) for r in adult_rows)


def test_adult_missing_by_label(adult_rows, adult_result):
    classes = Counter(r[14] for r in adult_rows)
    order = [k for k, _ in sorted(classes.items(), key=lambda kv: -kv[1])]
    bl = {b.column: b for b in adult_result.missing.by_label}
    assert set(bl) == {"workclass", "occupation", "native-country"}
    i = ADULT_COLS.index("workclass")
    shares = [sum(1 for r in adult_rows if r[14] == k and r[i] is None) / classes[k] for k in order]
    assert bl["workclass"].shares == pytest.approx(shares, abs=1e-6)
    assert bl["workclass"].p_value < 1e-6  # workclass is missing far more often below 50K
    assert bl["native-country"].p_value > 0.05


def test_adult_columns_exact(adult_rows, adult_result):
    col = adult_result.columns
    for i, c in enumerate(ADULT_COLS):
        vals = {r[i] if c not in NUMERIC else int(r[i]) for r in adult_rows if r[i] is not None}
        assert col.distinct[c] == len(vals), c
    assert col.constant == [] and col.id_like == [] and col.high_cardinality == []  # native-country: 41 < 50
    gain = ADULT_COLS.index("capital-gain")
    n99999 = sum(1 for r in adult_rows if r[gain] == "99999")
    assert n99999 == 159
    assert [(s.value, s.count) for s in col.sentinels["capital-gain"]] == [("99999", n99999)]
    assert "age" not in col.sentinels


def test_adult_class_balance(adult_rows, adult_result):
    b = adult_result.class_balance
    counts = sorted(Counter(r[14] for r in adult_rows).values(), reverse=True)
    assert b.counts == counts == [24720, 7841]
    assert b.classes == 2 and b.unlabelled_rows == 0
    assert b.minority_share == pytest.approx(7841 / 32561, abs=1e-6)
    assert b.imbalance_ratio == pytest.approx(24720 / 7841, abs=1e-6)
    p = [n / sum(counts) for n in counts]
    assert b.imbalance_score == pytest.approx(1 + sum(x * math.log2(x) for x in p), abs=1e-6)


def test_adult_conflicting_labels(adult_rows, adult_result):
    c = adult_result.conflicting_labels
    labels = defaultdict(set)
    g = _groups(adult_rows, range(14))
    for key, rows_ in g.items():
        for n in rows_:
            labels[key].add(adult_rows[n - 1][14])
    conflicted = [g[k] for k, v in labels.items() if len(v) > 1]
    assert c.groups == len(conflicted)
    assert c.rows == sum(len(v) for v in conflicted)
    assert c.ratio == pytest.approx(c.rows / len(adult_rows), abs=1e-6)
    assert [grp.rows for grp in c.largest_groups] == sorted(conflicted, key=lambda v: (-len(v), v[0]))[:5]
    assert all(grp.labels == 2 for grp in c.largest_groups)


def test_adult_train_test_overlap(adult_rows, adult_test_rows, adult_result):
    tt = adult_result.train_test
    assert tt.test_rows == len(adult_test_rows) == 16281
    train_keys = {r[:14] for r in adult_rows}
    overlap = sum(1 for r in adult_test_rows if r[:14] in train_keys)
    assert tt.feature_overlap_rows == overlap
    assert tt.feature_overlap_ratio == pytest.approx(overlap / 16281, abs=1e-6)
    # the test split names its label 'Y' (and writes '<=50K.'): the exact overlap is not measured, and says so
    assert tt.exact_overlap_rows is None and tt.label is None
    assert any("exact_overlap_rows" in n for n in adult_result.notes)


def test_adult_outliers_iqr_and_mad(adult_rows, adult_result):
    import statistics

    out = adult_result.outliers
    assert set(out) == NUMERIC  # every numeric column but the label
    for c in sorted(NUMERIC):
        i = ADULT_COLS.index(c)
        xs = [float(r[i]) for r in adult_rows if r[i] is not None]
        q1, q2, q3 = statistics.quantiles(xs, n=4, method="inclusive")  # linear interpolation = quantile_cont
        iqr = q3 - q1
        lo = sum(1 for x in xs if x < q1 - 1.5 * iqr)
        hi = sum(1 for x in xs if x > q3 + 1.5 * iqr)
        mad = statistics.median(abs(x - q2) for x in xs)
        o = out[c]
        assert (o.values, o.iqr_low, o.iqr_high, o.iqr) == (len(xs), lo, hi, lo + hi), c
        if mad == 0:
            assert o.mad is None, c
        else:
            assert o.mad == sum(1 for x in xs if abs(0.6745 * (x - q2) / mad) > 3.5), c
    assert (
        out["capital-gain"].mad is None and out["capital-gain"].iqr_high == 2712
    )  # Q1 = Q3 = 0: every gain is outside


def test_adult_redundant_pairs(adult_rows, adult_result):
    cols = adult_result.columns
    skip = set(cols.constant) | set(cols.id_like)
    expected = []
    for i, a in enumerate(ADULT_COLS):
        for j in range(i + 1, len(ADULT_COLS)):
            b = ADULT_COLS[j]
            if a in skip or b in skip:
                continue
            pairs = {(r[i], r[j]) for r in adult_rows}
            if len(pairs) == len({p[0] for p in pairs}) == len({p[1] for p in pairs}):
                expected.append([a, b])
    assert cols.redundant_pairs == expected == [["education", "education-num"]]


def _scan_frame(df, **kw):
    engine = connect()
    try:
        t, _ = engine.from_pandas(df)
        test = kw.pop("test", None)
        if test is not None:
            test, _ = engine.from_pandas(test)
        return scan_quality(engine, t, test=test, **kw)
    finally:
        engine.close()


def test_null_equals_null_three_rows(tmp_path):
    # rows 1 and 2 are identical once NULL equals NULL (pandas duplicated(), SQL GROUP BY); row 3 differs
    p = tmp_path / "three.csv"
    p.write_text("a,b,c\n,x,\n,x,\n1,x,\n", encoding="utf-8")
    assert pd.read_csv(p).duplicated().sum() == 1
    engine = connect()
    try:
        ds = open_dataset(str(p), AuditConfig().dataset, engine)
        r = scan_quality(engine, ds.table)
    finally:
        engine.close()
    d = r.duplicates
    assert (d.duplicate_rows, d.rows_in_duplicate_groups, d.duplicate_groups, d.distinct_rows) == (1, 2, 1, 2)
    assert [g.rows for g in d.largest_groups] == [[1, 2]]
    assert r.missing.columns["c"].count == 3 and r.missing.rows_with_any == 3 and r.missing.complete_rows == 0
    assert "c" not in r.columns.constant  # all NULL: no distinct value (profile.all_null_columns reports it)
    # one distinct non-null value (pandas nunique(), ydata-profiling CONSTANT), NULLs aside
    assert r.columns.constant == [c for c in "abc" if pd.read_csv(p)[c].nunique() == 1] == ["a", "b"]


def test_train_test_exact_and_id_overlap():
    train = pd.DataFrame(
        {"id": [1, 2, 3, 4], "f": ["a", "b", None, "d"], "g": [1.5, 2.0, 3.0, 4.0], "y": [0, 1, 0, 1]}
    )
    test = pd.DataFrame(
        {
            "id": [4, 5, 6, 7, None],
            "f": ["a", "b", None, "zz", "d"],
            "g": [1.5, 2.0, 3.0, 9.0, 4.0],
            "y": [0, 0, 0, 1, 1],
        }
    )
    r = _scan_frame(train, label="y", id_column="id", test=test)
    tt = r.train_test
    assert tt.features == ["f", "g"] and tt.label == "y" and tt.id == "id"
    assert tt.feature_overlap_rows == 4  # (a,1.5) (b,2.0) (NULL,3.0) (d,4.0): NULL equals NULL
    assert tt.exact_overlap_rows == 3  # (b,2.0) has label 1 in train, 0 in test
    assert tt.id_overlap_rows == 1  # id 4; a NULL id never matches
    assert tt.feature_overlap_ratio == pytest.approx(0.8)
    # the id is not compared for duplicates: two rows equal but for their id are duplicates
    r2 = _scan_frame(pd.DataFrame({"id": [1, 2, 3], "f": ["a", "a", "b"]}), id_column="id")
    assert r2.duplicates.duplicate_rows == 1 and r2.duplicates.columns == ["f"]
    assert r2.columns.id_like == ["id"]


def test_long_text_cells_group_by_hash():
    long_a = "word " * 100
    df = pd.DataFrame({"note": [long_a, long_a, long_a + "x", "short", "short"], "n": [1, 1, 1, 2, 2]})
    r = _scan_frame(df, cfg=QualityConfig(long_text=16))
    assert r.duplicates.duplicate_rows == 2 and r.duplicates.duplicate_groups == 2
    assert [g.rows for g in r.duplicates.largest_groups] == [[1, 2], [4, 5]]


def test_no_cell_value_in_results_quality():
    canaries = ["CANARY-QX-7781", "123-45-6789", "canary.person@example.org", "Zyxwvuta Canarian"]
    rows = []
    for i in range(60):
        rows.append(
            {
                "name": canaries[i % 4],
                "ssn": canaries[1] if i % 2 else None,
                "age": 31337 + (i % 3),
                "when": "2031-07-19",
                "label": canaries[0] if i % 5 else canaries[3],
            }
        )
    df = pd.DataFrame(rows)
    test = df.iloc[:10].copy()
    r = _scan_frame(df, label="label", id_column=None, test=test)
    assert r.duplicates.duplicate_rows > 0 and r.conflicting_labels.rows > 0  # groups were listed
    text = json.dumps(r.model_dump(mode="json"))
    for c in [*canaries, "31337", "31338", "2031-07-19"]:
        assert c not in text, c


def _frame_with_issues():
    return pd.DataFrame(
        {
            "id": list(range(1, 41)),
            "const": ["same"] * 40,
            "x": [i % 5 for i in range(40)],
            "note": [None if i % 4 == 0 else f"n{i % 3}" for i in range(40)],
            "y": [i % 2 for i in range(40)],
        }
    )


def test_audit_adds_results_quality_and_markdown_section():
    from riskaudit import load_config, run_audit
    from riskaudit.render.markdown import render_markdown

    cfg = load_config(
        overrides={
            "columns": {"id": "id", "label": "y"},
            "policy": {"extends": ["data-quality"]},
            "pii": {"enabled": False},
            "bias": {"enabled": False},
        }
    )
    rep = run_audit(_frame_with_issues(), cfg, write=False, only=["quality"])
    q = rep.scorecard.results.quality
    assert q is not None and q.id == "id" and q.label == "y"
    assert q.duplicates.columns == ["const", "x", "note", "y"]
    # the id is left out; const is the same everywhere: rows repeat when (x, note, y) repeat
    keys = Counter((i % 5, None if i % 4 == 0 else i % 3, i % 2) for i in range(40))
    assert q.duplicates.duplicate_rows == 40 - len(keys)
    checks = {c.id: c for c in rep.scorecard.checks if c.id.startswith("quality.")}
    assert (
        checks["quality.constant_columns"].status == "warn" and checks["quality.constant_columns"].value == 1
    )
    assert checks["quality.id_like_columns"].value == 0  # the configured id is expected to be unique
    assert (
        checks["quality.missing_share"].column == "note" and checks["quality.missing_share"].status == "warn"
    )
    tt = checks["quality.train_test_overlap"]  # no test split: not measured (it used to say pass)
    assert (
        tt.value is None
        and tt.status == "not_measured"
        and "not measured" in tt.message
        and "quality.test" in tt.reason
    )
    md = render_markdown(rep.scorecard)
    assert "## Data quality" in md and "| note | 10 | 25.0% |" in md


def test_data_quality_pack_and_release_gate():
    from riskaudit.checks import registered_rules
    from riskaudit.config import PolicyConfig
    from riskaudit.config._loader import resolve_policy

    dq = resolve_policy(PolicyConfig(extends=["data-quality"]))[0]
    gate = resolve_policy(PolicyConfig(extends=["release-gate"]))[0]
    quality_rules = {r for r in registered_rules() if r.startswith("quality.")}
    assert (
        quality_rules
        == {r for r in dq.rules if r.startswith("quality.")}
        == {r for r in gate.rules if r.startswith("quality.")}
    )
    assert len(quality_rules) == 11
    assert dq.rules["quality.train_test_overlap"].fail == 0.05  # Deepchecks TrainTestSamplesMix default
    assert all(dq.rules[r].source for r in quality_rules)
    assert "reident.k_anonymity" in dq.rules and "reident.small_classes" in gate.rules


def test_quality_cli(tmp_path):
    from helpers import cli

    train = tmp_path / "train.csv"
    test = tmp_path / "test.csv"
    train.write_text("id,a,b,y\n1,x,1,0\n2,x,1,0\n3,,2,1\n4,z,3,1\n", encoding="utf-8")
    test.write_text("id,a,b,y\n9,x,1,1\n4,,2,1\n", encoding="utf-8")
    r = cli("quality", str(train), "--label", "y", "--test", str(test), "--id", "id", "--json")
    assert r.exit_code == 0, r.stderr
    q = json.loads(r.stdout)
    assert q["duplicates"]["duplicate_rows"] == 1 and q["duplicates"]["largest_groups"][0]["rows"] == [1, 2]
    assert q["train_test"]["feature_overlap_rows"] == 2 and q["train_test"]["exact_overlap_rows"] == 1
    assert q["train_test"]["id_overlap_rows"] == 1
    r = cli("quality", str(train), "--label", "yy")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "did you mean 'y'" in r.stderr
    r = cli("quality", str(train))
    assert (
        r.exit_code == 0 and "duplicate_rows=0" in r.stdout
    )  # without --id the id column makes every row distinct


# ---------------------------------------------------------------- confident learning (Northcutt et al., JAIR 2021)


def test_confident_learning_by_hand():
    from riskaudit.quality._label_issues import confident_learning

    # labels 0,0,0,1,1,1; p(class 1) = .1 .2 .9 .8 .7 .3
    # t0 = mean p0 over label 0 = (.9 + .8 + .1)/3 = .6; t1 = mean p1 over label 1 = (.8 + .7 + .3)/3 = .6
    # confident class: r1 0, r2 0, r3 1 (p1 .9), r4 1, r5 1, r6 0 (p0 .7 >= .6; p1 .3 < .6)
    # C = [[2, 1], [1, 2]]; calibration keeps it (row sums = class sizes); n*Q[0][1] = n*Q[1][0] = 1
    # flagged: the label-0 row with the largest p1 - p0 (r3, .8) and the label-1 row with the largest p0 - p1 (r6, .4)
    p1 = [0.1, 0.2, 0.9, 0.8, 0.7, 0.3]
    r = confident_learning([0, 0, 0, 1, 1, 1], [[1 - p, p] for p in p1])
    assert r.thresholds == pytest.approx([0.6, 0.6])
    assert r.confident_joint == [[2, 1], [1, 2]]
    assert r.issues == [2, 5] and r.margins == pytest.approx([0.8, 0.4])


def test_confident_learning_three_classes_calibration():
    from riskaudit.quality._label_issues import confident_learning

    probs = (
        [[0.9, 0.05, 0.05]] * 3
        + [[0.04, 0.52, 0.44]]
        + [[0.1, 0.6, 0.3], [0.2, 0.55, 0.25], [0.1, 0.4, 0.5], [0.3, 0.5, 0.2]]
        + [[0.1, 0.3, 0.6], [0.2, 0.4, 0.4], [0.3, 0.4, 0.3]]
    )
    labels = [0] * 4 + [1] * 4 + [2] * 3
    r = confident_learning(labels, probs)
    # t0 = (3*.9 + .04)/4 = .685; t1 = (.6 + .55 + .4 + .5)/4 = .5125; t2 = (.6 + .4 + .3)/3 = .4333
    assert r.thresholds == pytest.approx([0.685, 0.5125, 1.3 / 3])
    # r3 (label 0) is confident in 1 (.52 >= .5125) and 2 (.44 >= .4333): the larger, class 1, counts.
    # r6 (label 1) is confidently 2; r7, r9, r10 are confident in no class and are not counted.
    assert r.confident_joint == [[3, 1, 0], [0, 2, 1], [0, 0, 1]]
    # calibration: each row rescaled to its class size (4, 4, 3): row 1 [0, 2, 1] * 4/3, row 2 [0, 0, 1] * 3
    for got, want in zip(r.calibrated_joint, [[3, 1, 0], [0, 8 / 3, 4 / 3], [0, 0, 3]], strict=True):
        assert got == pytest.approx(want)
    # prune by noise rate: n*Q = the calibrated joint (it sums to n = 11); cell (0,1): round(1) = 1 row labelled 0
    # with the largest p1 - p0 (r3, .48); cell (1,2): round(4/3) = 1 row labelled 1 with the largest p2 - p1 (r6, .1)
    assert r.issues == [3, 6] and r.margins == pytest.approx([0.48, 0.1])


def _write_probs(path, header, rows):
    path.write_text(
        ",".join(header) + "\n" + "\n".join(",".join(f"{x:g}" for x in r) for r in rows) + "\n",
        encoding="utf-8",
    )


def test_label_issues_from_pred_probs_file(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(
        "x,y\n"
        + "\n".join(f"{i},{lab}" for i, lab in enumerate(["no", "no", "no", "yes", "yes", "yes"]))
        + "\n",
        encoding="utf-8",
    )
    probs = tmp_path / "p.csv"
    p_yes = [0.1, 0.2, 0.9, 0.8, 0.7, 0.3]
    _write_probs(
        probs, ["yes", "no"], [[p, 1 - p] for p in p_yes]
    )  # column order differs from the class order
    engine = connect()
    try:
        ds = open_dataset(str(data), AuditConfig().dataset, engine)
        r = scan_quality(
            engine, ds.table, QualityConfig(pred_probs=str(probs)), label="y", text_table=ds.text_table
        )
        li = r.label_issues
        assert li.method == "pred_probs" and li.rows_examined == 6 and li.classes == 2 and not li.sample
        assert li.rows == [3, 6] and li.issues == 2 and li.rate == pytest.approx(2 / 6, abs=1e-6)
        assert li.confident_joint == [[2, 1], [1, 2]]
        bad = tmp_path / "bad.csv"
        _write_probs(bad, ["yes", "maybe"], [[p, 1 - p] for p in p_yes])
        from riskaudit.errors import InputError

        with pytest.raises(InputError, match="have no column"):
            scan_quality(
                engine, ds.table, QualityConfig(pred_probs=str(bad)), label="y", text_table=ds.text_table
            )
        _write_probs(bad, ["yes", "no"], [[p, 1 - p] for p in p_yes[:5]])
        with pytest.raises(InputError, match="has 5 rows; the data have 6"):
            scan_quality(
                engine, ds.table, QualityConfig(pred_probs=str(bad)), label="y", text_table=ds.text_table
            )
    finally:
        engine.close()


@pytest.mark.slow
def test_label_issues_cross_validation_finds_planted_flips():
    import random

    rnd = random.Random(7)
    n = 600
    x1 = [rnd.uniform(0, 1) for _ in range(n)]
    x2 = [rnd.uniform(0, 1) for _ in range(n)]
    y = ["hi" if a + b > 1 else "lo" for a, b in zip(x1, x2, strict=True)]
    far = [i for i in range(n) if abs(x1[i] + x2[i] - 1) > 0.3]
    flipped = sorted(rnd.sample(far, 24))
    for i in flipped:
        y[i] = "lo" if y[i] == "hi" else "hi"
    cat = ["a" if v > 0.5 else "b" if v > 0.1 else None for v in x1]  # a text feature with missing values
    df = pd.DataFrame({"x1": x1, "x2": x2, "cat": cat, "y": y})
    cfg = QualityConfig(label_issues=True, label_issues_sample=1000, label_issue_rows=1000)
    r1 = _scan_frame(df, cfg=cfg, label="y")
    r2 = _scan_frame(df, cfg=cfg, label="y")
    li = r1.label_issues
    assert li.method == "cross_validation" and li.rows_examined == n and not li.sample
    assert li.model_dump() == r2.label_issues.model_dump()  # seeded: same flags every run
    found = {r - 1 for r in li.rows}
    hits = found & set(flipped)
    assert len(hits) >= 0.8 * len(flipped), (len(hits), len(found))
    assert len(hits) >= 0.6 * len(found), (len(hits), len(found))


@pytest.mark.spark
@pytest.mark.slow
def test_quality_block_identical_on_duckdb_and_spark(tmp_path):
    import shutil

    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH (apt-get install openjdk-17-jre-headless)")
    from riskaudit.audit import run_audit
    from riskaudit.config import load_config
    from riskaudit.engine import DuckDBEngine
    from riskaudit.engine._spark import SparkEngine
    from spark_helpers import spark_test_session

    train, test = tmp_path / "train.csv", tmp_path / "test.csv"
    lines = ["id,age,city,score,when,y"]
    for i in range(300):
        city = "" if i % 11 == 0 else f"c{i % 7}"
        lines.append(
            f"{i},{20 + i % 50},{city},{(i * 37) % 101 / 10},2020-01-{1 + i % 28:02d},{'yes' if (i * 7) % 5 < 2 else 'no'}"
        )
    lines += lines[1:21]  # 20 duplicated rows (ids too)
    train.write_text("\n".join(lines) + "\n", encoding="utf-8")
    test.write_text(
        "\n".join([lines[0], *lines[5:45], "999,99,zz,1.5,2021-02-02,no"]) + "\n", encoding="utf-8"
    )
    cfg = load_config(
        None,
        overrides={
            "quality": {
                "label": "y",
                "id": "id",
                "test": str(test),
                "label_issues": True,
                "label_issues_sample": 200,
            }
        },
    )
    session = spark_test_session(tmp_path, **{"spark.sql.shuffle.partitions": "2"})
    spark = SparkEngine(session=session)
    try:
        a = json.loads(
            run_audit(
                str(train), cfg, write=False, engine=DuckDBEngine(), only=["quality"]
            ).scorecard.to_json()
        )
        b = json.loads(
            run_audit(str(train), cfg, write=False, engine=spark, only=["quality"]).scorecard.to_json()
        )
    finally:
        spark.close()
    qa, qb = a["results"]["quality"], b["results"]["quality"]
    assert qa["duplicates"]["duplicate_rows"] == 20 and qa["train_test"]["id_overlap_rows"] == 40
    assert qa["label_issues"]["rows_examined"] == 200
    assert qa == qb
