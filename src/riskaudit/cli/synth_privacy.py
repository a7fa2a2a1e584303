"""`riskaudit synth-privacy SYNTH --train TRAIN --holdout HOLDOUT [--columns ...] [--json]`: privacy of a synthetic release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import cli_errors, err_console, print_json, split_csv


@cli_errors
def synth_privacy(
    synthetic: Annotated[str, typer.Argument(help="The synthetic release (CSV/TSV/Parquet/JSONL).")],
    train: Annotated[str, typer.Option("--train", help="The real records the generator was trained on.")],
    holdout: Annotated[
        str, typer.Option("--holdout", help="Real records from the same source NOT used in training.")
    ],
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Comma-separated columns to compare (default: all shared)."),
    ] = None,
    secret: Annotated[
        str | None, typer.Option("--secret", help="Column the inference attack guesses.")
    ] = None,
    no_attacks: Annotated[
        bool, typer.Option("--no-attacks", help="Skip the singling-out / linkability / inference attacks.")
    ] = False,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for sampling, attacks and bootstrap (default 0).")
    ] = None,
    max_pairs: Annotated[
        int | None,
        typer.Option(
            "--max-pairs",
            help="Largest synthetic x reference distance count computed exactly (default 1e9); beyond, synthetic rows are sampled.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Audit config YAML (derived: section, dataset read settings)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.derived as JSON.")] = False,
) -> None:
    """Distance-based measures (DCR, DCR share, NNDR) and membership attacks on a synthetic release."""
    from ..config import load_config
    from ..dataset import open_auxiliary, open_dataset
    from ..derived._result import DerivedResult
    from ..derived._scan import scan_synthetic
    from ..engine import connect

    ov: dict = {"synthetic": synthetic, "holdout": holdout}
    if columns:
        ov["columns"] = split_csv(columns)
    for key, val in (("secret", secret), ("seed", seed), ("max_pairs", max_pairs)):
        if val is not None:
            ov[key] = val
    if no_attacks:
        ov["attacks"] = False
    cfg = load_config(config, overrides={"derived": ov})
    dc = cfg.derived
    engine = connect(cfg.engine)
    try:
        tr = open_dataset(train, cfg.dataset, engine)
        ho = open_auxiliary(dc.holdout, engine, cfg.dataset, dc.holdout_read)
        sy = open_auxiliary(dc.synthetic, engine, cfg.dataset, dc.synthetic_read)
        res = scan_synthetic(engine, tr, ho, sy, dc)
    finally:
        engine.close()
    for w in res.warnings:
        err_console.print(f"warning: {w}", markup=False)
    if as_json:
        print_json(DerivedResult(synthetic=res).model_dump(mode="json", exclude_none=True))
        return
    d = res.dcr
    typer.echo(
        f"DCR ({d.search}; rows used: train={d.rows['train_used']} holdout={d.rows['holdout_used']} synthetic={d.rows['synthetic_used']})"
    )
    typer.echo(f"  median DCR to train={d.dcr_train.median:.4f} to holdout={d.dcr_holdout.median:.4f}")
    typer.echo(f"  identical match share train={d.ims_train:.4f} holdout={d.ims_holdout:.4f}")
    typer.echo(
        f"  DCR share (mostlyai-qa, ties/2)={d.dcr_share:.4f} ci=[{d.dcr_share_ci[0]:.4f}, {d.dcr_share_ci[1]:.4f}] "
        f"closer_to_train={d.closer_to_train:.4f} ties={d.ties:.4f}"
    )
    typer.echo(
        f"  overfitting protection (SDMetrics DCROverfittingProtection)={d.overfitting_protection:.4f}"
    )
    if d.nndr_train is not None:
        typer.echo(
            f"  NNDR (10th smallest) train={d.nndr_train:.4f} holdout={d.nndr_holdout if d.nndr_holdout is None else round(d.nndr_holdout, 4)}"
        )
    if d.search_note:
        typer.echo(f"  note: {d.search_note}")
    if res.domias is not None:
        m = res.domias.metrics
        typer.echo(
            f"DOMIAS-style membership: AUC={m.auc:.4f} ci=[{m.auc_ci[0]:.4f}, {m.auc_ci[1]:.4f}] "
            + " ".join(f"TPR@FPR{k}={v:.4f}" for k, v in m.tpr_at_fpr.items())
        )
    if res.attacks is not None:
        for name in ("singling_out", "linkability", "inference"):
            x = getattr(res.attacks, name)
            if x is not None:
                typer.echo(
                    f"{name} (holdout as control): risk={x.risk:.4f} ci=[{x.ci[0]:.4f}, {x.ci[1]:.4f}]"
                )
