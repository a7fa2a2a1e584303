"""run_audit takes pandas and Polars DataFrames and pyarrow Tables; any other object is refused by type name only,
never by its text (a pandas Series printed as a path once put 40 SSNs into an error message)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from riskaudit import run_audit
from riskaudit.errors import InputError

SSNS = [f"900-{10 + i:02d}-{4000 + i:04d}" for i in range(40)]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"ssn": SSNS, "zip": [f"{10000 + i % 5}" for i in range(40)], "age": [20 + i % 7 for i in range(40)]}
    )


@pytest.mark.parametrize(
    "obj",
    [
        lambda: _frame()["ssn"],
        lambda: SSNS,
        lambda: {"ssn": SSNS},
        lambda: _frame().values,
        lambda: pa.table(_frame()).column("ssn"),
    ],
)
def test_other_objects_are_refused_by_type_name_only(obj):
    with pytest.raises(InputError) as err:
        run_audit(obj(), write=False)
    msg = str(err.value)
    assert "cannot audit a" in msg and len(msg.splitlines()) == 1
    for s in SSNS:
        assert s not in msg and s.replace("-", "") not in msg


def test_a_pyarrow_table_audits_like_the_pandas_frame():
    df = _frame()
    a = run_audit(df, write=False).scorecard
    b = run_audit(pa.table(df), write=False).scorecard
    assert b.dataset.rows == 40 and b.dataset.columns == 3
    assert a.model_dump(mode="json")["results"] == b.model_dump(mode="json")["results"]


def test_a_polars_frame_audits_like_the_pandas_frame():
    pl = pytest.importorskip("polars")
    df = _frame()
    a = run_audit(df, write=False).scorecard
    b = run_audit(pl.from_pandas(df), write=False).scorecard
    assert a.model_dump(mode="json")["results"] == b.model_dump(mode="json")["results"]
