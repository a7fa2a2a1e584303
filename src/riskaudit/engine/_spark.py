"""PySpark through Ibis: the same expressions as on DuckDB, on a local Spark or a cluster.

Types come from the same place on both engines: for CSV, TSV and JSON Lines the DuckDB sniffer
(``DESCRIBE`` over the first 100,000 rows, in-process, reading nothing else) decides each column's
type; Spark reads every field as text, applies the same null markers and trimming, then casts to
that type. The typed table and the all-text table therefore hold the same values on both engines.
Parquet files are typed already and are read natively.

Install with ``pip install 'riskaudit[spark]'``; needs a Java runtime (17 or 21).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..config import EngineConfig
from ..errors import EngineError, InputError, MissingExtraError
from ._base import Engine
from ._source import SourceSpec, check_column_names
from ._spark_cluster import (
    is_local_cluster,
    local_cluster_worker_mib,
    private_spark_home,
    remove_spark_home,
    spark_job_count,
)

__all__ = ["SparkEngine", "check_spark_available"]

#: shuffle partitions when the config does not say: small local jobs spend most time on 200 empty tasks
DEFAULT_SHUFFLE_PARTITIONS = 4

# DuckDB type (as DESCRIBE prints it) -> Spark SQL type used in the cast
_TYPE_MAP = {
    "BOOLEAN": "boolean",
    "TINYINT": "tinyint",
    "SMALLINT": "smallint",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "HUGEINT": "decimal(38,0)",
    "UTINYINT": "smallint",
    "USMALLINT": "int",
    "UINTEGER": "bigint",
    "UBIGINT": "decimal(20,0)",
    "FLOAT": "float",
    "DOUBLE": "double",
    "DATE": "date",
    "TIMESTAMP": "timestamp_ntz",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    "VARCHAR": "string",
}


def _java_available() -> bool:
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return True
    return shutil.which("java") is not None


def check_spark_available() -> None:
    """Raise :class:`MissingExtraError` naming what to install when pyspark or Java is missing."""
    try:
        import ibis.backends.pyspark  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(
            f"the spark engine needs PySpark and Ibis's pyspark backend ({exc.name or 'import failed'}); "
            "install them with: pip install 'riskaudit[spark]'"
        ) from None
    if not _java_available():
        raise MissingExtraError(
            "the spark engine needs a Java runtime (17 or 21) and none was found on PATH or in JAVA_HOME; "
            "install one, e.g. apt-get install openjdk-17-jre-headless"
        )


def _spark_type(duck: str) -> str:
    duck = duck.upper()
    if duck in _TYPE_MAP:
        return _TYPE_MAP[duck]
    if duck.startswith("DECIMAL"):
        return duck.lower()
    return "string"  # TIME, INTERVAL, nested types...: kept as text on Spark


def _sql_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _bq(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _debug() -> bool:
    return bool(os.environ.get("RISKAUDIT_DEBUG"))


@contextmanager
def _jvm_output_silenced(enabled: bool) -> Iterator[None]:
    """Start the JVM with its stdout/stderr on /dev/null (it inherits the process's descriptors at launch):
    its start-up banners and every later log line, which can quote cell values, never reach the terminal.
    Python's own streams are restored at once. Not with RISKAUDIT_DEBUG set."""
    if not enabled or _debug():
        yield
        return
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    saved = []
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        for fd in (1, 2):
            try:
                saved.append((fd, os.dup(fd)))
                os.dup2(devnull, fd)
            except OSError:
                pass
        yield
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)
        os.close(devnull)


