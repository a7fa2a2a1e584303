"""The quality scan in fewer, cheaper passes (issue 20 item 2): the guarded trim, the folded column pass and the
near-duplicate keys give exactly what plain Python computes, whichever path runs (one grouped pass or several,
with or without a profile)."""

from __future__ import annotations

import string
from collections import Counter

import pandas as pd
import pytest

from riskaudit.config import EngineConfig, QualityConfig
from riskaudit.engine import connect
from riskaudit.quality import scan_quality
from riskaudit.quality._expect import strip_text
from riskaudit.scanners._result import ColumnProfile, ProfileResult

WS = " \t\n\r\x0b\x0c"  # what Ibis's strip() trims on DuckDB, Spark and PostgreSQL

# text cells with whitespace at either edge, inside, or nowhere; NULL; only whitespace; empty
CELLS = [
    "\tUnknown\n",
    "\x0bnone\x0c",
    " 12 ",
    "\r-3.5",
    "2020-01-05\n",
    "a b",
    "a  b ",
    "x",
    "",
    "   ",
    "\t",
    None,
    "MISSING",
    " missing",
    "1e3",
    "abc\n\n",
]


def _engine(**kw):
    return connect(EngineConfig(**kw)) if kw else connect()


def test_strip_text_equals_python_strip():
    eng = _engine()
    try:
        t, _ = eng.from_pandas(pd.DataFrame({"s": CELLS}))
        got = eng.execute(t.select(a=strip_text(t["s"]), b=t["s"].strip()))
    finally:
        eng.close()
    want = [None if v is None else v.strip(WS) for v in CELLS]
    assert [None if pd.isna(v) else v for v in got["a"]] == want
    assert [None if pd.isna(v) else v for v in got["b"]] == want


def _frame(n: int = 64) -> pd.DataFrame:
    rows = []
    for i in range(n):
        c = CELLS[i % len(CELLS)]
        rows.append(
            {
                "id": i,
                "txt": c,
                "word": ["Ann  Lee", "ann lee.", "Bob", "bob!", None][i % 5],
                "num": [-1, 5, 99999, 7, None, 3, 4][i % 7],
                "y": ["a", "b"][i % 2],
            }
        )
    return pd.DataFrame(rows)


def _profile(df: pd.DataFrame) -> ProfileResult:
    """A profile computed here with pandas (nulls, exact distinct non-null values)."""
    cols = {}
    for c in df.columns:
        nn = int(df[c].notna().sum())
        d = int(df[c].dropna().nunique())
        cols[c] = ColumnProfile(
            type="string" if df[c].dtype == object else "int64",
            nulls=len(df) - nn,
            null_share=round((len(df) - nn) / len(df), 6),
            distinct=d,
            unique_share=round(d / nn, 6) if nn else 0.0,
            all_null=nn == 0,
        )
    return ProfileResult(rows=len(df), columns=cols)


def _scan(df: pd.DataFrame, profile: bool, **engine_kw):
    eng = _engine(**engine_kw)
    try:
        t, _ = eng.from_pandas(df)
        return scan_quality(
            eng,
            t,
            QualityConfig(largest_groups=3),
            label="y",
            id_column="id",
            rows=len(df),
            profile=_profile(df) if profile else None,
        )
    finally:
        eng.close()


def _texts(col) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in col]


def _python_truths(df: pd.DataFrame):
    """Sentinel counts, mixed-type counts and near-duplicate rows of ``txt``/``word`` computed with plain Python."""
    txt, word = _texts(df["txt"]), _texts(df["word"])
    low = [None if v is None else v.strip(WS).lower() for v in txt]
    sentinels = {s: low.count(s) for s in ("missing", "none", "unknown") if low.count(s)}
    trimmed = [v.strip(WS) for v in txt if v is not None]
    import re

    integer = sum(1 for v in trimmed if re.fullmatch(r"[+-]?[0-9]+", v))
    decimal = sum(
        1
        for v in trimmed
        if re.fullmatch(r"[+-]?([0-9]+[.][0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-]?[0-9]+", v)
    )
    dates = sum(1 for v in trimmed if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v))

    def norm(v):
        if v is None:
            return None
        v = "".join(ch for ch in v.lower() if ch not in string.punctuation)
        return re.sub(r"[ \t\n\r\f\v]+", " ", v).strip(" ")

    keys = Counter(
        (norm(a), norm(b), None if pd.isna(n) else int(n), y)
        for a, b, n, y in zip(txt, word, df["num"], df["y"], strict=True)
    )
    near = sum(n - 1 for n in keys.values() if n > 1)
    return sentinels, (len(trimmed), integer, decimal, dates), near


