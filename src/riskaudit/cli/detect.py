"""`riskaudit detect SUSPECT --key K --receipt R1 [--receipt R2 ...] [--alpha 1e-6] [--json]`.

Per receipt: traps found (whole rows and fictitious identifiers), watermark matches out of the marks
re-selected, exact binomial p-values, the threshold at alpha, ``detected`` and the recipient.
Exit codes: 1 a mark is detected; 0 none; 2 usage or input error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ._common import EXIT_FAIL, cli_errors, print_json


@cli_errors
def detect(
    suspect: Annotated[
        str, typer.Argument(help="The suspect dataset (CSV/TSV/Parquet/JSONL file, glob or directory).")
    ],
    key: Annotated[
        Path, typer.Option("--key", "-k", help="The provider's Ed25519 private key that marked the copies.")
    ],
    receipt: Annotated[
        list[Path],
        typer.Option("--receipt", help="Receipt written by `riskaudit mark` (repeat: one per recipient)."),
    ],
    alpha: Annotated[
        float,
        typer.Option("--alpha", help="Significance level: a mark is detected when its p-value is below it."),
    ] = 1e-6,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Audit config YAML (reading options).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Test a suspect dataset for the marks of each receipt and attribute it to the recipient."""
    from ..attest import load_private_key
    from ..config import load_config
    from ..marks import detect_marks

    res = detect_marks(suspect, load_private_key(key), list(receipt), alpha=alpha, config=load_config(config))
    if as_json:
        print_json(res.model_dump(mode="json"))
    else:
        for r in res.receipts:
            wm = r.watermark
            p = f"{wm.p_value:.3g}" if wm.p_value is not None else "n/a"
            typer.echo(
                f"{'DETECTED' if r.detected else 'not detected'} {term(r.recipient)}: {term(r.reason)}; watermark p={p}"
            )
    if res.detected:
        raise typer.Exit(EXIT_FAIL)