class _QuietLoggers:
    """Spark's log4j root logger OFF and the py4j/pyspark Python loggers above CRITICAL for the run."""

    def __init__(self, session: Any) -> None:
        import logging

        self._py: list[tuple[logging.Logger, int]] = []
        self._session = session
        self._level: str | None = None
        if _debug():
            return
        loggers = [
            logging.getLogger(n) for n in ("py4j", "py4j.clientserver", "py4j.java_gateway", "pyspark")
        ]
        try:  # PySpark 4 logs a failed query, with the offending value, through its own loggers
            from pyspark.logger import PySparkLogger

            # created through PySparkLogger (its call passes keyword fields a plain Logger refuses)
            loggers += [
                PySparkLogger.getLogger(n) for n in ("SQLQueryContextLogger", "DataFrameQueryContextLogger")
            ]
        except ImportError:  # PySpark 3
            pass
        for lg in loggers:
            self._py.append((lg, lg.level))
            lg.setLevel(logging.CRITICAL + 1)
        try:
            self._level = str(session._jvm.org.apache.logging.log4j.LogManager.getRootLogger().getLevel())
        except Exception:
            self._level = None
        try:
            session.sparkContext.setLogLevel("OFF")
        except Exception:
            pass

    def restore(self, jvm: bool = True) -> None:
        for lg, level in self._py:
            lg.setLevel(level)
        self._py.clear()
        if self._level and jvm:
            try:
                self._session.sparkContext.setLogLevel(self._level)
            except Exception:
                pass
            self._level = None


def _error_class(exc: Exception) -> str:
    for attr in ("getCondition", "getErrorClass"):
        fn = getattr(exc, attr, None)
        if callable(fn):
            try:
                value = fn()
            except Exception:
                value = None
            if value:
                return str(value)
    return type(exc).__name__


