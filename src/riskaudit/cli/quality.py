"""`riskaudit quality DATA [--label COL] [--test TEST] [--id COL]`: the data-quality scan, ad hoc (prints
``results.quality``). A thin view of the audit pipeline: it runs the profile and quality scanners only and
judges the data-quality rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import cli_errors, print_json


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


@cli_errors
def quality(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    label: Annotated[
        str | None,
        typer.Option(
            "--label",
            help="Label column: class balance and conflicting labels (default: quality.label, else columns.label).",
        ),
    ] = None,
    test: Annotated[
        str | None, typer.Option("--test", help="Test split (file, glob or directory): train/test overlap.")
    ] = None,
    id_col: Annotated[
        str | None,
        typer.Option(
            "--id", help="Record id column: left out of duplicate comparison; train/test id overlap."
        ),
    ] = None,
    pred_probs: Annotated[
        str | None,
        typer.Option(
            "--pred-probs",
            help="CSV of out-of-sample predicted probabilities (a row per data row, a column per class): label issues.",
        ),
    ] = None,
    label_issues: Annotated[
        bool,
        typer.Option(
            "--label-issues",
            help="Label issues by confident learning with a seeded 5-fold model on a bounded sample.",
        ),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Audit config YAML (dataset.*, columns.*, quality.*)."),
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="CSV delimiter (default: detected).")
    ] = None,
    engine_name: Annotated[
        str | None, typer.Option("--engine", help="Compute engine: duckdb (default) or spark.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.quality as JSON.")] = False,
) -> None:
    """Duplicates (row numbers, never values), missingness and its patterns, constant / id-like / high-cardinality
    columns, sentinel values, class balance and conflicting labels (with a label), train/test overlap (with a test
    split); the data-quality rules judge them."""
    from ..audit import run_audit
    from ..config import load_config

    q: dict = {}
    for key, val in (
        ("label", label),
        ("test", test),
        ("id", id_col),
        ("pred_probs", pred_probs),
        ("label_issues", label_issues or None),
    ):
        if val is not None:
            q[key] = val
    overrides: dict = {"quality": {"enabled": True, **q}, "policy": {"extends": ["data-quality"]}}
    if delimiter:
        overrides["dataset"] = {"delimiter": delimiter}
    if engine_name:
        overrides["engine"] = {"name": engine_name}
    cfg = load_config(config, overrides=overrides)
    report = run_audit(data, cfg, write=False, only=["quality"])
    result = report.scorecard.results.quality
    checks = [c for c in report.scorecard.checks if c.id.startswith("quality.")]
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True) if result is not None else None)
        return
    if result is None:  # pragma: no cover - quality.enabled is forced on above
        typer.echo("quality scan did not run")
        return
    d, m, cols = result.duplicates, result.missing, result.columns
    typer.echo(
        f"rows={result.rows} duplicate_rows={d.duplicate_rows} ratio={_pct(d.ratio)} "
        f"rows_in_duplicate_groups={d.rows_in_duplicate_groups} groups={d.duplicate_groups}"
    )
    for g in d.largest_groups[:5]:
        typer.echo(
            f"  group {g.group_hash}: {g.size} rows: {', '.join(map(str, g.rows))}{' ...' if g.size > len(g.rows) else ''}"
        )
    typer.echo(
        f"missing cells={m.cells} rows_with_any={m.rows_with_any} complete_rows={m.complete_rows} patterns={m.pattern_count}"
    )
    for name, mc in m.columns.items():
        if mc.count:
            typer.echo(f"  {name}: {mc.count} ({_pct(mc.share)})")
    typer.echo(
        f"constant={','.join(cols.constant) or '-'} id_like={','.join(cols.id_like) or '-'} "
        f"high_cardinality={','.join(cols.high_cardinality) or '-'}"
    )
    if cols.redundant_pairs:
        typer.echo("redundant_pairs=" + "; ".join(" = ".join(p) for p in cols.redundant_pairs))
    for name, o in (result.outliers or {}).items():
        if o.iqr or o.mad:
            typer.echo(
                f"  outliers in {name}: iqr={o.iqr} ({_pct(o.iqr_share)}) mad={o.mad if o.mad is not None else '-'}"
            )
    for name, ss in cols.sentinels.items():
        typer.echo(f"  sentinels in {name}: " + ", ".join(f"{s.value} x{s.count}" for s in ss))
    if result.near_duplicates is not None:
        nd = result.near_duplicates
        typer.echo(
            f"near_duplicates rows={nd.duplicate_rows} ratio={_pct(nd.ratio)} beyond_exact={nd.beyond_exact} "
            f"groups={nd.duplicate_groups} ({', '.join(nd.normalisation) or 'no normalisation'})"
        )
    for name, mt in (cols.mixed_types or {}).items():
        typer.echo(f"  mixed types in {name}: " + ", ".join(f"{k} {v:.4f}" for k, v in mt.shares.items()))
    for name, cv in (result.constraints or {}).items():
        typer.echo(
            f"  constraints on {name}: violating_rows={cv.violating_rows} ({_pct(cv.ratio)})"
            + (
                f" rows: {', '.join(map(str, cv.rows[:10]))}{' ...' if cv.violating_rows > 10 else ''}"
                if cv.rows
                else ""
            )
        )
    if result.class_balance is not None:
        b = result.class_balance
        typer.echo(
            f"classes={b.classes} counts={b.counts} minority_share={_pct(b.minority_share)} "
            f"imbalance_ratio={_pct(b.imbalance_ratio)} imbalance_score={_pct(b.imbalance_score)}"
        )
    if result.conflicting_labels is not None:
        c = result.conflicting_labels
        typer.echo(f"conflicting_labels rows={c.rows} ratio={_pct(c.ratio)} groups={c.groups}")
    if result.label_issues is not None:
        li = result.label_issues
        typer.echo(
            f"label_issues={li.issues} rate={_pct(li.rate)} of {li.rows_examined} rows ({li.method}); "
            f"rows: {', '.join(map(str, li.rows[:20]))}{' ...' if li.issues > 20 else ''}"
        )
    if result.train_test is not None:
        t = result.train_test
        typer.echo(
            f"train_test test_rows={t.test_rows} feature_overlap_rows={t.feature_overlap_rows} "
            f"ratio={_pct(t.feature_overlap_ratio)} exact_overlap_rows={t.exact_overlap_rows if t.exact_overlap_rows is not None else '-'} "
            f"id_overlap_rows={t.id_overlap_rows if t.id_overlap_rows is not None else '-'}"
        )
    for n in result.notes:
        typer.echo(f"note: {n}")
    for c in checks:
        typer.echo(f"{c.status.upper()} {c.id}: {c.message}")
