"""`riskaudit risk DATA --qi A,B,C`: equivalence classes and prosecutor risk, ad hoc."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..config import load_config
from ..dataset import check_configured_columns, open_dataset
from ..engine import connect
from ..reident import scan_reident
from ._common import cli_errors, print_json, split_csv


@cli_errors
def risk(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    qi: Annotated[str | None, typer.Option("--qi", help="Comma-separated quasi-identifiers (default: from the config).")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    k: Annotated[int | None, typer.Option("--k", help="Policy k: classes smaller than this are small.")] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="CSV delimiter (default: detected).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.reident as JSON.")] = False,
) -> None:
    """Re-identification risk over the given quasi-identifiers (k, class histogram, prosecutor risk)."""
    overrides: dict = {}
    if qi:
        overrides["columns"] = {"quasi_identifiers": split_csv(qi)}
    if k is not None:
        overrides["reident"] = {"k": k}
    if delimiter:
        overrides["dataset"] = {"delimiter": delimiter}
    cfg = load_config(config, overrides=overrides or None)
    engine = connect(cfg.engine)
    try:
        ds = open_dataset(data, cfg.dataset, engine)
        check_configured_columns(cfg, ds.columns, ds.path, "--qi" if qi else str(config or "config"))
        result = scan_reident(engine, ds.table, cfg.columns.quasi_identifiers, cfg.reident)
    finally:
        engine.close()
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True))
    else:
        typer.echo(
            f"k={result.k} classes={result.classes} records={result.records} sample_uniques={result.sample_uniques} "
            f"small_classes_share={result.share_in_small_classes:.4f} prosecutor_highest={result.prosecutor.highest:.4g} "
            f"prosecutor_average={result.prosecutor.average:.4g}"
        )
