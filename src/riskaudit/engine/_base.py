"""The engine contract: the only place where riskaudit talks to a compute backend.

Scanners receive Ibis tables and call :meth:`Engine.execute` on Ibis expressions that return small
results (histograms, rates, samples). A second engine (PySpark through Ibis, a warehouse) implements
this class; no scanner changes.
"""

from __future__ import annotations

import contextlib
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from ._source import SourceSpec

__all__ = ["Engine", "quote_ident"]


def quote_ident(name: str) -> str:
    """SQL identifier quoting that survives spaces, quotes, unicode and HTML characters."""
    return '"' + str(name).replace('"', '""') + '"'


class Engine(ABC):
    """A compute backend reached through Ibis."""

    name: str = "abstract"
    #: whether Table.sample(seed=...) is deterministic on this backend (it is not on PySpark)
    seeded_sampling: bool = False
    #: whether many small GROUP BYs over one table should be folded into one grouped query over the table
    #: with its rows repeated once per GROUP BY (each query has a fixed scheduling cost on Spark; DuckDB runs
    #: them one after the other faster, and with one group table in memory at a time)
    fuse_group_bys: bool = False

    def __init__(self) -> None:
        self._counter = 0
        self.context = "dataset"
        self._counts: dict[Any, int] = {}

    @property
    @abstractmethod
    def backend(self) -> ibis.BaseBackend: ...

    def _next_name(self, prefix: str) -> str:
        self._counter += 1
        return f"__riskaudit_{prefix}_{self._counter}"

    @abstractmethod
    def read(self, spec: SourceSpec) -> tuple[ir.Table, ir.Table]:
        """Open ``spec`` lazily; return (typed table, all-text table) over the same rows."""

    def _text_of(self, table: ir.Table) -> ir.Table:
        """The all-text view of a typed table (every column cast to string, names kept)."""
        return table.select(*[table[c].cast("string").name(c) for c in table.columns])

    def open(self, data: Any, config: Any) -> Any:
        """Open ``data`` (file, glob, directory, database URL or pandas DataFrame) read as ``config``
        (a :class:`~riskaudit.config.DatasetConfig`) says: an :class:`~riskaudit.engine._open.OpenedSource`."""
        from ._open import open_source

        return open_source(self, data, config)

    def open_database(self, url: str, config: Any) -> Any:
        """A database table on this engine: a file engine opens a warehouse engine for it (owned by the result)."""
        from ._open import open_database_elsewhere

        return open_database_elsewhere(url, config)

    @abstractmethod
    def from_pandas(self, df: pd.DataFrame) -> tuple[ir.Table, ir.Table]:
        """Expose a pandas DataFrame as (typed table, all-text table) without copying it where possible."""

    @abstractmethod
    def _translate_error(self, exc: Exception) -> Exception | None:
        """Map a backend exception to a riskaudit error (or None to re-raise it)."""

    #: with RISKAUDIT_DEBUG set, re-raise the backend's own exception instead of the translated one (Spark)
    _debug_raw: bool = False

    @contextlib.contextmanager
    def translated(
        self,
        catch: type[BaseException] | tuple[type[BaseException], ...] = Exception,
        fallback: Callable[[Exception], Exception] | None = None,
        cleanup: Callable[[], None] | None = None,
    ) -> Iterator[None]:
        """The one place backend errors become riskaudit errors: ``catch`` raised inside the block is mapped by
        :meth:`_translate_error` (else ``fallback(exc)``, else re-raised as is), after ``cleanup()``."""
        try:
            yield
        except catch as exc:
            if cleanup is not None:
                cleanup()
            err = self._translate_error(exc) or (fallback(exc) if fallback is not None else None)  # type: ignore[arg-type]
            if err is None or (self._debug_raw and os.environ.get("RISKAUDIT_DEBUG")):
                raise
            raise err from None

    def execute(self, expr: ir.Expr) -> Any:
        """Run an Ibis expression; a table comes back as pandas (callers keep results small)."""
        with self.translated():
            return expr.execute()

    def iter_batches(self, expr: ir.Table, rows: int) -> Iterator[Any]:
        """Stream a (possibly large) table result as pyarrow RecordBatches of at most ``rows`` rows, in the
        expression's order; errors are translated as in :meth:`execute`. Callers must not run other
        queries on the engine until the iterator is exhausted or closed (DuckDB shares one cursor)."""
        rows = max(1, int(rows))
        reader = None
        try:
            with self.translated():
                reader = self.backend.to_pyarrow_batches(expr, chunk_size=rows)
                for batch in reader:
                    for off in range(0, batch.num_rows, rows):
                        yield batch.slice(off, rows)
        finally:
            close = getattr(reader, "close", None)
            if close is not None:
                try:
                    close()
                except Exception:
                    pass

    def distinct_budget(self) -> int | None:
        """Bytes that the hash tables of one exact ``count(DISTINCT ...)`` pass may hold, or None when the engine
        bounds such a pass itself (Spark spills its distinct aggregates; a warehouse runs them on its own side).
        See :func:`riskaudit._aggregate.distinct_counts`."""
        return None

    def count(self, table: ir.Table) -> int:
        """Rows of ``table``, counted once per table expression (a CSV count is a full scan)."""
        key = table.op()
        if key not in self._counts:
            self._counts[key] = int(self.execute(table.count()))
        return self._counts[key]

    def materialize_grouped(
        self, table: ir.Table, keys: list[str], build: Callable[[ir.Table], ir.Table], prefix: str = "tmp"
    ) -> ir.Table:
        """:meth:`materialize` ``build(table)``, a GROUP BY whose groups never span two values of ``keys``.

        Engines that hold a GROUP BY's hash table in memory may override this to build the result in
        several passes, each over a hash partition of ``keys`` (the result is the same); this default
        runs one pass."""
        return self.materialize(build(table), prefix)

    def grouped_passes(self, table: ir.Table) -> int:
        """How many scans of ``table`` :meth:`materialize_grouped` makes (one here): a caller whose keys are costly
        to compute materialises them first when there are several."""
        return 1

    #: whether :meth:`repeated_key_rows` can narrow a GROUP BY to the rows whose keys repeat
    REPEATED_KEY_ROWS = False

    def repeated_key_rows(self, keyed: ir.Table, keys: list[str], prefix: str = "tmp") -> ir.Table | None:
        """A materialised superset of the rows of ``keyed`` whose ``keys`` occur on two rows or more, or None (this
        default: the caller groups every row). A GROUP BY that keeps only groups of two rows or more gives the same
        groups over these rows as over all rows: every row of such a group is in."""
        return None

    def with_row_number(self, table: ir.Table, name: str = "__row") -> ir.Table:
        """``table`` plus a 1-based row number in source order (file order for files this engine reads).

        Engines whose scans do not keep the source order must override this (DuckDB keeps it:
        insertion order is preserved and ``row_number() OVER ()`` numbers rows as read).
        """
        return table.mutate(**{name: ibis.row_number() + 1})

    def unpivot(self, table: ir.Table, columns: list[str], names_to: str, values_to: str) -> ir.Table:
        """``table`` long: the other columns, ``names_to`` (a column's name) and ``values_to`` (its value)
        per row and listed column (Ibis ``pivot_longer``; engines whose pivot_longer misbehaves override)."""
        import ibis.selectors as s

        return table.pivot_longer(s.cols(*columns), names_to=names_to, values_to=values_to)

    def long_values(
        self,
        table: ir.Table,
        columns: list[str],
        names_to: str = "__c",
        values_to: str = "__v",
        ids: tuple[str, ...] = (),
        row_number: str | None = None,
    ) -> ir.Table:
        """A temporary table (drop it with :meth:`drop`) of ``(names_to, values_to)``: one row per non-NULL cell of
        ``columns`` (which share one type; the value keeps it), plus the ``ids`` columns of its row and, with ``row_number``, its 1-based row number in source order
        (:meth:`with_row_number`) under that name. Wide tables are aggregated per column over it with
        one GROUP BY instead of one expression per column (see ``riskaudit/_wide.py``)."""
        if row_number is not None:
            table, ids = self.with_row_number(table, row_number), (row_number, *ids)
        long = self.unpivot(table.select(*ids, *columns), columns, names_to=names_to, values_to=values_to)
        return self.materialize(long.filter(long[values_to].notnull()), "long")

    def materialize(self, expr: ir.Table, prefix: str = "tmp") -> ir.Table:
        """Compute ``expr`` once into a temporary table of the engine (for small intermediate results
        that several queries reuse). Release it with :meth:`drop`."""
        name = self._next_name(prefix)
        with self.translated():
            return self.backend.create_table(name, expr, temp=True)

    @contextlib.contextmanager
    def temp_table(self, expr: ir.Table, prefix: str = "tmp") -> Iterator[ir.Table]:
        """:meth:`materialize` ``expr`` for the block and drop it after, whatever happens in the block."""
        table = self.materialize(expr, prefix)
        try:
            yield table
        finally:
            self.drop(table)

    #: whether :meth:`second_connection` gives a connection that can run queries while this one runs others, over
    #: the tables :meth:`shared_table` makes (fuzzy linkage trains Splink on it in a background thread)
    CONCURRENT_CONNECTION = False

    def shared_table(self, expr: ir.Table, prefix: str = "tmp") -> ir.Table:
        """:meth:`materialize` ``expr`` where :meth:`second_connection` can read it too (this default: a temporary
        table, for engines without a second connection). Release it with :meth:`drop_shared`."""
        return self.materialize(expr, prefix)

    def drop_shared(self, table: ir.Table) -> None:
        """Drop a table made by :meth:`shared_table` (best effort)."""
        self.drop(table)

    def error_context(self) -> Any:
        """What this engine's error messages say about the table being read (its name, for DuckDB also its format
        and the paths it may quote): saved before a second table is opened and restored after, by
        :meth:`restore_error_context`, so that errors of the audited dataset keep naming it."""
        return self.context

    def restore_error_context(self, saved: Any) -> None:
        self.context = saved

    def share_cores(self, background: bool) -> None:
        """Leave cores to work running beside this engine's queries (``background``: the PII helper process,
        Splink's thread), or take them all again. This default: the engine's parallelism is its own business."""
        return None

    def second_connection(self) -> Any:
        """A second connection to this engine's database (close it after use); engines without one refuse."""
        raise NotImplementedError(f"{type(self).__name__} has no second connection")

    def splink_api(self, connection: Any = None) -> Any:
        """Splink's database API over this engine's connection, or over ``connection`` (one from
        :meth:`second_connection`), for fuzzy linkage; engines without one refuse."""
        from ..errors import MissingExtraError

        raise MissingExtraError("fuzzy linkage runs Splink on the DuckDB engine; set engine.name: duckdb")

    def drop(self, table: ir.Table) -> None:
        """Drop a table made by :meth:`materialize` (best effort)."""
        try:
            self.backend.drop_table(table.get_name(), force=True)
        except Exception:  # a leftover temp table dies with the connection
            pass

    def write_csv(self, expr: ir.Table, path: str) -> None:
        """Stream a (possibly large) result to a CSV file on the engine, without pulling it into Python."""
        with self.translated():
            self.backend.to_csv(expr, path)

    def to_sql(self, expr: ir.Expr) -> str:
        return str(ibis.to_sql(expr, dialect=self.backend.name))

    def close(self) -> None:  # pragma: no cover - trivial
        try:
            self.backend.disconnect()
        except Exception:
            pass
