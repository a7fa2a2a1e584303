"""Wide tables in long form (``riskaudit/_wide.py``, ``quality/_groups.hashed_groups``): on a 600-column table
the profile counts, sentinels, outliers, duplicate rows and conflicting labels equal values computed
independently in pandas/numpy, and equal the per-column path's results (the narrow path forced)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskaudit import _wide
from riskaudit.config import AuditConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.quality import _groups as groups_mod
from riskaudit.quality import scan_quality
from riskaudit.scanners.profile import scan_profile

ROWS = 50


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(13)
    cols: dict[str, object] = {}
    for j in range(250):  # integer codes with NULLs, sentinels and far values
        x = rng.integers(0, 10, ROWS).astype("float64")
        x[rng.random(ROWS) < 0.08] = np.nan
        if j % 3 == 0:
            x[rng.integers(0, ROWS, 2)] = -999
        if j % 5 == 0:
            x[rng.integers(0, ROWS)] = 10_000
        cols[f"i{j}"] = pd.array(np.where(np.isnan(x), None, x), dtype="Int64")
    for j in range(200):  # floats, some negative zero
        x = np.round(rng.standard_t(3, ROWS), 3)
        x[rng.random(ROWS) < 0.05] = np.nan
        if j % 7 == 0:
            x[:3] = [-0.0, 0.0, -0.0]
        cols[f"f{j}"] = x
    for j in range(140):  # text with sentinels in odd case and padding
        v = rng.choice(["alpha", "beta", "gamma", "delta", "Unknown", "missing"], ROWS).astype(object)
        v[rng.random(ROWS) < 0.06] = None
        cols[f"s{j}"] = v
    for j in range(9):  # dates, one sentinel date
        d = pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 400, ROWS), unit="D")
        cols[f"d{j}"] = ["1900-01-01"] + [x.date().isoformat() for x in d[1:]]
    df = pd.DataFrame(cols)
    # duplicate rows: 10, 20, 30 copy row 0; 41 copies 40; conflicting labels: 45 copies 1's features
    for r in (10, 20, 30):
        df.iloc[r] = df.iloc[0]
    df.iloc[41] = df.iloc[40]
    df.iloc[45] = df.iloc[1]
    y = rng.integers(0, 2, ROWS)
    y[[0, 10, 20, 30]] = 1
    y[1], y[45] = 0, 1
    y[40] = y[41] = 0
    df["y"] = y
    return df


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    df = _frame()
    p = tmp_path_factory.mktemp("wide") / "wide600.csv"
    df.to_csv(p, index=False)
    back = pd.read_csv(p, keep_default_na=True)
    return p, back


def _scan(path, wide_bound: int):
    mp = pytest.MonkeyPatch()
    mp.setattr(_wide, "WIDE", wide_bound)
    try:
        cfg = AuditConfig()
        eng = connect(cfg.engine, source=str(path))
        ds = open_dataset(str(path), cfg.dataset, eng)
        prof = scan_profile(ds)
        q = scan_quality(eng, ds.table, cfg.quality, label="y", rows=ds.rows, profile=prof, where=str(path))
        q_no_profile = scan_quality(eng, ds.table, cfg.quality, rows=ds.rows, where=str(path))
        return ds, prof, q, q_no_profile
    finally:
        mp.undo()


@pytest.mark.slow
def test_wide_long_form_matches_pandas_and_the_per_column_path(wide):
    path, df = wide
    ds, prof, q, q2 = _scan(path, _wide.WIDE)
    assert len(ds.columns) == 600 and _wide.is_wide(ds.columns)

    # profile: nulls and distinct values per column, as pandas counts them
    for c in df.columns:
        assert prof.columns[c].nulls == int(df[c].isna().sum()), c
        assert prof.columns[c].distinct == int(df[c].nunique()), c
    assert q2.columns.distinct == {c: int(df[c].nunique()) for c in df.columns}  # the no-profile path

    # sentinels: -999 in integer columns, 'unknown'/'missing' (case-insensitive) in text, 1900-01-01 in dates
    for c in df.columns:
        got = {s.value: s.count for s in q.columns.sentinels.get(c, [])}
        if c.startswith("i"):
            assert got.get("-999", 0) == int((df[c] == -999).sum()), c
        elif c.startswith("s"):
            low = df[c].dropna().str.strip().str.lower()
            assert got.get("unknown", 0) == int((low == "unknown").sum()), c
            assert got.get("missing", 0) == int((low == "missing").sum()), c
        elif c.startswith("d"):
            assert got.get("1900-01-01", 0) == int((df[c] == "1900-01-01").sum()), c

    # outliers (IQR, MAD) per numeric column, numpy's linear quantiles
    numeric = [c for c in df.columns if c[0] in "if" and df[c].nunique() >= 3]
    assert set(q.outliers) == set(numeric)
    for c in numeric:
        x = df[c].dropna().to_numpy(dtype="float64")
        q1, q2_, q3 = np.quantile(x, [0.25, 0.5, 0.75])
        iqr = q3 - q1
        mad = np.median(np.abs(x - q2_))
        o = q.outliers[c]
        assert o.values == len(x), c
        assert o.iqr_low == int((x < q1 - 1.5 * iqr).sum()), c
        assert o.iqr_high == int((x > q3 + 1.5 * iqr).sum()), c
        assert o.mad == (int((np.abs(0.6745 * (x - q2_) / mad) > 3.5).sum()) if mad > 0 else None), c

    # duplicate rows over every column (the label included), NULL equal to NULL
    feats = [c for c in df.columns if c != "y"]
    dup = df.duplicated(keep="first")
    assert q.duplicates.duplicate_rows == int(dup.sum()) == 4
    sizes = df.groupby(list(df.columns), dropna=False).size()
    assert q.duplicates.duplicate_groups == int((sizes > 1).sum()) == 2
    assert [(g.size, g.rows) for g in q.duplicates.largest_groups] == [(4, [1, 11, 21, 31]), (2, [41, 42])]
    # conflicting labels: equal features, more than one label
    by = df.groupby(feats, dropna=False)["y"].agg(["size", "nunique"])
    conflict = by[by["nunique"] > 1]
    assert q.conflicting_labels.groups == len(conflict) == 1
    assert q.conflicting_labels.rows == int(conflict["size"].sum()) == 2
    assert [g.rows for g in q.conflicting_labels.largest_groups] == [[2, 46]]

    # the per-column path (wide bound raised past the width) gives the same results, hashes included
    _ds, prof_n, q_n, q2_n = _scan(path, 10_000)
    assert prof_n.model_dump() == prof.model_dump()
    assert q_n.model_dump() == q.model_dump()
    assert q2_n.model_dump() == q2.model_dump()


@pytest.mark.slow
def test_digest_collision_falls_back_to_the_columns(wide, monkeypatch):
    """A digest that collides (every row one digest) is caught by the exact check: the caller groups on the
    columns and the counts stay right."""
    import ibis

    path, df = wide
    real = groups_mod.long_digests

    def colliding(engine, *args):
        t = real(engine, *args)
        return engine.materialize(t.mutate(__d=ibis.literal("same")), "qsame")

    monkeypatch.setattr(groups_mod, "long_digests", colliding)
    cfg = AuditConfig()
    eng = connect(cfg.engine, source=str(path))
    ds = open_dataset(str(path), cfg.dataset, eng)
    cols = list(ds.table.columns)
    assert (
        groups_mod.hashed_groups(
            eng, ds.table, cols, long_text=cfg.quality.long_text, largest=3, rows_per_group=5, salt="s"
        )
        is None
    )
    q = scan_quality(eng, ds.table, cfg.quality, rows=ds.rows, where=str(path))
    assert q.duplicates.duplicate_rows == int(df.duplicated().sum())
