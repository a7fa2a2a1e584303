"""`riskaudit model-privacy --scores SCORES.csv [--json]`: membership inference from per-record scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import cli_errors, print_json


@cli_errors
def model_privacy(
    scores: Annotated[
        str,
        typer.Option("--scores", help="CSV with one row per record: a membership score and a member label."),
    ],
    score_column: Annotated[
        str | None, typer.Option("--score-column", help="Score column (default 'score').")
    ] = None,
    label_column: Annotated[
        str | None, typer.Option("--label-column", help="Member label column, 1/0 (default 'member').")
    ] = None,
    lower_is_member: Annotated[
        bool, typer.Option("--lower-is-member", help="Scores are losses: lower means more likely a member.")
    ] = False,
    bootstrap: Annotated[
        int | None, typer.Option("--bootstrap", help="Bootstrap resamples for the intervals (default 1000).")
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Bootstrap seed (default 0).")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.derived as JSON.")] = False,
) -> None:
    """AUC and TPR at FPR 0.1 % / 1 % of a membership-inference attack whose scores you supply
    (riskaudit trains no shadow models)."""
    from ..config import load_config
    from ..dataset import open_dataset
    from ..derived._result import DerivedResult
    from ..derived._scan import scan_scores
    from ..engine import connect

    ov: dict = {"scores": scores}
    for key, val in (
        ("score_column", score_column),
        ("label_column", label_column),
        ("n_bootstrap", bootstrap),
        ("seed", seed),
    ):
        if val is not None:
            ov[key] = val
    if lower_is_member:
        ov["higher_is_member"] = False
    cfg = load_config(config, overrides={"derived": ov})
    engine = connect(cfg.engine)
    try:
        ds = open_dataset(scores, cfg.dataset, engine)
        res = scan_scores(engine, ds, cfg.derived)
    finally:
        engine.close()
    if as_json:
        print_json(DerivedResult(model=res).model_dump(mode="json", exclude_none=True))
        return
    m = res.metrics
    typer.echo(
        f"members={m.members} non-members={m.non_members} AUC={m.auc:.4f} ci=[{m.auc_ci[0]:.4f}, {m.auc_ci[1]:.4f}]"
    )
    for k, v in m.tpr_at_fpr.items():
        lo, hi = m.tpr_at_fpr_ci[k]
        typer.echo(f"TPR at FPR {k}: {v:.4f} ci=[{lo:.4f}, {hi:.4f}]")
    for n in m.notes:
        typer.echo(f"note: {n}")
    typer.echo(res.note)
