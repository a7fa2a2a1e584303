"""DuckDB, the embedded default engine: reads CSV/Parquet/JSONL lazily and spills beyond its memory limit."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import weakref
from collections.abc import Callable
from typing import Any

import duckdb
import ibis
import ibis.expr.types as ir
import pandas as pd

from ..errors import EngineError, InputError, MissingExtraError
from ._base import Engine, quote_ident
from ._memory import default_group_pass_rows, default_memory_limit
from ._source import SourceSpec, check_column_names

__all__ = ["DuckDBEngine", "WIDE_COLUMNS"]

#: inputs with more columns than this are read once into a temporary table (see DuckDBEngine._view)
WIDE_COLUMNS = 256
WIDE_SLICE = 250  # cleaning expressions per SELECT when a wide input is read into a table
#: most columns audited in one table: DuckDB's CSV reader binds in time quadratic in the columns (10,000
#: columns: 11.5 s to DESCRIBE, 27 s to read 200 rows; 30,000 would take minutes before any scan), see docs/scale.md
MAX_COLUMNS = 10_000
#: rows per pass of the many-group GROUP BY when engine.memory_limit is set and engine.group_pass_rows is not
GROUP_PASS_ROWS = 25_000_000
#: longest CSV line DuckDB is asked to read (bytes)
MAX_LINE_BYTES = 32 << 20
#: text inputs (CSV, TSV, JSON Lines) of at most this many bytes on disk are parsed once into a temporary table:
#: every later query then scans DuckDB's own columns instead of re-parsing the file (a 6 MB, 20,000-row CSV:
#: 0.3 s per query through a read_csv view, 0.004 s from the table; the sample audit runs over a hundred
#: queries). Larger inputs, Parquet (columnar, cheap to re-read, and its compressed size says little about its
#: size in memory) and inputs above a quarter of a configured engine.memory_limit stay views.
SMALL_INPUT_BYTES = 64 << 20
_UNITS = {
    "": 1,
    "b": 1,
    "kb": 10**3,
    "mb": 10**6,
    "gb": 10**9,
    "tb": 10**12,
    "kib": 1 << 10,
    "mib": 1 << 20,
    "gib": 1 << 30,
    "tib": 1 << 40,
}


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _sql_list(items: list[str]) -> str:
    return "[" + ", ".join(_sql_str(i) for i in items) + "]"


class DuckDBEngine(Engine):
    name = "duckdb"
    seeded_sampling = True

    def __init__(
        self,
        *,
        memory_limit: str | None = None,
        threads: int | None = None,
        temp_directory: str | None = None,
        group_pass_rows: int | None = None,
    ) -> None:
        super().__init__()
        self._format = "csv"
        self._known: set[str] = set()
        config: dict[str, Any] = {}
        #: the memory limit DuckDB runs with; ``memory_limit_source`` says whether the user set it or riskaudit
        #: chose it from the machine (engine/_memory.py: never DuckDB's own 80 % of RAM)
        self.memory_limit_source = "config" if memory_limit else "default"
        self._threads = threads
        self._explicit_pass_rows = group_pass_rows is not None
        if memory_limit:
            config["memory_limit"] = memory_limit
            self.memory_limit = memory_limit
            auto_rows = GROUP_PASS_ROWS
        else:
            limit = default_memory_limit(threads)
            self.memory_limit = config["memory_limit"] = f"{limit // (1 << 20)}MiB"
            auto_rows = default_group_pass_rows(limit)
        self._memory_limit_text = (
            self.memory_limit
        )  # the limit in force (explicit or automatic): see _parse_once
        # an explicit group_pass_rows wins; else one pass's groups fit the (explicit or automatic) limit
        self.group_pass_rows = group_pass_rows or auto_rows
        #: while share_cores leaves cores to other work: the thread count to give back, else None
        self._shared_from: int | None = None
        if threads:
            config["threads"] = threads
        # Spill files hold data: without a configured directory they go to a private (0700) temporary
        # directory that close() removes, never to DuckDB's default ".tmp" in the working directory.
        self._own_tmp: str | None = None
        self._finalizer: weakref.finalize | None = None
        if temp_directory:
            try:
                os.makedirs(temp_directory, exist_ok=True)
            except OSError as exc:
                raise EngineError(
                    f"engine.temp_directory: cannot create {temp_directory} ({exc.strerror}); choose a writable directory"
                ) from None
        else:
            self._own_tmp = temp_directory = tempfile.mkdtemp(prefix="riskaudit-spill-")
            # removed on close(), when the engine is collected, or at interpreter exit, whichever comes first
            self._finalizer = weakref.finalize(self, shutil.rmtree, temp_directory, True)
        config["temp_directory"] = temp_directory
        try:
            self._backend = ibis.duckdb.connect(**config)
        except duckdb.Error as exc:
            self._cleanup()
            raise EngineError(
                f"engine.memory_limit/threads/temp_directory rejected by DuckDB ({_first_line(exc)}); "
                "use e.g. memory_limit: 4GB, threads: 2"
            ) from None
        # never reach the network for an extension
        self._raw("SET autoinstall_known_extensions = false")
        self._raw("SET autoload_known_extensions = false")
        # DuckDB draws its own progress bar on stdout for long queries (seconds at 10M+ rows): it would corrupt
        # `--json` output and interleave with the CLI's rich progress
        self._raw("SET enable_progress_bar = false")

    def error_context(self) -> Any:
        return (self.context, self._format, set(self._known))

    def restore_error_context(self, saved: Any) -> None:
        self.context, self._format, self._known = saved

    def share_cores(self, background: bool) -> None:
        """While other work runs beside the queries (a small audit's PII helper process and Splink's queries on the
        second connection, a core each), DuckDB's thread pool leaves them two cores (at least one thread stays)
        instead of taking every core: on 2 cores, two-thread queries beside the helper and Splink oversubscribed
        them (the sample audit: 12.4 against 11.3 CPU seconds, 7.5 against 7.0 s). ``engine.threads`` set by the
        user is never changed. Results do not depend on the thread count."""
        if self._threads or background == (self._shared_from is not None):
            return  # the user's count stands, or already as asked
        now = int(self._raw("SELECT current_setting('threads')").fetchone()[0])
        if background:
            want, self._shared_from = max(1, now - 2), now
        else:
            want, self._shared_from = self._shared_from, None
        if want != now:
            self._raw(f"SET threads = {int(want)}")

    def distinct_budget(self) -> int | None:
        """A quarter of DuckDB's memory limit: DuckDB does not spill the hash tables of ``count(DISTINCT x)``
        aggregates (50M rows with two near-unique text columns ran out of memory at 1.5 GiB), while a
        ``SELECT DISTINCT`` subquery is a hash aggregate that spills."""
        limit = _bytes_of(self._memory_limit_text) if self._memory_limit_text else None
        return max(1, limit // 4) if limit else None

    @property
    def backend(self) -> ibis.BaseBackend:
        return self._backend

    def _cleanup(self) -> None:
        if self._finalizer is not None:
            self._finalizer()
        self._own_tmp = None

    def close(self) -> None:
        super().close()
        self._cleanup()

    def materialize_grouped(
        self, table: ir.Table, keys: list[str], build: Callable[[ir.Table], ir.Table], prefix: str = "tmp"
    ) -> ir.Table:
        """In ceil(rows / group_pass_rows) passes over hash partitions of ``keys``: DuckDB's hash
        aggregate holds every group in memory (spilling past memory_limit is about twice as slow), and a
        group never spans partitions, so the passes' results are disjoint and their union is exact.
        50M rows, 14M (QIs, value) groups: 1 pass 7.9 s / 2.46 GB peak, 2 passes 8.4 s / 1.36 GB."""
        passes = self.grouped_passes(table)
        if passes <= 1 or not keys:
            return self.materialize(build(table), prefix)
        # raw SQL: Ibis compiles hash() through a BIT cast that costs more than the GROUP BY it splits
        source = self.to_sql(table)
        keyed = ", ".join(quote_ident(k) for k in keys)
        views = []
        result = None

        def drop_partial() -> None:
            if result is not None:
                self.drop(result)

        try:
            with self.translated(duckdb.Error, cleanup=drop_partial):
                for p in range(passes):
                    view = self._next_name("pass")
                    views.append(view)
                    self._raw(
                        f"CREATE OR REPLACE TEMP VIEW {quote_ident(view)} AS SELECT * FROM ({source}) "
                        f"WHERE hash({keyed}) % {passes} = {p}"
                    )
                    expr = build(self._backend.table(view))
                    if result is None:
                        result = self.materialize(expr, prefix)
                    else:
                        self._raw(f"INSERT INTO {quote_ident(result.op().name)} {self.to_sql(expr)}")
        finally:
            for view in views:
                self._raw(f"DROP VIEW IF EXISTS {quote_ident(view)}")
        assert result is not None
        return result

    def grouped_passes(self, table: ir.Table) -> int:
        return max(1, -(-self.count(table) // self.group_pass_rows))

    REPEATED_KEY_ROWS = True
    #: the row hash of repeated_key_rows (tests put a weak one here to force collisions)
    _REPEAT_HASH = "hash({})"

    def repeated_key_rows(self, keyed: ir.Table, keys: list[str], prefix: str = "tmp") -> ir.Table | None:
        """When a GROUP BY of ``keyed`` would take several passes: one spilling aggregate of a 64-bit ``hash`` of
        the keys (8 bytes a group, where the GROUP BY holds every key) keeps the hashes seen on two rows or more,
        and a second scan writes the rows of ``keyed`` with one of those hashes. Equal keys have equal hashes
        (DuckDB's GROUP BY hashes them with the same function: 0.0 = -0.0, NaN = NaN, NULL = NULL), so no repeated
        row is lost; a hash collision only adds rows, which the caller's exact GROUP BY then tells apart.
        50M rows, 11 columns, 1.25 GiB: the hash aggregate 9.1 s, a GROUP BY over the columns 56.5 s (spilling)
        or four passes of it."""
        if not keys or self.grouped_passes(keyed) <= 1:
            return None
        hashed = self._REPEAT_HASH.format(", ".join(quote_ident(k) for k in keys))
        source = self.to_sql(keyed)
        seen = self._next_name(f"{prefix}_h")
        name = self._next_name(prefix)
        try:
            with self.translated(duckdb.Error):
                self._raw(
                    f"CREATE TEMP TABLE {quote_ident(seen)} AS SELECT {hashed} AS __h "
                    f"FROM ({source}) GROUP BY 1 HAVING count(*) > 1"
                )
                self._raw(
                    f"CREATE TEMP TABLE {quote_ident(name)} AS SELECT * FROM ({source}) "
                    f"WHERE {hashed} IN (SELECT __h FROM {quote_ident(seen)})"
                )
        except BaseException:
            self._raw(f"DROP TABLE IF EXISTS {quote_ident(name)}")
            raise
        finally:
            self._raw(f"DROP TABLE IF EXISTS {quote_ident(seen)}")
        return self._backend.table(name)

    def long_values(
        self,
        table: ir.Table,
        columns: list[str],
        names_to: str = "__c",
        values_to: str = "__v",
        ids: tuple[str, ...] = (),
        row_number: str | None = None,
    ) -> ir.Table:
        """DuckDB's own UNPIVOT (NULL cells are left out): 10,000 columns x 200 rows in about 4 s, where Ibis's
        pivot_longer (a list of 10,000 structs, unnested) takes 15 s to run and seconds to compile."""
        op = table.op()
        cols = ", ".join(quote_ident(c) for c in columns)
        kept = "".join(f"{quote_ident(c)}, " for c in ids)
        if row_number is not None:  # as with_row_number: DuckDB numbers rows as read
            kept = f"row_number() OVER () AS {quote_ident(row_number)}, " + kept
        if isinstance(op, ibis.expr.operations.DatabaseTable):  # no Ibis compile of a 10,000-column select
            source = f"SELECT {kept}{cols} FROM {quote_ident(op.name)}"
        else:
            source = f"SELECT {kept}{cols} FROM ({self.to_sql(table)})"
        name = self._next_name("long")
        with self.translated(duckdb.Error):
            self._raw(
                f"CREATE TEMP TABLE {quote_ident(name)} AS SELECT * FROM (UNPIVOT ({source}) ON {cols} "
                f"INTO NAME {quote_ident(names_to)} VALUE {quote_ident(values_to)})"
            )
        return self._backend.table(name)

    @property
    def raw(self) -> duckdb.DuckDBPyConnection:
        return self._backend.con  # type: ignore[attr-defined,no-any-return]

    def _raw(self, sql: str) -> Any:
        return self.raw.execute(sql)

    def _translate_error(self, exc: Exception) -> Exception | None:
        """Map a DuckDB error to one actionable line.

        DuckDB's own texts can quote a cell value (``Original Line: ...``, ``Could not convert string
        "..."``): only the column name, the type, a line number or the file path is ever carried over.
        """
        where = self.context
        full = str(exc)
        if isinstance(exc, duckdb.OutOfMemoryException):
            return EngineError(
                f"{where}: out of memory ({_first_line(exc)}); set engine.temp_directory to a disk with space "
                "or raise engine.memory_limit"
            )
        if not isinstance(
            exc, (duckdb.IOException, duckdb.InvalidInputException, duckdb.ConversionException)
        ):
            return None
        line_no = re.search(r"CSV Error on Line: (\d+)", full)
        near = f" (near line {int(line_no.group(1)):,})" if line_no else ""
        if self._format == "parquet" and re.search(
            r"magic bytes|footer|parquet|thrift|corrupt|metadata", full, re.I
        ):
            return InputError(
                f"{where}: not a valid Parquet file ({_safe_reason(exc, self._known)}); re-export or re-download it"
            )
        if self._format == "jsonl" and re.search(r"malformed json|json", full, re.I):
            return InputError(
                f"{where}: not valid JSON Lines ({_safe_reason(exc, self._known)}); one JSON object per line is expected"
            )
        if re.search(r"invalid unicode|not utf-?8 encoded|byte sequence mismatch", full, re.I):
            return InputError(
                f"{where}: not valid UTF-8 further into the file{near}; set dataset.encoding: latin-1 "
                "(or re-save the file as UTF-8)"
            )
        if re.search(r"maximum line size", full, re.I):
            return InputError(
                f"{where}: a line{near} is longer than {MAX_LINE_BYTES // (1 << 20)} MB (or a quote is never closed); "
                "check dataset.delimiter and the quoting, or split the long cells out of the file"
            )
        if isinstance(exc, duckdb.IOException):
            return InputError(f"{where}: cannot read: {_safe_reason(exc, self._known)}")
        col = re.search(r'converting column "((?:[^"]|"")+)"', full) or re.search(
            r'[Cc]olumn:? "((?:[^"]|"")+)"', full
        )
        typ = re.search(r"is being converted as type (\w+)", full)
        what = f"column '{col.group(1)}'" if col else "a column"
        as_type = f" as {typ.group(1)}" if typ else ""
        if line_no or "csv" in full.lower():
            # the engine's own text quotes the offending row: never repeat it (no PII in errors)
            return InputError(
                f"{where}: {what}{near} does not parse{as_type} like the rows before it, or the row has a "
                "different number of fields; add the marker to dataset.null_values if it means missing, "
                "check dataset.delimiter, or fix the file"
            )
        return InputError(
            f"{where}: a value in {what} could not be converted{as_type}; "
            "check dataset.null_values, dataset.delimiter and dataset.encoding, or fix the file"
        )

    def drop(self, table: ir.Table) -> None:
        self._drop_from("temp.main", table)

    def _drop_from(self, schema: str, table: ir.Table) -> None:
        # Ibis 12's drop_table emits SQL DuckDB 1.5 rejects; drop the table directly
        try:
            name = table.get_name().split(".")[-1]  # 'temp.main.<name>', 'memory.main.<name>'
            self._raw(f"DROP TABLE IF EXISTS {schema}.{quote_ident(name)}")
        except duckdb.Error:
            pass

    # -- reading ---------------------------------------------------------------------------------
    def _reader_sql(self, spec: SourceSpec, all_varchar: bool) -> str:
        files = _sql_list([f.as_posix() for f in spec.files])
        if spec.format == "parquet":
            return f"read_parquet({files}, union_by_name = true)"
        if spec.format == "jsonl":
            # nesting below 16 levels is typed JSON: deeper types overflow Ibis's type parser
            args = "format = 'newline_delimited', union_by_name = true, maximum_depth = 16"
            return f"read_json({files}, {args})"
        args = [
            f"delim = {_sql_str(spec.delimiter or ',')}",
            f"header = {'true' if spec.header else 'false'}",
            f"encoding = {_sql_str(spec.encoding)}",
            "sample_size = 100000",
            # DuckDB's default 2 MB line limit refuses a long free-text cell; past 32 MB the error below says so
            f"max_line_size = {MAX_LINE_BYTES}",
            # DuckDB's default buffer is 16 x max_line_size (512 MiB); a few files read at once would then not
            # fit the default memory bound (engine/_memory.py). Two lines' worth still holds the longest line.
            f"buffer_size = {2 * MAX_LINE_BYTES}",
            "union_by_name = true" if len(spec.files) > 1 else "",
        ]
        if spec.null_values:
            args.append(f"nullstr = {_sql_list(spec.null_values)}")
        if spec.column_names:
            args.append(f"names = {_sql_list(spec.column_names)}")
        if all_varchar:
            args.append("all_varchar = true")
        return f"read_csv({files}, {', '.join(a for a in args if a)})"

    #: DuckDB: a cursor is a second connection to the same in-memory database; each runs its own queries (GIL
    #: released), so Splink can train on one while the audit goes on over the other
    CONCURRENT_CONNECTION = True

    def shared_table(self, expr: ir.Table, prefix: str = "tmp") -> ir.Table:
        """A table in the connection's own in-memory catalog (not a TEMP table, which only its connection sees),
        so a cursor reads it too. The catalog is private to this engine: nothing of the user's is written."""
        name = self._next_name(f"shared_{prefix}")
        with self.translated():
            self._raw(f"CREATE TABLE memory.main.{quote_ident(name)} AS {self.to_sql(expr)}")
            return self.backend.table(name, database=("memory", "main"))

    def drop_shared(self, table: ir.Table) -> None:
        self._drop_from("memory.main", table)

    def second_connection(self) -> duckdb.DuckDBPyConnection:
        return self.raw.cursor()

    def splink_api(self, connection: Any = None) -> Any:
        """Splink's DuckDB API on this engine's connection (its temp tables are visible to Splink), or on
        ``connection`` (a cursor from :meth:`second_connection`: it sees :meth:`shared_table` tables only)."""
        try:
            from splink.backends.duckdb import DuckDBAPI
        except ImportError as exc:  # pragma: no cover - splink is a dependency
            raise MissingExtraError(
                f"fuzzy linkage needs Splink ({exc.name}); pip install 'splink>=5,<6'"
            ) from None
        return DuckDBAPI(connection=self.raw if connection is None else connection)

    def _cannot_read(self, exc: Exception) -> InputError:
        return InputError(f"{self.context}: cannot read: {_safe_reason(exc, self._known)}")

    def _describe(self, sql: str) -> list[tuple[str, str]]:
        with self.translated(duckdb.Error, fallback=self._cannot_read):
            rows = self.raw.execute(f"DESCRIBE SELECT * FROM {sql}").fetchall()
        return [(r[0], r[1]) for r in rows]

    def _view(self, spec: SourceSpec, all_varchar: bool) -> ir.Table:
        reader = self._reader_sql(spec, all_varchar)
        cols = self._describe(reader)
        self._check_width(spec, len(cols))
        if spec.format not in ("csv", "tsv"):
            check_column_names([c for c, _ in cols], spec.display)
        nulls = [n.strip() for n in spec.null_values]
        exprs = []
        for col, typ in cols:
            q = quote_ident(col)
            if all_varchar and typ != "VARCHAR":
                val = f"CAST({q} AS VARCHAR)"
            else:
                val = q
            if typ == "VARCHAR" or all_varchar:
                if spec.trim_whitespace:
                    val = f"trim({val})"
                if nulls:
                    # list_contains, not IN: DuckDB's in_clause optimizer takes seconds per hundred columns
                    # of IN lists (a 2,000-column file ran out of memory planning one query)
                    val = f"CASE WHEN list_contains({_sql_list(nulls)}, {val}) THEN NULL ELSE {val} END"
            exprs.append(f"{val} AS {q}")
        name = self._next_name("text" if all_varchar else "data")
        if len(cols) > WIDE_COLUMNS:
            self._fit_limit_to_wide()
            return self._backend.table(self._wide_table(reader, cols, exprs, name))
        if self._parse_once(spec):
            # same SELECT, same rows in file order (insertion order is kept), parsed once
            with self.translated():
                self._raw(f"CREATE TEMP TABLE {quote_ident(name)} AS SELECT {', '.join(exprs)} FROM {reader}")
            return self._backend.table(name)
        self._raw(
            f"CREATE OR REPLACE TEMP VIEW {quote_ident(name)} AS SELECT {', '.join(exprs)} FROM {reader}"
        )
        return self._backend.table(name)

    def _parse_once(self, spec: SourceSpec) -> bool:
        """Whether ``spec`` is read once into a temporary table (see :data:`SMALL_INPUT_BYTES`)."""
        if spec.format not in ("csv", "tsv", "jsonl"):
            return False
        size = _input_bytes(spec)
        if size > SMALL_INPUT_BYTES:
            return False
        if not self._memory_limit_text:
            return True
        limit = _bytes_of(self._memory_limit_text)  # an unreadable limit keeps the view
        return limit is not None and size * 4 <= limit

    def _wide_table(self, reader: str, cols: list[tuple[str, str]], exprs: list[str], name: str) -> str:
        """Read a wide input once into a DuckDB temporary table (in memory, spilled to engine.temp_directory
        past engine.memory_limit) and return its name.

        DuckDB binds a wide ``read_csv`` view in time quadratic in its columns on every query (2,000 columns:
        4 s to select one), and one SELECT of thousands of cleaning expressions (trim, null markers) is itself
        super-linear (1,000 columns: 7.9 s, 2,000: 79 s, 10,000 did not finish). So the file is read as it is
        (``SELECT *``, the least any reader does), the cleaning runs over that table in slices of
        ``WIDE_SLICE`` columns, and the slices are put side by side with a POSITIONAL JOIN (row order is
        insertion order in every slice); same values, same order, linear in the columns."""
        raw = self._next_name("wide")
        parts: list[str] = []
        try:
            with self.translated(duckdb.Error, fallback=self._cannot_read):
                self._raw(f"CREATE TEMP TABLE {quote_ident(raw)} AS SELECT * FROM {reader}")
                # DuckDB's common-subexpression optimizer is super-linear in a query's expressions: a seeded row
                # hash over 1,000 columns took 64 s with it, 5 s without (results never depend on an optimizer)
                self._raw("SET disabled_optimizers = 'common_subexpressions'")
                plain = [f"{quote_ident(c)} AS {quote_ident(c)}" for c, _ in cols]
                if exprs == plain:
                    return raw
                for i in range(0, len(exprs), WIDE_SLICE):
                    part = self._next_name("wpart")
                    self._raw(
                        f"CREATE TEMP TABLE {quote_ident(part)} AS SELECT {', '.join(exprs[i : i + WIDE_SLICE])} "
                        f"FROM {quote_ident(raw)}"
                    )
                    parts.append(part)
                self._raw(
                    f"CREATE TEMP TABLE {quote_ident(name)} AS SELECT * FROM "
                    + " POSITIONAL JOIN ".join(quote_ident(p) for p in parts)
                )
        finally:
            for p in parts:
                self._raw(f"DROP TABLE IF EXISTS {quote_ident(p)}")
        self._raw(f"DROP TABLE IF EXISTS {quote_ident(raw)}")
        return name

    def _check_width(self, spec: SourceSpec, columns: int) -> None:
        if columns > MAX_COLUMNS:
            raise InputError(
                f"{spec.display}: {columns:,} columns; riskaudit audits at most {MAX_COLUMNS:,} columns per table; "
                "split the columns into several files (keeping the key columns in each) and audit each"
            )

    def _fit_limit_to_wide(self) -> None:
        """An automatic limit becomes the wide-input one (engine/_memory.py ``WIDE_CAP``): per-column statistics
        over hundreds of columns need memory DuckDB cannot spill. A configured limit is left alone."""
        if self.memory_limit_source != "default":
            return
        limit = default_memory_limit(self._threads, wide=True)
        text = f"{limit // (1 << 20)}MiB"
        if text == self.memory_limit:
            return
        self._raw(f"SET memory_limit = '{text}'")
        self.memory_limit = self._memory_limit_text = text
        if not self._explicit_pass_rows:
            self.group_pass_rows = default_group_pass_rows(limit)

    def read(self, spec: SourceSpec) -> tuple[ir.Table, ir.Table]:
        self.context = spec.display
        self._format = spec.format
        self._known = {spec.display} | {f.as_posix() for f in spec.files} | {str(f) for f in spec.files}
        if spec.format in ("csv", "tsv") and spec.files:
            # refuse a too-wide file from its first line, before DuckDB spends minutes binding it
            self._check_width(spec, _header_fields(spec))
        typed = self._view(spec, all_varchar=False)
        text = self._view(spec, all_varchar=True) if spec.format in ("csv", "tsv") else self._text_of(typed)
        return typed, text

    def from_pandas(self, df: pd.DataFrame) -> tuple[ir.Table, ir.Table]:
        names = [str(c) for c in df.columns]
        check_column_names(names, "DataFrame")
        if list(df.columns) != names:
            df = df.set_axis(names, axis=1)
        name = self._next_name("frame")
        if len(names) > WIDE_COLUMNS:
            self._fit_limit_to_wide()
        self.raw.register(name, df)
        self.context = "DataFrame"
        self._format = "pandas"
        typed = self._backend.table(name)
        return typed, self._text_of(typed)


