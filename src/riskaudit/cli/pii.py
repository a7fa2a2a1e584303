"""`riskaudit pii DATA`: the PII scan on its own (column entities, roles, legal mapping, free text)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_message
from .._safe import shown_name as _n
from ._common import cli_errors, print_json


@cli_errors
def pii(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    sample_size: Annotated[
        int | None,
        typer.Option("--sample-size", min=10, help="Non-null values sampled per column (default 1000)."),
    ] = None,
    full_text: Annotated[
        bool, typer.Option("--full-text", help="Scan every free-text cell instead of a sample.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scan (results.pii) as JSON.")] = False,
) -> None:
    """Find personal data column by column and inside free text; evidence is masked."""
    from ..audit import run_audit
    from ..config import load_config

    overrides: dict = {"pii": {"enabled": True}}  # the command is the PII scan, whatever the config says
    if sample_size is not None:
        overrides["pii"]["sample_size"] = sample_size
    if full_text:
        overrides["pii"]["free_text"] = {"mode": "full"}
    cfg = load_config(config, overrides=overrides)
    if config is None:
        cfg._source_path = "config"
    # a thin view of the audit pipeline: the same adapter, roles and checks as `riskaudit audit` (results.pii)
    result = run_audit(data, cfg, write=False, only=["pii"]).scorecard.results.pii
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True))
        return
    for c, p in result.columns.items():
        ents = ", ".join(f"{e} {v:.0%}" for e, v in p.entities.items()) or "-"
        legal = " ".join(
            x
            for x in (
                ("HIPAA " + ",".join(p.hipaa)) if p.hipaa else "",
                ("Art.9 " + ",".join(p.gdpr_special)) if p.gdpr_special else "",
            )
            if x
        )
        typer.echo(
            f"{_n(c)}: {p.role} ({p.decision or 'none'}, confidence {p.confidence:.2f}) [{ents}] {legal}".rstrip()
        )
    typer.echo(
        f"suggested quasi-identifiers: {', '.join(_n(x) for x in result.suggested_quasi_identifiers) or '-'}"
    )
    for q in result.qi_candidates:
        mark = "+" if q.suggested else "-"
        typer.echo(
            f"  {mark} {_n(q.column)}: {q.entity or 'distribution'} ({q.evidence}, confidence {q.confidence:.2f}): "
            f"{shown_message(q.reason)}"
        )
    typer.echo(
        f"suggested protected attributes: {', '.join(_n(x) for x in result.suggested_protected) or '-'}"
    )
