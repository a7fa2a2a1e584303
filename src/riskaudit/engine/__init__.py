"""Engines: where aggregations run. DuckDB is the embedded default; others plug in behind :class:`Engine`."""

from __future__ import annotations

from ..config import EngineConfig
from ..errors import MissingExtraError
from ._base import Engine, quote_ident
from ._duckdb import DuckDBEngine
from ._sampling import row_hash, sample_rows, sample_values
from ._source import FileDigest, SourceSpec, resolve_source, sha256_file
from ._warehouse import is_database_url

__all__ = [
    "DuckDBEngine",
    "Engine",
    "FileDigest",
    "SourceSpec",
    "connect",
    "is_database_url",
    "quote_ident",
    "resolve_source",
    "row_hash",
    "sample_rows",
    "sample_values",
    "sha256_file",
]


def __getattr__(name: str) -> object:
    """``SparkEngine`` and ``WarehouseEngine`` load lazily (pyspark and database drivers are extras)."""
    if name == "SparkEngine":
        from ._spark import SparkEngine

        return SparkEngine
    if name == "WarehouseEngine":
        from ._warehouse import WarehouseEngine

        return WarehouseEngine
    raise AttributeError(name)


def connect(config: EngineConfig | None = None, *, source: object = None) -> Engine:
    """Start the engine named in ``config`` (DuckDB unless told otherwise).

    A ``source`` that is a database URL (``postgres://...?table=t``) is audited in place: the engine is
    that database, whatever ``config.name`` says.
    """
    config = config or EngineConfig()
    if is_database_url(source):
        from ._warehouse import WarehouseEngine

        return WarehouseEngine(str(source))
    if config.name == "duckdb":
        return DuckDBEngine(
            memory_limit=config.memory_limit,
            threads=config.threads,
            temp_directory=config.temp_directory,
            # unset: derived from the memory limit (engine/_memory.py); set: the user's value wins
            group_pass_rows=config.group_pass_rows,
        )
    if config.name == "spark":
        try:
            from ._spark import SparkEngine  # type: ignore[import-not-found]
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise MissingExtraError(
                f"the spark engine needs PySpark ({exc.name or exc}); install it with: pip install 'riskaudit[spark]'"
            ) from None
        return SparkEngine(config)
    raise MissingExtraError(f"unknown engine '{config.name}'; use duckdb or spark")