@pytest.mark.parametrize("profile", [False, True])
@pytest.mark.parametrize("passes", [None, 10])
def test_column_pass_and_near_keys_match_python(profile, passes):
    df = _frame()
    r = _scan(df, profile, **({"group_pass_rows": passes} if passes else {}))
    sentinels, (values, integer, decimal, dates), near = _python_truths(df)
    got = {s.value: s.count for s in r.columns.sentinels.get("txt", [])}
    assert {k: v for k, v in got.items() if k in sentinels} == sentinels
    m = r.columns.mixed_types["txt"]
    assert (m.values, m.integer, m.decimal, m.date) == (values, integer, decimal, dates)
    assert m.text == values - integer - decimal - dates
    assert r.near_duplicates.duplicate_rows == near
    # every path gives the same result, byte for byte
    assert r.model_dump_json() == _scan(df, not profile).model_dump_json()


@pytest.mark.parametrize("passes", [None, 3])
@pytest.mark.parametrize("kind", ["text", "boolean", "float"])
def test_conflicting_labels_match_python(kind, passes):
    """Groups of identical features (NULL equal to NULL) with two or more distinct non-NULL labels, by hand."""
    feats = [("a", 1), ("a", 1), ("a", 1), ("b", None), ("b", None), (None, 2), (None, 2), ("c", 3), ("c", 3)]
    raw = [0, 1, None, 1, 1, 0, None, None, None]  # groups: a1 {0,1} conflict; bNone {1}; None2 {0}; c3 {}
    feats = feats * 3 + [("d", 4), ("d", 4), ("d", 4), ("d", 4)]
    raw = raw * 3 + [1, 0, 0, None]
    conv = {
        "text": lambda v: None if v is None else ["no", "yes"][v],
        "boolean": lambda v: None if v is None else bool(v),
    }
    ys = [conv.get(kind, lambda v: None if v is None else float(v))(v) for v in raw]
    df = pd.DataFrame(
        {"f": [f for f, _ in feats], "g": [g for _, g in feats], "y": pd.Series(ys, dtype=object)}
    )
    if kind == "boolean":
        df["y"] = df["y"].astype("boolean")
    elif kind == "float":
        df["y"] = df["y"].astype("float64")
    groups: dict = {}
    for i, (k, y) in enumerate(zip(feats, ys, strict=True), start=1):
        groups.setdefault(k, []).append((i, y))
    flagged = [v for v in groups.values() if len({y for _, y in v if y is not None}) > 1]
    eng = _engine(**({"group_pass_rows": passes} if passes else {}))
    try:
        t, _ = eng.from_pandas(df)
        r = scan_quality(eng, t, QualityConfig(largest_groups=5), label="y", rows=len(df))
    finally:
        eng.close()
    c = r.conflicting_labels
    assert (c.groups, c.rows) == (len(flagged), sum(len(v) for v in flagged)) == (2, 13)
    want = sorted(flagged, key=lambda v: (-len(v), v[0][0]))
    assert [g.rows for g in c.largest_groups] == [[i for i, _ in v] for v in want]
    assert (
        [g.labels for g in c.largest_groups]
        == [len({y for _, y in v if y is not None}) for v in want]
        == [2, 2]
    )


