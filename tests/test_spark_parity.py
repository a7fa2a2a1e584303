"""Spark parity: every registered scanner gives the same results on DuckDB and on PySpark.

One lazy, session-scoped SparkSession (local[2], or the master in RISKAUDIT_SPARK_MASTER, e.g.
``local-cluster[2,1,1024]``: see tests/spark_helpers.py; two shuffle partitions, UI off) serves the whole file;
the tests skip with a reason when pyspark or a Java runtime is missing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil

import pandas as pd
import pytest

from helpers import cli
from riskaudit.audit import run_audit
from riskaudit.config import EngineConfig, load_config
from riskaudit.engine import DuckDBEngine, connect, sample_rows, sample_values
from riskaudit.errors import MissingExtraError
from riskaudit.scanners import registered_scanners
from spark_helpers import spark_test_session

pytestmark = pytest.mark.spark


def _spark_missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'riskaudit[spark]')"
    if shutil.which("java") is None:
        return "no Java runtime on PATH (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark_session(tmp_path_factory: pytest.TempPathFactory):
    reason = _spark_missing()
    if reason:
        pytest.skip(reason)
    wh = tmp_path_factory.mktemp("spark")
    session = spark_test_session(
        wh,
        **{
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.sql.warehouse.dir": str(wh / "warehouse"),
            "spark.driver.extraJavaOptions": f"-Dderby.system.home={wh / 'derby'}",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture()
def spark_engine(spark_session):
    from riskaudit.engine._spark import SparkEngine

    eng = SparkEngine(session=spark_session)
    yield eng
    eng.close()  # drops its temp views; never stops a session it was given


def _results(report) -> dict:
    return json.loads(report.scorecard.to_json())["results"]


def _diff(a: dict, b: dict) -> list[str]:
    return [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


@pytest.fixture(scope="module")
def discharges_config():
    return load_config(
        None,
        overrides={
            "columns": {"quasi_identifiers": ["zip5", "date_of_birth", "sex"]},
            "outputs": {"timestamp": False},
        },
    )


@pytest.mark.slow
def test_every_scanner_identical_on_duckdb_and_spark(sample_dir, spark_engine, discharges_config):
    data = sample_dir / "hospital_discharges.csv"
    duck = run_audit(data, discharges_config, write=False, engine=DuckDBEngine())
    spark = run_audit(data, discharges_config, write=False, engine=spark_engine)
    a, b = _results(duck), _results(spark)
    ran = {s.name for s in registered_scanners()}
    assert "profile" in a and "reident" in a
    assert set(a) <= ran | {"checks"}, "results hold only registered scanners"
    assert _diff(a, b) == [], f"scanners differ between DuckDB and Spark: {_diff(a, b)}"
    # the sample data's known shape, so the comparison is not of two empty results
    assert a["profile"]["rows"] == 20_000
    assert a["reident"]["records"] == 20_000
    # the whole scorecard (checks, verdict, digest) matches too
    assert json.loads(duck.scorecard.to_json())["checks"] == json.loads(spark.scorecard.to_json())["checks"]
    assert duck.scorecard.dataset == spark.scorecard.dataset


def test_deid_release_identical(sample_dir, spark_engine):
    cfg = load_config(
        None,
        overrides={
            "columns": {"quasi_identifiers": ["zip3", "birth_year", "sex"]},
            "outputs": {"timestamp": False},
        },
    )
    data = sample_dir / "hospital_discharges_deid.csv"
    a = _results(run_audit(data, cfg, write=False, engine=DuckDBEngine()))
    b = _results(run_audit(data, cfg, write=False, engine=spark_engine))
    assert _diff(a, b) == []
    assert a["reident"]["classes"] > 1


def test_same_types_and_text_as_duckdb(sample_dir, spark_engine):
    from riskaudit.engine import resolve_source

    spec = resolve_source(str(sample_dir / "public_register.csv"), null_values=["", "NA"])
    duck = DuckDBEngine()
    d_typed, d_text = duck.read(spec)
    s_typed, s_text = spark_engine.read(spec)
    assert d_typed.schema() == s_typed.schema()
    assert str(s_typed.schema()["date_of_birth"]) == "date"
    assert str(s_typed.schema()["zip5"]) == "string"  # leading zeros kept, as on DuckDB
    order = list(d_text.columns)
    dt_ = duck.execute(d_text.order_by(order)).reset_index(drop=True)
    st_ = spark_engine.execute(s_text.order_by(order)).reset_index(drop=True)
    pd.testing.assert_frame_equal(dt_.astype(object), st_.astype(object), check_dtype=False)


def _mixed_frame() -> pd.DataFrame:
    n = 400
    return pd.DataFrame(
        {
            "id": list(range(n)),
            "x": [None if i % 37 == 0 else (i * 1234.5678) / 7 for i in range(n)],
            "big": [1e20 * (i + 1) if i % 5 else -0.000123 * i for i in range(n)],
            "day": [dt.date(2000, 1, 1) + dt.timedelta(days=i * 3) for i in range(n)],
            "ts": [dt.datetime(2020, 1, 1, 8, 0) + dt.timedelta(minutes=17 * i) for i in range(n)],
            "s": [None if i % 11 == 0 else f"v{i % 13}" for i in range(n)],
            "flag": [i % 3 == 0 for i in range(n)],
        }
    )


def test_seeded_samples_identical_with_floats_dates_and_timestamps(spark_engine):
    df = _mixed_frame()
    duck = DuckDBEngine()
    d_typed, _ = duck.from_pandas(df)
    s_typed, _ = spark_engine.from_pandas(df)
    for seed in (0, 7):
        a = sample_rows(duck, d_typed, 25, seed, columns=["id"])["id"].astype(int).tolist()
        b = sample_rows(spark_engine, s_typed, 25, seed, columns=["id"])["id"].astype(int).tolist()
        assert a == b and len(a) == 25
    assert (
        sample_rows(duck, d_typed, 25, 0, columns=["id"])["id"].tolist()
        != sample_rows(duck, d_typed, 25, 7, columns=["id"])["id"].tolist()
    )
    va = sample_values(duck, d_typed, "s", 30, 3)
    vb = sample_values(spark_engine, s_typed, "s", 30, 3)
    assert va == vb and len(va) == 30 and all(v.startswith("v") for v in va)


def test_profile_of_dataframe_identical(spark_engine):
    df = _mixed_frame()
    cfg = load_config(
        None, overrides={"columns": {"quasi_identifiers": ["s", "flag"]}, "outputs": {"timestamp": False}}
    )
    a = _results(run_audit(df, cfg, write=False, engine=DuckDBEngine(), only=["profile", "reident"]))
    b = _results(run_audit(df, cfg, write=False, engine=spark_engine, only=["profile", "reident"]))
    assert a["reident"] == b["reident"]
    assert {c: v["distinct"] for c, v in a["profile"]["columns"].items()} == {
        c: v["distinct"] for c, v in b["profile"]["columns"].items()
    }
    assert (
        a["profile"]["columns"]["x"]["nulls"] == b["profile"]["columns"]["x"]["nulls"] == math.ceil(400 / 37)
    )


def test_connect_builds_spark_engine_from_config(spark_session):
    eng = connect(EngineConfig(name="spark", spark_master="local[1]"))
    try:
        assert eng.name == "spark"
        # an active session is reused, never stopped by riskaudit
        assert eng.session is spark_session and not eng._owns_session
    finally:
        eng.close()
    assert not spark_session.sparkContext._jsc.sc().isStopped()


def test_cli_risk_engine_spark(sample_dir, spark_session):
    r = cli(
        "risk",
        str(sample_dir / "hospital_discharges_deid.csv"),
        "--qi",
        "zip3,birth_year,sex",
        "--engine",
        "spark",
        "--json",
    )
    d = cli("risk", str(sample_dir / "hospital_discharges_deid.csv"), "--qi", "zip3,birth_year,sex", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout) == json.loads(d.stdout)


def test_missing_java_is_one_clear_line(monkeypatch):
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    from riskaudit.engine import _spark

    monkeypatch.setattr(_spark, "_java_available", lambda: False)
    with pytest.raises(MissingExtraError, match=r"Java runtime .* openjdk-17-jre-headless"):
        _spark.check_spark_available()


def test_release_attacks_identical(sample_dir, spark_engine):
    """The Anonymeter-style attacks stream the whole release (Engine.iter_batches; on Spark one partition
    at a time) in a seeded order: same targets, same neighbours, same rates on both engines."""
    from riskaudit.config import DatasetConfig, LinkageConfig
    from riskaudit.dataset import open_auxiliary, open_dataset
    from riskaudit.linkage import scan_linkage

    cfg = LinkageConfig.model_validate(
        {
            "seed": 5,
            "anonymeter": {
                "aux_columns": ["sex", "race", "ethnicity", "primary_diagnosis", "length_of_stay"],
                "secret": "readmitted_30d",
                "n_attacks": 150,
            },
        }
    )
    out = []
    for engine in (DuckDBEngine(), spark_engine):
        ds = open_dataset(str(sample_dir / "hospital_discharges.csv"), DatasetConfig(), engine)
        rel = open_auxiliary(str(sample_dir / "hospital_discharges_deid.csv"), engine)
        res = scan_linkage(engine, ds.text_table, cfg, release=rel.text_table, release_name="deid")
        out.append(res.anonymeter.model_dump())
    duck, spark = out
    assert duck["rows"]["release_searched"] == 20_000
    assert duck["inference"]["attack"]["successes"] > 0
    assert spark == duck


def test_spark_job_count_counts_jobs(spark_engine):
    """The counter behind the benchmarks' jobs per step: the context's job ids, one per job started."""
    from riskaudit.engine._spark_cluster import spark_job_count

    before = spark_engine.spark_jobs()
    assert before is not None and before == spark_job_count(spark_engine.session)
    spark_engine.session.sparkContext.parallelize(range(10), 2).count()  # one RDD action: exactly one job
    assert spark_engine.spark_jobs() == before + 1
    spark_engine.session.sparkContext.parallelize(range(10), 2).sum()
    spark_engine.session.sparkContext.parallelize(range(10), 2).collect()
    assert spark_engine.spark_jobs() == before + 3