def _bytes_of(limit: str) -> int | None:
    """``'4GB'``, ``'512 MiB'``, ``'20MB'`` in bytes (None when it does not read as a size)."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", str(limit))
    unit = _UNITS.get(m.group(2).lower()) if m else None
    try:
        return int(float(m.group(1)) * unit) if m and unit else None
    except ValueError:
        return None


def _input_bytes(spec: SourceSpec) -> int:
    """Bytes on disk of the input's files (a file that cannot be sized counts as large: it stays a view)."""
    try:
        return sum(f.stat().st_size for f in spec.files) if spec.files else SMALL_INPUT_BYTES + 1
    except OSError:
        return SMALL_INPUT_BYTES + 1


def _header_fields(spec: SourceSpec) -> int:
    """Fields on the first line of the first file (a lower bound on its columns; a quoted delimiter is one field)."""
    import csv

    try:
        with open(spec.files[0], encoding=spec.encoding, errors="replace", newline="") as f:
            line = f.readline(MAX_LINE_BYTES)
    except (OSError, LookupError):
        return 0  # the reader reports it
    delim = spec.delimiter or ","
    try:
        return len(next(csv.reader([line], delimiter=delim), []))
    except csv.Error:  # a field past csv's size limit: count delimiters instead
        return line.count(delim) + 1


def _safe_reason(exc: Exception, known: set[str] | frozenset[str] = frozenset()) -> str:
    """The first line of an engine error without its class prefix, quoted literals masked.

    Quoted text that is one of the input paths is kept; any other quoted text is replaced, because
    it could be a value from the data.
    """
    text = _first_line(exc)
    text = re.sub(r"^[A-Za-z ]*Error: ", "", text)

    def mask(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        return m.group(0) if inner in known else "'...'"

    return re.sub(r"\"[^\"]*\"|'[^']*'", mask, text)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
