"""`riskaudit risk DATA --qi A,B,C`: re-identification risk models, ad hoc (prints ``results.reident``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_name as _n
from .._safe import term
from ._common import cli_errors, print_json, split_csv


@cli_errors
def risk(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    qi: Annotated[str | None, typer.Option("--qi", help="Comma-separated quasi-identifiers (default: from the config).")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    k: Annotated[int | None, typer.Option("--k", help="Policy k: classes smaller than this are small.")] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="CSV delimiter (default: detected).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.reident as JSON.")] = False,
    engine_name: Annotated[str | None, typer.Option("--engine", help="Compute engine: duckdb (default) or spark.")] = None,
    sensitive: Annotated[str | None, typer.Option("--sensitive", help="Comma-separated sensitive attributes: l-diversity, t-closeness, delta-disclosure.")] = None,
    population_size: Annotated[int | None, typer.Option("--population-size", help="Population size N: journalist/marketer risk and population uniqueness.")] = None,
    sampling_fraction: Annotated[float | None, typer.Option("--sampling-fraction", help="Sampling fraction pi = n/N (instead of --population-size).")] = None,
    population_table: Annotated[str | None, typer.Option("--population-table", help="File with the QI columns and a population count column.")] = None,
    population_count_column: Annotated[str | None, typer.Option("--population-count-column", help="Count column of --population-table (default: count).")] = None,
    weight: Annotated[str | None, typer.Option("--weight", help="Survey weight column: Benedetti-Franconi individual risk.")] = None,
    missing: Annotated[str | None, typer.Option("--missing", help="NULL in a QI: 'value' (its own value) or 'wildcard' (matches anything).")] = None,
    risk_threshold: Annotated[float | None, typer.Option("--risk-threshold", help="Threshold t for records at risk (ARX: t=0.2 -> class size 5).")] = None,
    drivers: Annotated[bool | None, typer.Option("--drivers/--no-drivers", help="Uniqueness drivers and a generalisation suggestion (default: on with --config, else off).")] = None,
    max_subset_size: Annotated[int | None, typer.Option("--max-subset-size", help="Largest QI combination the drivers examine (default 3).")] = None,
    per_record: Annotated[str | None, typer.Option("--per-record", help="Write row,class_size,risk per record to this CSV (no QI values).")] = None,
) -> None:
    """Re-identification risk over the given quasi-identifiers: k, class histogram, prosecutor risk, and with
    the options journalist/marketer risk, population uniqueness, l-diversity/t-closeness, individual risk,
    uniqueness drivers and per-record risk."""
    from .._refuse import refuse_empty_columns
    from .._safeio import add_protected, protect_inputs
    from ..config import load_config
    from ..dataset import check_configured_columns, close_all, open_auxiliary, open_dataset
    from ..engine import connect
    from ..reident import scan_reident
    overrides: dict = {}
    if qi:
        overrides["columns"] = {"quasi_identifiers": split_csv(qi)}
    if sensitive:
        overrides.setdefault("columns", {})["sensitive"] = split_csv(sensitive)
    if weight:
        overrides.setdefault("columns", {})["weight"] = weight
    re: dict = {}
    for key, val in (("k", k), ("population_size", population_size), ("sampling_fraction", sampling_fraction),
                     ("population_table", population_table), ("population_count_column", population_count_column),
                     ("missing", missing), ("risk_threshold", risk_threshold), ("per_record_output", per_record)):
        if val is not None:
            re[key] = val
    if max_subset_size is not None:
        re["drivers"] = {"max_subset_size": max_subset_size}
    if re:
        overrides["reident"] = re
    if delimiter:
        overrides["dataset"] = {"delimiter": delimiter}
    if engine_name:
        overrides["engine"] = {"name": engine_name}
    cfg = load_config(config, overrides=overrides or None)
    reads = [(data, "the input data"), *(((str(config), "the config"),) if config is not None else ())]
    with protect_inputs(reads):  # --per-record may not overwrite what the command reads
        engine = connect(cfg.engine, source=data)
        ds = pop = None
        try:
            ds = open_dataset(data, cfg.dataset, engine)
            add_protected([(f.path, "an input data file") for f in ds.files])
            check_configured_columns(cfg, ds.columns, ds.path, "--qi" if qi else str(config or "config"))
            refuse_empty_columns(engine, ds.table, cfg.columns.quasi_identifiers, "quasi-identifier",
                                 "columns.quasi_identifiers / --qi", ds.rows)
            pop = open_auxiliary(cfg.reident.population_table, engine, cfg.dataset, cfg.reident.population_read)
            run_drivers = drivers if drivers is not None else (config is not None and cfg.reident.drivers.enabled)
            result = scan_reident(engine, ds.table, cfg.columns.quasi_identifiers, cfg.reident,
                                  sensitive=cfg.columns.sensitive or None, weight=cfg.columns.weight,
                                  population=pop.table if pop is not None else None, drivers=run_drivers)
        finally:
            close_all(pop, ds)
            engine.close()
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True))
    else:
        typer.echo(
            f"k={result.k} classes={result.classes} records={result.records} sample_uniques={result.sample_uniques} "
            f"small_classes_share={result.share_in_small_classes:.4f} prosecutor_highest={result.prosecutor.highest:.4g} "
            f"prosecutor_average={result.prosecutor.average:.4g}"
        )
        if result.population_uniqueness is not None:
            pu = result.population_uniqueness
            shown = f"{pu.estimate:.4g}" if pu.estimate is not None else "n/a"
            typer.echo(f"population_uniqueness={shown} model={pu.model} N={pu.population_size}")
        for s, ld in (result.l_diversity or {}).items():
            tc = (result.t_closeness or {}).get(s)
            t_shown = f"{tc.t:.4g}" if tc is not None and tc.t is not None else "n/a"
            typer.echo(f"{_n(s)}: distinct_l={ld.distinct_l} entropy_l={ld.entropy_l:.4g} t={t_shown}")
        if result.drivers is not None and result.drivers.suggestions:
            typer.echo(f"suggestion: {term(result.drivers.suggestions[0].text)}")
