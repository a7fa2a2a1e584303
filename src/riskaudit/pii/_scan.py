"""The PII scan as a pure function: tables + config -> :class:`PiiResult`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ibis.expr.types as ir

from .._later import Later
from ..config import ColumnsConfig, PiiConfig
from ..config._pii import FreeTextConfig
from ..engine import Engine, sample_rows, sample_values
from ._analysis import analyse_samples, suggest_quasi_identifiers
from ._result import PiiResult

if TYPE_CHECKING:
    from ._worker import PiiWorker

__all__ = ["scan_pii", "start_scan_pii", "analyse_samples", "sample_columns", "suggest_quasi_identifiers"]


def sample_columns(
    engine: Engine,
    text_table: ir.Table,
    columns: list[str],
    n: int,
    seed: int,
    *,
    free_text_rows: int = 0,
    rows: int | None = None,
    aligned: dict[str, list[str | None]] | None = None,
) -> dict[str, list[str]]:
    """Up to ``n`` non-null values per column from one seeded row sample (rows in hash order, so the first
    ``n`` of a larger sample are themselves the seeded sample). A column with fewer non-null values in that
    sample than ``n`` (sparse columns) gets a seeded top-up query of its own; dense data costs one query.
    Free-text columns take up to ``free_text_rows`` cells from the same sample."""
    t = text_table
    want = max(n, free_text_rows)
    m = int(want * 1.25)  # headroom for a few nulls, so most columns need no top-up
    m = min(m, rows) if rows is not None else m
    df = sample_rows(engine, t, m, seed, columns=columns)
    complete = rows is not None and m >= rows  # the sample is the whole table: nothing to top up
    if (
        aligned is not None
    ):  # the same sampled rows, column by column (None for a null cell), for cross-column checks
        for c in columns:
            aligned[c] = [
                None if v is None or v != v or str(v).strip() == "" else str(v) for v in df[c].tolist()[:n]
            ]
    out: dict[str, list[str]] = {}
    for c in columns:
        vals = [str(v) for v in df[c].tolist() if v is not None and v == v and str(v).strip() != ""]
        if len(vals) < n and not complete:
            vals = sample_values(engine, t, c, want, seed)
        out[c] = vals
    return out


def scan_pii(
    engine: Engine,
    text_table: ir.Table,
    config: PiiConfig,
    columns_config: ColumnsConfig | None = None,
    *,
    column_types: dict[str, str] | None = None,
    sample_size: int | None = None,
    full_text: bool | None = None,
    rows: int | None = None,
) -> PiiResult:
    return start_scan_pii(
        engine,
        text_table,
        config,
        columns_config,
        column_types=column_types,
        sample_size=sample_size,
        full_text=full_text,
        rows=rows,
    ).result()


def start_scan_pii(
    engine: Engine,
    text_table: ir.Table,
    config: PiiConfig,
    columns_config: ColumnsConfig | None = None,
    *,
    column_types: dict[str, str] | None = None,
    sample_size: int | None = None,
    full_text: bool | None = None,
    rows: int | None = None,
    worker: PiiWorker | None = None,
) -> Later[PiiResult]:
    """:func:`scan_pii` as a :class:`~riskaudit._later.Later`. The samples (and the cells of a full free-text
    analysis) are read from the engine here; the analysis, pure Python over those values, runs in ``worker`` (a
    helper process, :mod:`._worker`) when one is given, so the audit can go on meanwhile, else right away. The
    result is the same either way (a worker that fails is replaced by the same analysis in this process)."""
    cols_cfg = columns_config or ColumnsConfig()
    n = sample_size or config.sample_size
    columns = [c for c in text_table.columns if c not in set(cols_cfg.ignore)]
    ft = config.free_text
    aligned: dict[str, list[str | None]] = {}
    samples = (
        sample_columns(
            engine,
            text_table,
            columns,
            n,
            config.seed,
            rows=rows,
            aligned=aligned,
            free_text_rows=ft.sample_rows if ft.mode == "sample" else 0,
        )
        if columns
        else {}
    )
    full = full_text if full_text is not None else ft.mode == "full"
    free_cells: dict[str, list[str]] = {}  # free-text column -> the cells its analysis reads
    for c in columns:
        if _is_free_text(samples[c][:n], ft):
            if full:
                t = text_table
                cells = engine.execute(t.filter(t[c].notnull() & (t[c].strip() != "")).select(__v=t[c]))[
                    "__v"
                ].tolist()
                free_cells[c] = [str(x) for x in cells]
            else:
                free_cells[c] = samples[c][: ft.sample_rows]
    args = (config, cols_cfg, columns, samples, aligned, free_cells, n, full, column_types or {})
    if worker is not None:
        return worker.analyse(args)
    return Later(lambda: analyse_samples(*args), lambda result: result, background=False)


def _is_free_text(vals: list[str], ft: FreeTextConfig) -> bool:
    lens = [len(v) for v in vals]
    words = [len(v.split()) for v in vals]
    return (
        bool(vals)
        and ft.mode != "off"
        and (sum(lens) / len(vals) >= ft.min_mean_length)
        and (sum(words) / len(vals) >= ft.min_mean_words)
    )
