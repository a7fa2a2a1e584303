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
    qi: Annotated[
        str | None, typer.Option("--qi", help="Comma-separated quasi-identifiers (default: from the config).")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    k: Annotated[
        int | None, typer.Option("--k", help="Policy k: classes smaller than this are small.")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="CSV delimiter (default: detected).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.reident as JSON.")] = False,
    engine_name: Annotated[
        str | None, typer.Option("--engine", help="Compute engine: duckdb (default) or spark.")
    ] = None,
    sensitive: Annotated[
        str | None,
        typer.Option(
            "--sensitive",
            help="Comma-separated sensitive attributes: l-diversity, t-closeness, delta-disclosure.",
        ),
    ] = None,
    population_size: Annotated[
        int | None,
        typer.Option(
            "--population-size", help="Population size N: journalist/marketer risk and population uniqueness."
        ),
    ] = None,
    sampling_fraction: Annotated[
        float | None,
        typer.Option(
            "--sampling-fraction", help="Sampling fraction pi = n/N (instead of --population-size)."
        ),
    ] = None,
    population_table: Annotated[
        str | None,
        typer.Option("--population-table", help="File with the QI columns and a population count column."),
    ] = None,
    population_count_column: Annotated[
        str | None,
        typer.Option(
            "--population-count-column", help="Count column of --population-table (default: count)."
        ),
    ] = None,
    weight: Annotated[
        str | None, typer.Option("--weight", help="Survey weight column: Benedetti-Franconi individual risk.")
    ] = None,
    missing: Annotated[
        str | None,
        typer.Option(
            "--missing", help="NULL in a QI: 'value' (its own value) or 'wildcard' (matches anything)."
        ),
    ] = None,
    risk_threshold: Annotated[
        float | None,
        typer.Option(
            "--risk-threshold", help="Threshold t for records at risk (ARX: t=0.2 -> class size 5)."
        ),
    ] = None,
    drivers: Annotated[
        bool | None,
        typer.Option(
            "--drivers/--no-drivers",
            help="Uniqueness drivers and a generalisation suggestion (default: on with --config, else off).",
        ),
    ] = None,
    max_subset_size: Annotated[
        int | None,
        typer.Option("--max-subset-size", help="Largest QI combination the drivers examine (default 3)."),
    ] = None,
    per_record: Annotated[
        str | None,
        typer.Option("--per-record", help="Write row,class_size,risk per record to this CSV (no QI values)."),
    ] = None,
) -> None:
    """Re-identification risk over the given quasi-identifiers: k, class histogram, prosecutor risk, and with
    the options journalist/marketer risk, population uniqueness, l-diversity/t-closeness, individual risk,
    uniqueness drivers and per-record risk."""
    from .._safeio import protect_inputs
    from ..audit import run_audit
    from ..config import load_config
    from ..errors import ColumnError

    overrides: dict = {}
    if qi:
        overrides["columns"] = {"quasi_identifiers": split_csv(qi)}
    if sensitive:
        overrides.setdefault("columns", {})["sensitive"] = split_csv(sensitive)
    if weight:
        overrides.setdefault("columns", {})["weight"] = weight
    re: dict = {"enabled": True}  # the command is the re-identification scan, whatever the config says
    for key, val in (
        ("k", k),
        ("population_size", population_size),
        ("sampling_fraction", sampling_fraction),
        ("population_table", population_table),
        ("population_count_column", population_count_column),
        ("missing", missing),
        ("risk_threshold", risk_threshold),
        ("per_record_output", per_record),
    ):
        if val is not None:
            re[key] = val
    dr: dict = {}
    if max_subset_size is not None:
        dr["max_subset_size"] = max_subset_size
    if (
        drivers is not None or config is None
    ):  # the documented default: on with --config (its setting), else off
        dr["enabled"] = bool(drivers)
    if dr:
        re["drivers"] = dr
    overrides["reident"] = re
    if delimiter:
        overrides["dataset"] = {"delimiter": delimiter}
    if engine_name:
        overrides["engine"] = {"name": engine_name}
    cfg = load_config(config, overrides=overrides)
    if qi or sensitive or weight:
        cfg._source_path = "command line"  # errors about the columns name the options given
    elif config is None:
        cfg._source_path = "config"
    # without quasi-identifiers given, they are suggested as `riskaudit audit` suggests them (from the PII scan)
    only = ["reident"] if cfg.columns.quasi_identifiers else ["pii", "reident"]
    with protect_inputs(
        [(str(config), "the config")] if config is not None else []
    ):  # --per-record may not overwrite it
        # a thin view of the audit pipeline: the same adapter, roles and checks as `riskaudit audit` (results.reident)
        result = run_audit(data, cfg, write=False, only=only).scorecard.results.reident
    if result is None:
        raise ColumnError(
            "columns.quasi_identifiers: no quasi-identifiers given or suggested; name them in the config or with --qi"
        )
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
