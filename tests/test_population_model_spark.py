"""The population model gives the same figures on Spark as on DuckDB (the margins, pair tables and the
binned classes are GROUP BYs and joins with small in-memory tables on the engine)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskaudit.config import ReidentConfig
from riskaudit.engine import connect
from riskaudit.reident import scan_reident
from spark_helpers import spark_test_session

pytestmark = pytest.mark.spark


def test_population_model_identical_on_spark(tmp_path):
    pytest.importorskip("pyspark")
    from riskaudit.engine._spark import SparkEngine

    rng = np.random.default_rng(2)
    a = rng.integers(0, 300, 2000)
    df = pd.DataFrame(
        {
            "a": a.astype(str),
            "b": ((a + rng.integers(0, 2, 2000)) % 7).astype(str),
            "c": rng.integers(0, 3, 2000).astype(str),
        }
    )
    cfg = ReidentConfig(sampling_fraction=0.5, drivers={"enabled": False})
    duck = connect()
    t, _ = duck.from_pandas(df)
    r1 = scan_reident(duck, t, ["a", "b", "c"], cfg)
    session = spark_test_session(tmp_path, **{"spark.sql.warehouse.dir": str(tmp_path)})
    sp = SparkEngine(session=session)
    try:
        t2, _ = sp.from_pandas(df)
        r2 = scan_reident(sp, t2, ["a", "b", "c"], cfg)
    finally:
        sp.close()
        duck.close()
    assert r1.population_model.model == r2.population_model.model == "selected-pairs"
    d1, d2 = r1.population_model.model_dump(), r2.population_model.model_dump()
    assert d1["tau1"] > 1  # there are sample uniques to score
    for k in (
        "tau1",
        "tau2",
        "population_uniques",
        "journalist_highest",
        "marketer_average",
        "records_at_risk",
    ):
        assert d2[k] == pytest.approx(d1[k], rel=1e-9), k
    assert d2["interactions"] == d1["interactions"]
    assert r2.marketer.average == pytest.approx(r1.marketer.average, rel=1e-9)
    assert r2.journalist.highest == pytest.approx(r1.journalist.highest, rel=1e-9)
