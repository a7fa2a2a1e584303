"""Wide tables in slices: the sliced aggregates, the batched 1:1 pair test and the sliced wide read give the
same numbers as independent references (pandas / numpy / the narrow read path)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskaudit.config import AuditConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import _duckdb as duck
from riskaudit.engine import connect
from riskaudit.quality import _outliers


def _open(path):
    cfg = AuditConfig()
    eng = connect(cfg.engine, source=str(path))
    return eng, open_dataset(str(path), cfg.dataset, eng)


@pytest.mark.parametrize("cube_max", [0, None])  # counted over every row / over the distinct combinations
def test_redundant_pairs_batched_match_pandas(tmp_path, monkeypatch, cube_max):
    if cube_max is not None:
        monkeypatch.setattr(_outliers, "PAIR_CUBE_MAX", cube_max)
    df = pd.DataFrame(
        {
            "a": pd.Series([1, 2, None, 1, 3, 3], dtype="Int64"),  # written as integers: read as BIGINT
            "b": ["x", "y", None, "x", "w", "w"],  # 1:1 with a (NULL with NULL)
            "c": ["x", "y", None, "y", "w", "w"],  # same distinct count as a and b, not 1:1
            "d": ["p", "q", "r", "p", "s", "s"],  # 1:1 with a and b
            "e": ["1:", "2", "", "1:", "3", "3"],  # text that could collide with an unprefixed key
        }
    )
    p = tmp_path / "pairs.csv"
    df.to_csv(p, index=False)
    eng, ds = _open(p)
    t = ds.table
    cols = list(t.columns)
    distinct = {c: int(eng.execute(t[c].nunique())) for c in cols}
    assert t.schema()["a"].is_integer()
    cubes = []
    real = eng.materialize

    def spy(expr, prefix="tmp"):
        cubes.append(prefix)
        return real(expr, prefix)

    monkeypatch.setattr(eng, "materialize", spy)
    found, tested = _outliers.redundant_pairs(eng, t, distinct, cols, 1000)
    back = pd.read_csv(p, keep_default_na=True)

    def one_to_one(a, b):
        n = len(back[[a, b]].drop_duplicates())
        return n == back[a].nunique(dropna=False) == back[b].nunique(dropna=False)

    by_d = {}
    for c in cols:
        by_d.setdefault(distinct[c], []).append(c)
    expected = [
        [a, b] for g in by_d.values() for i, a in enumerate(g) for b in g[i + 1 :] if one_to_one(a, b)
    ]
    assert tested == sum(len(g) * (len(g) - 1) // 2 for g in by_d.values())
    assert found == expected
    assert ["a", "b"] in found and ["a", "c"] not in found and ["b", "c"] not in found
    assert ("qpairs" in cubes) == (cube_max is None)


def test_outlier_slices_match_numpy(tmp_path, monkeypatch):
    rng = np.random.default_rng(3)
    data = {f"x{j}": np.round(rng.standard_t(2 + j, 300), 3) for j in range(7)}
    p = tmp_path / "num.csv"
    pd.DataFrame(data).to_csv(p, index=False)
    eng, ds = _open(p)
    monkeypatch.setattr(_outliers, "OUTLIER_SLICE", 3)  # 7 columns -> slices of 3, 3, 1
    got = _outliers.outlier_counts(eng, ds.table, list(data), 1.5, 3.5)
    for c, x in data.items():
        q1, q2, q3 = np.quantile(x, [0.25, 0.5, 0.75])
        iqr = q3 - q1
        mad = np.median(np.abs(x - q2))
        assert got[c]["values"] == len(x)
        assert got[c]["iqr_low"] == int((x < q1 - 1.5 * iqr).sum())
        assert got[c]["iqr_high"] == int((x > q3 + 1.5 * iqr).sum())
        assert got[c]["mad"] == int((np.abs(0.6745 * (x - q2) / mad) > 3.5).sum())


@pytest.mark.parametrize("slice_", [7, 250])
def test_wide_read_in_slices_matches_narrow_read(tmp_path, monkeypatch, slice_):
    monkeypatch.setattr(duck, "WIDE_SLICE", slice_)
    n_cols = duck.WIDE_COLUMNS + 44
    rows = []
    for i in range(30):
        rows.append(
            [
                (" NA " if (i + j) % 11 == 0 else f" v{(i * 7 + j) % 5} ") if j % 2 else str((i + j) % 9)
                for j in range(n_cols)
            ]
        )
    header = [f"c{j}" for j in range(n_cols)]
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(header) + "\n" + "\n".join(",".join(r) for r in rows) + "\n")
    keep = [0, 1, 2, 3, 100, 101, n_cols - 2, n_cols - 1]
    narrow = tmp_path / "narrow.csv"
    narrow.write_text(
        ",".join(header[j] for j in keep)
        + "\n"
        + "\n".join(",".join(r[j] for j in keep) for r in rows)
        + "\n"
    )
    e1, w = _open(wide)
    e2, nds = _open(narrow)
    names = [header[j] for j in keep]
    for a, b in ((w.table, nds.table), (w.text_table, nds.text_table)):
        got = e1.execute(a.select(names))
        exp = e2.execute(b.select(names))
        pd.testing.assert_frame_equal(got.reset_index(drop=True), exp.reset_index(drop=True))
    # the cleaning really ran: a null marker became NULL, padding was trimmed
    text = e1.execute(w.text_table.select("c1"))["c1"]
    assert text.isna().any() and all(v == v.strip() for v in text.dropna())


def test_too_many_columns_is_one_line_exit_2(tmp_path):
    import os
    import subprocess
    import sys

    n = duck.MAX_COLUMNS + 1
    p = tmp_path / "too_wide.csv"
    p.write_text(",".join(f"c{j}" for j in range(n)) + "\n" + ",".join("1" for _ in range(n)) + "\n")
    before = p.read_bytes()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "from riskaudit.cli import main; main()",
            "audit",
            str(p),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert r.returncode == 2, r.stderr[-2000:]
    lines = [
        ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("riskaudit: [")
    ]  # progress lines
    assert len(lines) == 1 and f"{n:,} columns" in lines[0] and f"{duck.MAX_COLUMNS:,}" in lines[0]
    assert "Traceback" not in r.stderr
    assert p.read_bytes() == before


def test_width_limit_counts_columns_not_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(duck, "MAX_COLUMNS", 5)
    ok = tmp_path / "ok.csv"
    ok.write_text('a,b,c,d,"e,quoted"\n1,2,3,4,5\n')  # 5 columns, one with a delimiter inside quotes
    eng, ds = _open(ok)
    assert len(ds.columns) == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,c,d,e,f\n1,2,3,4,5,6\n")
    from riskaudit.errors import InputError

    with pytest.raises(InputError, match="6 columns"):
        _open(bad)
