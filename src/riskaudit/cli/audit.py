"""`riskaudit audit DATA`: run every scanner, judge against the policy, write the reports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .._safe import shown_message, term
from .._safe import shown_name as _n
from ._common import audit_overrides, cli_errors, err_console, progress_display

ICON = {
    "pass": "[green]PASS[/]",
    "warn": "[yellow]WARN[/]",
    "fail": "[red]FAIL[/]",
    "error": "[red]ERROR[/]",
    "not_measured": "[dim]NOT MEASURED[/]",
}


@cli_errors
def audit(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", "-c", help="Audit config YAML (default: the packaged riskaudit/configs/default.yaml)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output directory (default: reports/<dataset>/).")
    ] = None,
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Policy pack(s) to apply instead of the config's."),
    ] = None,
    license: Annotated[
        Path | None, typer.Option("--license", help="license.yaml to bind into the scorecard.")
    ] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="Comma-separated output formats (json,md,html,sarif,junit,spdx,croissant)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the verdict line.")] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine", help="Compute engine: duckdb (default) or spark (needs the spark extra and Java)."
        ),
    ] = None,
) -> None:
    """Audit a dataset: PII, re-identification risk and bias, judged by a policy; writes scorecard.json and reports."""
    from ..pii._worker import discard_prestarted, prestart

    # the PII helper imports Presidio on the other core while this process imports the rest (a file of 1 MiB and up)
    prestart(data)
    try:
        from ..audit import run_audit
        from ..config import load_config
        from ._process import freeze_imports

        freeze_imports()

        cfg = load_config(config, overrides=audit_overrides(policy, license, formats, engine))
        with progress_display(not quiet) as progress:
            report = run_audit(data, cfg, out_dir=out, progress=progress)
    finally:
        discard_prestarted()  # not taken: PII off, or the audit stopped before it started its helper
    from ..render._common import sorted_checks, verdict_summary

    sc = report.scorecard
    if not quiet:
        for c in reversed(
            [c for c in sorted_checks(sc) if c.status != "pass"]
        ):  # worst last, next to the verdict
            where = "".join(f" [{_n(x)}]" for x in (c.column, c.judged_by) if x)
            err_console.print(
                f"  {ICON[c.status]} {escape(term(c.id) + where)}: {escape(shown_message(c.message))}",
                markup=True,
                highlight=False,
            )
        err_console.print(
            f"{ICON[sc.verdict]} {escape(term(sc.dataset.path))}: {escape(verdict_summary(sc))} -> {escape(term(report.out_dir))}/"
        )
    else:
        typer.echo(f"{sc.verdict} {term(report.out_dir)}/scorecard.json ({verdict_summary(sc)})", err=True)
    raise typer.Exit(report.exit_code)
