"""`riskaudit bias DATA --protected A[,B] --label Y [--positive V] [--prediction P] [--score S]`: the bias audit, ad hoc."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_name as _n
from .._safe import term
from ._common import cli_errors, print_json, split_csv


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.4f}"


@cli_errors
def bias(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    protected: Annotated[
        str | None,
        typer.Option(
            "--protected", help="Comma-separated protected attributes (default: config, else name hints)."
        ),
    ] = None,
    label: Annotated[
        str | None, typer.Option("--label", help="Outcome column (binary, multi-class or numeric).")
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option("--positive", help="Value of the label that is the favourable/positive outcome."),
    ] = None,
    prediction: Annotated[
        str | None, typer.Option("--prediction", help="Model decision column (binary).")
    ] = None,
    score: Annotated[
        str | None, typer.Option("--score", help="Model score column (probability) for calibration by group.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Audit config YAML (dataset.column_names, bias.*).")
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="CSV delimiter (default: detected).")
    ] = None,
    no_proxies: Annotated[bool, typer.Option("--no-proxies", help="Skip the proxy search (faster).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.bias as JSON.")] = False,
) -> None:
    """Group shares, outcome rates, impact ratios with confidence intervals, intersections, model metrics, proxies."""
    from ..audit import run_audit
    from ..config import load_config
    from ..errors import ColumnError

    overrides: dict = {"bias": {"enabled": True}}  # the command is the bias scan, whatever the config says
    cols: dict = {}
    if protected:
        cols["protected"] = split_csv(protected)
    for key, val in (
        ("label", label),
        ("positive_label", positive),
        ("prediction", prediction),
        ("score", score),
    ):
        if val is not None:
            cols[key] = val
    if cols:
        overrides["columns"] = cols
    if delimiter:
        overrides["dataset"] = {"delimiter": delimiter}
    if no_proxies:
        overrides["bias"]["proxies"] = False
    cfg = load_config(config, overrides=overrides)
    if cols:
        cfg._source_path = "command line"  # errors about the columns name the options given
    elif config is None:
        cfg._source_path = "config"
    # a thin view of the audit pipeline: the same adapter, roles and exclusions as `riskaudit audit` (results.bias)
    result = run_audit(data, cfg, write=False, only=["bias"]).scorecard.results.bias
    if result is None:
        raise ColumnError(
            "columns.protected: no protected attribute given or suggested; name them in the config or with --protected"
        )
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True))
        return
    typer.echo(
        f"rows={result.rows} protected={','.join(_n(p) for p in result.protected)} ({result.protected_source}) label={_n(result.label or '-')} "
        f"positive={_n(result.positive or '-')} decision={_n(result.prediction or '-')}"
    )
    for a in result.attributes:
        typer.echo(f"\n[{_n(a.attribute)}] unknown={a.unknown_count} small={len(a.small_groups)}")
        for g in a.groups:
            flags = ",".join(
                f
                for f, on in (
                    ("unknown", g.unknown),
                    ("small", g.small),
                    ("below-4/5", g.below_four_fifths),
                    ("significant", g.significant),
                )
                if on
            )
            ci = g.impact_ratio_ci
            ci_s = f" [{_pct(ci.low)},{_pct(ci.high)}]" if ci else ""
            typer.echo(
                f"  {_n(g.group)}: n={g.n} share={g.share:.4f} base_rate={_pct(g.base_rate)} impact_ratio={_pct(g.impact_ratio)}{ci_s}"
                + (f" ({flags})" if flags else "")
            )
        if a.outcome is not None:
            o = a.outcome
            typer.echo(
                f"  most favoured={_n(o.reference_group)} min impact ratio={_pct(o.min_impact_ratio)} ({_n(o.min_impact_ratio_group)}) "
                f"parity difference={_pct(o.demographic_parity_difference)}"
            )
        if a.model is not None:
            m = a.model
            typer.echo(
                f"  decision: min impact ratio={_pct(m.min_impact_ratio)} ({_n(m.min_impact_ratio_group)}) "
                f"equalized odds diff={_pct(m.equalized_odds_difference)} equal opportunity diff={_pct(m.equal_opportunity_difference)}"
            )
        if a.proxies is not None and a.proxies.strongest:
            typer.echo(
                f"  strongest proxies: {', '.join(_n(x) for x in a.proxies.strongest)} (classifier AUC {_pct(a.proxies.classifier_auc)})"
            )
    for n in result.notes:
        typer.echo(f"note: {term(n)}")
