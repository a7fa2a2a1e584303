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
from .engine import Engine, FileDigest
from .engine._open import stat_key as _stat_key
from .errors import ColumnError, InputError

__all__ = [
    "Dataset",
    "open_dataset",
    "open_auxiliary",
    "secondary_read",
    "check_configured_columns",
    "check_unchanged",
    "schema_digest",
]


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

    def close(self) -> None:
        """Close the engine this dataset opened for itself (a database URL read on a file engine); the engine it
        was given stays open (its owner closes it). Safe to call twice, and on None via :func:`close_all`."""
        owned = self.extra.pop("owned_engine", None)
        if owned is not None:
            owned.close()


def close_all(*datasets: Dataset | None) -> None:
    """Close what each dataset opened for itself (see :meth:`Dataset.close`); None entries are skipped."""
    for d in datasets:
        if d is not None:
            d.close()


def open_dataset(data: str | Path | pd.DataFrame, config: DatasetConfig, engine: Engine) -> Dataset:
    """Open a file, glob, directory, database URL or DataFrame on ``engine`` (:meth:`Engine.open`: the engine
    decides how); refuse empty tables with a one-line reason."""
    src = engine.open(data, config)
    extra: dict[str, Any] = {}
    if src.owned:
        extra["owned_engine"] = src.engine  # closed by Dataset.close (a second engine is never left open)
    if src.raw_table is not None:
        extra["raw_table"] = src.raw_table  # the table the digest is of (check_unchanged re-digests it)
    if src.stats is not None:
        extra["stats"] = src.stats
    try:
        rows = src.engine.count(src.table)
        if rows == 0:
            raise InputError(
                f"{src.path}: no data rows (the table is empty or holds only a header); nothing to audit"
            )
    except BaseException:
        src.close()
        raise
    return Dataset(
        name=src.name,
        path=src.path,
        sha256=src.sha256,
        files=src.files,
        format=src.format,
        table=src.table,
        text_table=src.text,
        rows=rows,
        columns=list(src.table.columns),
        engine=src.engine,
        extra=extra,
    )


def schema_digest(ds: Dataset) -> str:
    """sha256 of the column names and their (Ibis) types, in order: the dataset's shape, no values."""
    schema = ds.table.schema()
    h = hashlib.sha256()
    for c in ds.columns:
        h.update(f"{c}\x1f{schema[c]}\n".encode())
    return h.hexdigest()


def check_unchanged(ds: Dataset) -> None:
    """What was hashed is what was read: re-hash the input at the end of the run (every file; a warehouse
    table's in-database digest) and refuse the run, exit 2, when it changed while the engine was reading it.
    The engines read files lazily, so a file replaced mid-run would otherwise be audited under the old digest."""
    from .engine import sha256_file

    for f in ds.files:
        try:
            now = sha256_file(Path(f.path))
        except OSError as exc:
            raise InputError(
                f"{f.path}: disappeared or became unreadable while it was being audited ({exc.strerror}); "
                "audit a copy that nothing writes to"
            ) from None
        if now != f.sha256:
            raise InputError(
                f"{f.path}: changed while it was being audited (sha256 {f.sha256[:16]}... at the start, "
                f"{now[:16]}... at the end); audit a copy that nothing writes to"
            )
        before = ds.extra.get("stats", {}).get(f.path)
        if before is not None and _stat_key(f.path) != before:
            raise InputError(
                f"{f.path}: was replaced or modified while it was being audited (inode, size or times "
                "changed, though the bytes now match); audit a copy that nothing writes to"
            )
    raw = ds.extra.get("raw_table")
    if raw is not None:
        now = ds.engine.digest(raw)  # type: ignore[attr-defined]
        if now != ds.sha256:
            raise InputError(
                f"{ds.path}: the table changed while it was being audited (in-database digest "
                f"{ds.sha256[:16]}... at the start, {now[:16]}... at the end); audit a snapshot of it"
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
    stays on the audited dataset (its name, and for DuckDB the format and paths its messages may quote)."""
    if not path:
        return None
    context = engine.error_context()
    try:
        return open_dataset(path, secondary_read(base, read), engine)
    finally:
        engine.restore_error_context(context)


def check_configured_columns(
    cfg: AuditConfig, columns: list[str], dataset_path: str, config_path: str
) -> None:
    """Every column the config names must exist; say which key names it and suggest the closest column."""
    present = set(columns)
    folded = {c.casefold(): c for c in columns}
    for col, key in cfg.columns.named_columns().items():
        if col in present:
            continue
        close = folded.get(col.casefold()) or next(iter(difflib.get_close_matches(col, columns, n=1)), None)
        hint = (
            f"; did you mean '{close}'?"
            if close
            else f"; columns are: {', '.join(columns[:12])}{' ...' if len(columns) > 12 else ''}"
        )
        raise ColumnError(f"{config_path}: {key}: column '{col}' is not in {dataset_path}{hint}")