class SparkEngine(Engine):
    """Runs riskaudit's Ibis expressions on PySpark.

    ``session`` attaches to an existing SparkSession (it is never stopped by riskaudit); otherwise a
    session is built for ``config.spark_master`` (``local[2]`` by default, or a cluster URL such as
    ``spark://host:7077`` or ``yarn``) with the UI off, UTC session time and few shuffle partitions.
    """

    _debug_raw = True  # RISKAUDIT_DEBUG=1 shows the JVM error instead of the one-line translation

    name = "spark"
    seeded_sampling = False
    fuse_group_bys = True

    def __init__(
        self,
        config: EngineConfig | None = None,
        *,
        session: Any = None,
        master: str | None = None,
        shuffle_partitions: int | None = None,
    ) -> None:
        super().__init__()
        config = config or EngineConfig(name="spark")
        check_spark_available()
        from pyspark.sql import SparkSession

        self._owns_session = False
        self._spark_home: str | None = None
        if session is None:
            existing = SparkSession.getActiveSession()
            conf: dict[str, str] = {
                "spark.ui.enabled": "false",
                "spark.ui.showConsoleProgress": "false",
                "spark.sql.session.timeZone": "UTC",
                "spark.sql.shuffle.partitions": str(shuffle_partitions or DEFAULT_SHUFFLE_PARTITIONS),
                "spark.driver.extraJavaOptions": "-Dlog4j2.level=error",
            }
            if config.memory_limit:
                conf["spark.driver.memory"] = config.memory_limit.replace("GB", "g").replace("MB", "m")
            if config.temp_directory:
                os.makedirs(config.temp_directory, exist_ok=True)
                conf["spark.local.dir"] = config.temp_directory
            url = master or config.spark_master
            worker_mib = local_cluster_worker_mib(url)
            if worker_mib:  # the executors' heap fits their worker (Spark's default 1g may not)
                conf["spark.executor.memory"] = f"{worker_mib}m"
            conf.update({str(k): str(v) for k, v in config.spark_conf.items()})
            builder = SparkSession.builder.appName("riskaudit").master(url)
            for k, v in conf.items():
                builder = builder.config(k, v)
            try:
                with _jvm_output_silenced(existing is None), self._spark_home_for(url, existing, config):
                    session = builder.getOrCreate()
            except Exception as exc:
                remove_spark_home(self._spark_home)
                self._spark_home = None
                raise EngineError(
                    f"could not start Spark at '{url}' ({_error_class(exc)}); "
                    "check engine.spark_master, JAVA_HOME and that the cluster is reachable"
                ) from None
            self._owns_session = existing is None
            if shuffle_partitions is not None or "spark.sql.shuffle.partitions" in config.spark_conf:
                session.conf.set("spark.sql.shuffle.partitions", conf["spark.sql.shuffle.partitions"])
        elif shuffle_partitions is not None:
            session.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
        self.session = session
        # Spark's executors log a failed task with the offending cell value and a Java stack trace: its
        # loggers (and py4j's) are off while riskaudit runs; errors reach the user translated, in one line
        self._quiet = _QuietLoggers(session)
        self._backend = ibis.pyspark.connect(session)
        self._views: list[str] = []
        self._persisted: dict[str, Any] = {}

    @contextmanager
    def _spark_home_for(self, master: str, existing: Any, config: EngineConfig) -> Iterator[None]:
        """For a ``local-cluster[...]`` master launched here with no ``SPARK_HOME`` set: a private one for the
        JVM's launch (executor work directories and logs go there, not into pyspark's install; removed when
        the session stops). Nothing changes for other masters, a running JVM or a ``SPARK_HOME`` already set."""
        from pyspark import SparkContext

        if (
            not is_local_cluster(master)
            or existing is not None
            or os.environ.get("SPARK_HOME")
            or SparkContext._gateway is not None
        ):
            yield
            return
        self._spark_home = private_spark_home(config.temp_directory)
        os.environ["SPARK_HOME"] = self._spark_home
        try:
            yield
        finally:
            os.environ.pop("SPARK_HOME", None)

    def spark_jobs(self) -> int | None:
        """Spark jobs the session has started so far (benchmarks report the difference per step)."""
        return spark_job_count(self.session)

    @property
    def backend(self) -> ibis.BaseBackend:
        return self._backend

    # -- errors ----------------------------------------------------------------------------------
    def _translate_error(self, exc: Exception) -> Exception | None:
        mod = type(exc).__module__ or ""
        if not (mod.startswith("pyspark") or mod.startswith("py4j")):
            return None
        cls = _error_class(exc)
        text = str(exc)
        # Spark's own text quotes the offending cell value: only the error class is passed on.
        if "CAST_INVALID_INPUT" in cls or "CAST_INVALID_INPUT" in text or "NumberFormatException" in text:
            return InputError(
                f"{self.context}: a value could not be parsed as its detected type; "
                "check dataset.delimiter/encoding/null_values, or fix the file"
            )
        if "PATH_NOT_FOUND" in cls or "FileNotFoundException" in text:
            return InputError(
                f"{self.context}: Spark cannot read the file ({cls}); the path must be visible to every executor"
            )
        if "OutOfMemoryError" in text or "SparkOutOfMemoryError" in text:
            return EngineError(
                f"{self.context}: Spark ran out of memory ({cls}); raise spark.driver.memory/spark.executor.memory "
                "in engine.spark_conf or use more shuffle partitions"
            )
        return EngineError(f"{self.context}: Spark failed ({cls}); rerun with RISKAUDIT_DEBUG=1 for details")

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with self.translated():
            return fn(*args, **kwargs)

    # -- reading ---------------------------------------------------------------------------------
    def _sniff(self, spec: SourceSpec) -> list[tuple[str, str]]:
        """Column names and DuckDB types, exactly as the DuckDB engine would read ``spec``."""
        from ._duckdb import DuckDBEngine

        duck = DuckDBEngine(threads=1)
        try:
            duck.context = spec.display
            return duck._describe(duck._reader_sql(spec, all_varchar=False))
        finally:
            duck.close()

    def _register(self, df: Any, prefix: str) -> ir.Table:
        name = self._next_name(prefix)
        df.createOrReplaceTempView(name)
        self._views.append(name)
        return self._backend.table(name)

    def _read_text_frame(self, spec: SourceSpec, names: list[str]) -> Any:
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(n, StringType(), True) for n in names])
        paths = [f.resolve().as_posix() for f in spec.files]
        if spec.format == "jsonl":
            return self.session.read.schema(schema).option("encoding", "UTF-8").json(paths)
        options = {
            "header": "true" if spec.header else "false",
            "sep": spec.delimiter or ",",
            "encoding": {"utf-8": "UTF-8", "utf-16": "UTF-16", "latin-1": "ISO-8859-1"}.get(
                spec.encoding, "UTF-8"
            ),
            "quote": '"',
            "escape": '"',
            "multiLine": "true",
            "mode": "FAILFAST",
            # keep every field as it is written; null markers are applied below exactly as on DuckDB
            "nullValue": "\u0000riskaudit-no-null\u0000",
            "emptyValue": "",
            "ignoreLeadingWhiteSpace": "false",
            "ignoreTrailingWhiteSpace": "false",
        }
        return self.session.read.options(**options).schema(schema).csv(paths)

    def _clean_exprs(self, spec: SourceSpec, cols: list[tuple[str, str]], all_text: bool) -> list[str]:
        raw_nulls = list(spec.null_values) if spec.format in ("csv", "tsv") else []
        nulls = [n.strip() for n in spec.null_values]
        exprs = []
        for col, typ in cols:
            q = _bq(col)
            val = q
            if raw_nulls:  # DuckDB's nullstr: the raw field, before any trimming
                val = f"CASE WHEN {val} IN ({', '.join(_sql_str(n) for n in raw_nulls)}) THEN NULL ELSE {val} END"
            if typ.upper() == "VARCHAR" or all_text:
                if spec.trim_whitespace:
                    val = f"trim({val})"
                if nulls:
                    val = f"CASE WHEN {val} IN ({', '.join(_sql_str(n) for n in nulls)}) THEN NULL ELSE {val} END"
            else:
                val = f"CAST(trim({val}) AS {_spark_type(typ)})"
            exprs.append(f"{val} AS {q}")
        return exprs

    def read(self, spec: SourceSpec) -> tuple[ir.Table, ir.Table]:
        self.context = spec.display
        if spec.format == "parquet":
            paths = [f.resolve().as_posix() for f in spec.files]
            df = self._run(lambda: self.session.read.option("mergeSchema", "true").parquet(*paths))
            check_column_names(list(df.columns), spec.display)
            if spec.null_values or spec.trim_whitespace:  # only when configured (text_cleaning), as on DuckDB
                nulls = ", ".join(_sql_str(n.strip()) for n in spec.null_values)
                exprs = []
                for col, typ in df.dtypes:
                    q = val = _bq(col)
                    if typ == "string":
                        if spec.trim_whitespace:
                            val = f"trim({val})"
                        if nulls:
                            val = f"CASE WHEN {val} IN ({nulls}) THEN NULL ELSE {val} END"
                    exprs.append(f"{val} AS {q}")
                df = df.selectExpr(*exprs)
            typed = self._register(df, "data")
            return typed, self._text_of(typed)
        cols = self._sniff(spec)
        if spec.format not in ("csv", "tsv"):
            check_column_names([c for c, _ in cols], spec.display)
        raw = self._run(self._read_text_frame, spec, [c for c, _ in cols])
        # the audit scans the input many times: parse the text once, keep it on the executors (spills to disk)
        from pyspark import StorageLevel

        raw = raw.persist(StorageLevel.MEMORY_AND_DISK)
        self._persisted[f"__raw_{len(self._persisted)}"] = raw
        typed_df = raw.selectExpr(*self._clean_exprs(spec, cols, all_text=False))
        typed = self._register(typed_df, "data")
        if spec.format in ("csv", "tsv"):
            text = self._register(raw.selectExpr(*self._clean_exprs(spec, cols, all_text=True)), "text")
        else:
            text = self._text_of(typed)
        return typed, text

    # -- intermediate results -------------------------------------------------------------------
    def _frame(self, expr: ir.Table) -> Any:
        return self.session.sql(self._backend.compile(expr))

    def iter_batches(self, expr: ir.Table, rows: int) -> Iterator[Any]:
        """Ibis's PySpark ``to_pyarrow_batches`` collects the whole result on the driver first; this pulls
        one Spark partition at a time (``toLocalIterator``, order kept) and yields Arrow batches of at
        most ``rows`` rows, typed by the expression's schema."""
        import pyarrow as pa

        rows = max(1, int(rows))
        schema = expr.schema().to_pyarrow()
        names = list(schema.names)
        it = self._run(lambda: self._frame(expr).toLocalIterator(prefetchPartitions=False))
        buf: list[dict[str, Any]] = []
        with self.translated():
            while True:
                try:
                    row = next(it)
                except StopIteration:
                    break
                buf.append(dict(zip(names, row, strict=True)))
                if len(buf) == rows:
                    yield pa.RecordBatch.from_pylist(buf, schema=schema)
                    buf = []
            if buf:
                yield pa.RecordBatch.from_pylist(buf, schema=schema)

    def materialize(self, expr: ir.Table, prefix: str = "tmp") -> ir.Table:
        """Compute ``expr`` once and keep it cached on the executors (Ibis has no temp tables on PySpark)."""
        sdf = self._run(lambda: self._frame(expr).persist())
        table = self._register(sdf, prefix)
        # the count that fills the cache also answers Engine.count(table) later, without another job
        self._counts[table.op()] = int(self._run(sdf.count))
        self._persisted[table.get_name()] = sdf
        return table

    def drop(self, table: ir.Table) -> None:
        name = table.get_name()
        self._counts.pop(table.op(), None)
        sdf = self._persisted.pop(name, None)
        try:
            if sdf is not None:
                sdf.unpersist()
            self.session.catalog.dropTempView(name)
        except Exception:
            pass
        if name in self._views:
            self._views.remove(name)

    def with_row_number(self, table: ir.Table, name: str = "__row") -> ir.Table:
        """1-based row numbers in source order: ``zipWithIndex`` numbers rows partition by partition, and a
        file's partitions are its consecutive byte ranges, so this is file order (as on DuckDB)."""
        from pyspark.sql.types import LongType, StructField, StructType

        sdf = self._frame(table)
        schema = StructType([*sdf.schema.fields, StructField(name, LongType(), False)])
        rdd = sdf.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1))
        return self._register(self._run(self.session.createDataFrame, rdd, schema), "rownum")

    def write_csv(self, expr: ir.Table, path: str) -> None:
        """One CSV file with a header, streamed from the executors through the driver in Arrow batches."""
        import pyarrow.csv as pacsv

        with self.translated():
            batches = self._backend.to_pyarrow_batches(expr)
            with pacsv.CSVWriter(path, batches.schema) as writer:
                for batch in batches:
                    writer.write_batch(batch)

    def from_pandas(self, df: pd.DataFrame) -> tuple[ir.Table, ir.Table]:
        import pyarrow as pa

        names = [str(c) for c in df.columns]
        check_column_names(names, "DataFrame")
        if list(df.columns) != names:
            df = df.set_axis(names, axis=1)
        self.context = "DataFrame"
        arrow = pa.Table.from_pandas(df, preserve_index=False)
        # Spark has no large_string/string_view: normalise to plain utf8
        arrow = arrow.cast(
            pa.schema(
                [
                    pa.field(f.name, pa.string())
                    if pa.types.is_large_string(f.type) or pa.types.is_string_view(f.type)
                    else f
                    for f in arrow.schema
                ]
            )
        )
        sdf = self._run(self.session.createDataFrame, arrow)
        typed = self._register(sdf, "frame")
        return typed, self._text_of(typed)

    def close(self) -> None:
        for sdf in self._persisted.values():
            try:
                sdf.unpersist()
            except Exception:
                pass
        self._persisted.clear()
        for name in self._views:
            try:
                self.session.catalog.dropTempView(name)
            except Exception:
                pass
        self._views.clear()
        quiet = getattr(self, "_quiet", None)
        if quiet is not None and not self._owns_session:
            quiet.restore()  # an attached session gets its log level back
        if self._owns_session:
            try:
                self.session.stop()
            except Exception:
                pass
            if quiet is not None:
                quiet.restore(jvm=False)
            remove_spark_home(self._spark_home)
            self._spark_home = None
