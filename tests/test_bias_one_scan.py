"""The bias audit's counts from one grouped scan (bias/_counts.py) equal the counts over the rows, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from riskaudit.bias import _counts, scan_bias
from riskaudit.config import AuditConfig, BiasConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "hospital_discharges.csv"


def _scan(monkeypatch, share: float, path, protected, **kw) -> str:
    monkeypatch.setattr(_counts, "MAX_SHARE", share)
    e = connect()
    try:
        ds = open_dataset(str(path), AuditConfig().dataset, e)
        return scan_bias(e, ds.table, protected, BiasConfig(n_boot=20), rows=ds.rows, **kw).model_dump_json()
    finally:
        e.close()


@pytest.mark.parametrize(
    "protected,kw",
    [
        (
            ["sex", "race", "date_of_birth"],
            {"label": "readmitted_30d", "prediction": "predicted_readmit", "positive": "1"},
        ),
        (["sex", "ethnicity"], {"label": "primary_diagnosis"}),
        (["race"], {"label": "length_of_stay", "prediction": "predicted_readmit"}),
    ],
)
def test_key_counts_equal_row_counts(monkeypatch, protected, kw):
    # share 0: the key-count table is always refused, so every count is over the rows (the reference)
    rows = _scan(monkeypatch, 0.0, SAMPLE, protected, **kw)
    keyed = _scan(monkeypatch, 1.0, SAMPLE, protected, **kw)
    assert keyed == rows


def test_key_counts_compress_and_weigh(tmp_path):
    df = pd.DataFrame({"g": [" a", "a", None, "b", "b", "b"] * 500, "y": [1, 0, 1, 1, 0, 0] * 500})
    path = tmp_path / "t.parquet"
    df.to_parquet(path)
    e = connect()
    try:
        ds = open_dataset(str(path), AuditConfig().dataset, e)
        counts = _counts.key_counts(e, ds.table, ["g", "y"], ds.rows)
        assert counts is not None
        got = e.execute(counts).sort_values(["g", "y"], na_position="first").reset_index(drop=True)
        want = df.groupby(["g", "y"], dropna=False).size().reset_index(name=_counts.W)
        want = want.sort_values(["g", "y"], na_position="first").reset_index(drop=True)
        assert got[_counts.W].tolist() == want[_counts.W].tolist() and int(got[_counts.W].sum()) == 3000
        # a column whose combinations do not compress the rows is counted over the rows instead
        upath = tmp_path / "u.parquet"
        pd.DataFrame({"u": range(3000)}).to_parquet(upath)
        uds = open_dataset(str(upath), AuditConfig().dataset, e)
        assert _counts.key_counts(e, uds.table, ["u"], uds.rows) is None
    finally:
        e.close()
