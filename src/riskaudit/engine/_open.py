"""``Engine.open(source)``: a file, glob, directory, database URL or DataFrame opened on an engine.

The engine decides how a source is read: files through :meth:`Engine.read`, a DataFrame through
:meth:`Engine.from_pandas`, a database table in place on the database (a warehouse engine reads its own URL; any
other engine opens a :class:`~riskaudit.engine._warehouse.WarehouseEngine` for it, owned by the opened source and
closed with it). ``riskaudit.dataset`` adds the row count and the empty-table refusal.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir
import pandas as pd

from ._source import FileDigest, resolve_source

if TYPE_CHECKING:
    from ..config import DatasetConfig

__all__ = ["OpenedSource", "open_source", "open_table_source", "stat_key"]


@dataclass
class OpenedSource:
    """Lazy typed and all-text tables over a source and what identifies it (no value is loaded)."""

    table: ir.Table
    text: ir.Table
    name: str
    path: str
    sha256: str
    files: list[FileDigest]
    format: str
    #: the engine the tables live on: the caller's, or one opened for this source (``owned``: close it with it)
    engine: Any
    owned: bool = False
    #: a database table's raw table (its digest is re-checked at the end of the run)
    raw_table: ir.Table | None = None
    #: file path -> :func:`stat_key` taken before any engine read the file
    stats: dict[str, tuple[int, ...]] | None = None

    def close(self) -> None:
        if self.owned:
            self.owned = False
            self.engine.close()


def stat_key(path: str) -> tuple[int, ...]:
    """What identifies a file's version without reading it: device, inode, size, mtime and ctime (ns). A file
    swapped for another and restored, even byte-identical, has a new ctime (rename) or inode (copy)."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def frame_digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()


def open_table_source(engine: Any, config: DatasetConfig, *, owned: bool) -> OpenedSource:
    """The table a warehouse engine's URL names (or ``dataset.table``), audited in place."""
    try:
        table, text = engine.open_table(config.null_values, config.trim_whitespace, table=config.table)
        return OpenedSource(
            table=table,
            text=text,
            name=engine.table_name,
            path=engine.source.display,
            sha256=engine.digest(engine.raw_table),
            files=[],
            format=engine.name,
            engine=engine,
            owned=owned,
            raw_table=engine.raw_table,
        )
    except BaseException:
        if owned:
            engine.close()
        raise


def open_source(engine: Any, data: str | os.PathLike | pd.DataFrame, config: DatasetConfig) -> OpenedSource:
    """See :meth:`riskaudit.engine.Engine.open`."""
    from . import _warehouse

    if isinstance(data, pd.DataFrame):
        table, text = engine.from_pandas(data)
        return OpenedSource(
            table=table,
            text=text,
            name="dataframe",
            path="<DataFrame>",
            sha256=frame_digest(data),
            files=[],
            format="pandas",
            engine=engine,
        )
    if _warehouse.is_database_url(str(data)):
        return engine.open_database(str(data), config)
    spec = resolve_source(
        str(data),
        format=config.format,
        delimiter=config.delimiter,
        encoding=config.encoding,
        header=config.header,
        column_names=config.column_names,
        null_values=config.null_values,
        trim_whitespace=config.trim_whitespace,
    )
    stats = {d.path: stat_key(d.path) for d in spec.digests}  # before any engine reads the files
    table, text = engine.read(spec)
    return OpenedSource(
        table=table,
        text=text,
        name=spec.name,
        path=spec.display,
        sha256=spec.sha256,
        files=spec.digests,
        format=spec.format,
        engine=engine,
        stats=stats,
    )


def open_database_elsewhere(url: str, config: DatasetConfig) -> OpenedSource:
    """A database URL read on a file engine: a second (warehouse) engine, owned by the opened source."""
    from . import _warehouse

    return open_table_source(_warehouse.WarehouseEngine(url, table=config.table), config, owned=True)
