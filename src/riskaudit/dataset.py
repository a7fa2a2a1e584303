"""A dataset opened on an engine: lazy Ibis tables plus the facts the scorecard binds (digest, shape)."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis.expr.types as ir
import pandas as pd

from .config import AuditConfig, DatasetConfig
from .config._read import INHERITED, TableRead
from .engine import Engine, FileDigest, is_database_url, resolve_source
from .errors import ColumnError, InputError

__all__ = ["Dataset", "open_dataset", "open_auxiliary", "secondary_read", "check_configured_columns"]


@dataclass
class Dataset:
    """Lazy tables over the input; nothing is loaded into Python memory."""

    name: str
    path: str
    sha256: str
    files: list[FileDigest]
    format: str
    table: ir.Table
    text_table: ir.Table
    rows: int
    columns: list[str]
    engine: Engine
    extra: dict[str, Any] = field(default_factory=dict)

    def column(self, name: str) -> ir.Column:
        return self.table[name]


def _frame_digest(df: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update("\x1f".join(map(str, df.columns)).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()


def open_dataset(data: str | Path | pd.DataFrame, config: DatasetConfig, engine: Engine) -> Dataset:
    """Open a file, glob, directory or DataFrame; refuse empty tables with a one-line reason."""
    if isinstance(data, pd.DataFrame):
        table, text = engine.from_pandas(data)
        name, path, digest, files, fmt = "dataframe", "<DataFrame>", _frame_digest(data), [], "pandas"
    elif is_database_url(str(data)):
        from .engine._warehouse import WarehouseEngine

        if not isinstance(engine, WarehouseEngine):  # audited in place, on the database itself
            engine = WarehouseEngine(str(data), table=config.table)
        table, text = engine.open_table(config.null_values, config.trim_whitespace, table=config.table)
        name, path, files, fmt = engine.table_name, engine.source.display, [], engine.name
        digest = engine.digest(engine.raw_table)
    else:
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
        table, text = engine.read(spec)
        name, path, digest, files, fmt = spec.name, spec.display, spec.sha256, spec.digests, spec.format
    rows = engine.count(table)
    if rows == 0:
        raise InputError(f"{path}: no data rows (the table is empty or holds only a header); nothing to audit")
    return Dataset(
        name=name,
        path=path,
        sha256=digest,
        files=files,
        format=fmt,
        table=table,
        text_table=text,
        rows=rows,
        columns=list(table.columns),
        engine=engine,
    )


def secondary_read(base: DatasetConfig | None, read: TableRead | None) -> DatasetConfig:
    """The read settings of a secondary table: its own where set, else the main dataset's
    (delimiter, encoding, header, null_values, trim_whitespace)."""
    out: dict[str, Any] = {}
    if base is not None:
        out.update({k: getattr(base, k) for k in INHERITED})
    if read is not None:
        out.update({k: v for k, v in read.model_dump().items() if v is not None})
    if out.get("encoding") is None:
        out.pop("encoding", None)
    return DatasetConfig(**out)


def open_auxiliary(
    path: str | Path | None, engine: Engine, base: DatasetConfig | None = None, read: TableRead | None = None
) -> Dataset | None:
    """Open a second table (auxiliary, release, control, population) on the same engine, read like the
    main dataset (``base``) unless its own ``read`` settings say otherwise; the engine's error context
    stays on the audited dataset."""
    if not path:
        return None
    context = engine.context
    try:
        return open_dataset(path, secondary_read(base, read), engine)
    finally:
        engine.context = context


def check_configured_columns(cfg: AuditConfig, columns: list[str], dataset_path: str, config_path: str) -> None:
    """Every column the config names must exist; say which key names it and suggest the closest column."""
    present = set(columns)
    folded = {c.casefold(): c for c in columns}
    for col, key in cfg.columns.named_columns().items():
        if col in present:
            continue
        close = folded.get(col.casefold()) or next(iter(difflib.get_close_matches(col, columns, n=1)), None)
        hint = f"; did you mean '{close}'?" if close else f"; columns are: {', '.join(columns[:12])}{' ...' if len(columns) > 12 else ''}"
        raise ColumnError(f"{config_path}: {key}: column '{col}' is not in {dataset_path}{hint}")