def _dupes_frame(seed: int, n: int = 400) -> pd.DataFrame:
    """Rows drawn from a small pool (exact duplicates), with case/punctuation variants (near duplicates), floats
    including 0.0 / -0.0 / NaN, NULLs, and labels that disagree inside some groups (conflicts)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    words = ["Ann Lee", "ann lee.", "ANN  LEE", "Bob", "bob!", None, "Cy", "Dee-Dee"]
    nums = [0.0, -0.0, float("nan"), 1.5, None, 2.0]
    pool = [
        (
            str(rng.choice(words)) if rng.random() > 0.1 else None,
            nums[rng.integers(len(nums))],
            int(rng.integers(3)),
        )
        for _ in range(n // 6)
    ]
    rows = []
    for i in range(n):
        w, x, k = pool[int(rng.integers(len(pool)))] if rng.random() < 0.7 else (f"u{i}", float(i), i % 3)
        rows.append({"id": i, "w": w, "x": x, "k": k, "y": ["a", "b", None][int(rng.integers(3))]})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_narrowed_group_bys_equal_the_full_ones(seed, monkeypatch):
    """Duplicates, near duplicates and conflicting labels over the rows whose key hash repeats
    (Engine.repeated_key_rows, used where the GROUP BY would take several passes) are those over all rows: with
    DuckDB's hash, with a hash of three values (collisions everywhere), and on the multi-pass path without it."""
    from riskaudit.engine._duckdb import DuckDBEngine

    df = _dupes_frame(seed)
    sizes: list[tuple[int, int]] = []
    real = DuckDBEngine.repeated_key_rows

    def spy(self, keyed, keys, prefix="tmp"):
        out = real(self, keyed, keys, prefix)
        if out is not None:
            sizes.append((self.count(keyed), int(self.execute(out.count()))))
        return out

    monkeypatch.setattr(DuckDBEngine, "repeated_key_rows", spy)
    want = _scan(df, True).model_dump_json()
    assert sizes == []  # one pass fits: no narrowing
    r = _scan(df, True, group_pass_rows=50)
    assert r.model_dump_json() == want
    assert len(sizes) == 3 and all(0 < m < n for n, m in sizes)  # dups, conflicts, near dups: narrowed
    assert (
        r.duplicates.duplicate_rows > 0
        and r.near_duplicates.beyond_exact > 0
        and r.conflicting_labels.groups > 0
    )
    sizes.clear()
    monkeypatch.setattr(DuckDBEngine, "_REPEAT_HASH", "hash({}) % 3")
    assert _scan(df, True, group_pass_rows=50).model_dump_json() == want
    assert len(sizes) == 3 and all(
        m == n for n, m in sizes
    )  # every row collides with another: nothing dropped
    monkeypatch.setattr(DuckDBEngine, "REPEATED_KEY_ROWS", False)
    sizes.clear()
    assert _scan(df, True, group_pass_rows=50).model_dump_json() == want
    assert sizes == []


def test_histogram_tests_equal_per_cell_tests(monkeypatch):
    """Sentinels and mixed types of low-cardinality text columns counted per distinct value (weighted by its rows)
    are the per-cell counts: forcing every column onto either path gives the same result, byte for byte."""
    from riskaudit.quality import _scan as qscan

    df = _dupes_frame(5)
    df["txt"] = [CELLS[i % len(CELLS)] for i in range(len(df))]
    calls: list[list[str]] = []
    real = qscan._histogram_tests

    def spy(engine, table, columns, cfg, mixed_cols):
        calls.append(list(columns))
        return real(engine, table, columns, cfg, mixed_cols)

    monkeypatch.setattr(qscan, "_histogram_tests", spy)
    monkeypatch.setattr(qscan, "HISTOGRAM_MIN_ROWS", 0)  # the frame is small: take the histogram path anyway
    with_hist = _scan(df, True)
    assert calls and set(calls[0]) == {"txt", "y"}  # w has unique values on 30 % of rows: per cell
    monkeypatch.setattr(qscan, "HISTOGRAM_MAX_DISTINCT", -1)
    calls.clear()
    per_cell = _scan(df, True)
    assert calls == []
    assert with_hist.model_dump_json() == per_cell.model_dump_json()
    assert with_hist.columns.sentinels and with_hist.columns.mixed_types
