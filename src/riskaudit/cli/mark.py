"""`riskaudit mark DATA --key K --recipient R --out MARKED --receipt R.json`: a marked copy per recipient.

Trap records and keyed watermarks (see docs/marks.md); the receipt is an in-toto statement in a DSSE envelope
signed with the same Ed25519 key, holding only keyed hashes. Exit codes: 0 written; 2 usage or input error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ._common import cli_errors, print_json, split_csv


@cli_errors
def mark(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory to mark.")],
    key: Annotated[
        Path,
        typer.Option(
            "--key",
            "-k",
            help="The provider's Ed25519 private key (riskaudit keygen); the marking secret is derived from it.",
        ),
    ],
    recipient: Annotated[
        str,
        typer.Option(
            "--recipient", "-r", help="Recipient id (e.g. ACME): each recipient's copy carries its own marks."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Marked copy to write (.csv or .parquet).")],
    receipt: Annotated[
        Path, typer.Option("--receipt", help="Signed receipt to write (DSSE envelope, JSON).")
    ],
    traps: Annotated[
        int | None,
        typer.Option(
            "--traps", help="Trap records to add (default: 0.1 % of the rows, at least 20; 0 for none)."
        ),
    ] = None,
    watermark: Annotated[
        str | None,
        typer.Option(
            "--watermark",
            "-w",
            help="Columns to watermark: COL:DECIMALS (last kept decimal) or COL:~WIDTH (green intervals), comma-separated.",
        ),
    ] = None,
    key_columns: Annotated[
        str | None,
        typer.Option(
            "--key-columns",
            help="Columns forming the virtual primary key (default: every column not watermarked).",
        ),
    ] = None,
    gamma: Annotated[
        int, typer.Option("--gamma", help="About one row in GAMMA carries a watermark bit.")
    ] = 10,
    qi: Annotated[
        str | None,
        typer.Option(
            "--qi", help="Quasi-identifiers for the traps (default: from the config, else suggested by name)."
        ),
    ] = None,
    identifiers: Annotated[
        str | None,
        typer.Option(
            "--identifiers", help="Identifier columns given fictitious trap values (default: guessed)."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Audit config YAML (reading options, quasi-identifiers)."),
    ] = None,
    license: Annotated[
        Path | None,
        typer.Option(
            "--license",
            help="License YAML: the recipient must be its marking.recipient_id and each watermark within its tolerated_distortion.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON (keyed hashes only).")
    ] = False,
) -> None:
    """Write a marked copy for one recipient (trap records, keyed watermark) and its signed receipt."""
    from .._safeio import atomic_write, check_output
    from ..attest import load_private_key
    from ..config import load_config
    from ..marks import mark_dataset, parse_watermarks
    from ..marks._api import receipt_json

    reads = [(data, "the input data"), (key, "the signing key")]
    check_output(out, "--out", reads)
    check_output(receipt, "--receipt", [*reads, (out, "the marked copy")])
    specs = parse_watermarks(watermark)
    if license is not None:
        from ..license import load_license
        from ..marks._api import check_license

        check_license(load_license(license), str(license), recipient, specs, traps)
    cfg = load_config(config)
    k = load_private_key(key)
    res, env = mark_dataset(
        data,
        k,
        recipient,
        out,
        traps=traps,
        watermark=specs,
        key_columns=split_csv(key_columns) or None,
        gamma=gamma,
        quasi_identifiers=split_csv(qi) if qi is not None else None,
        identifiers=split_csv(identifiers) if identifiers is not None else None,
        config=cfg,
    )
    atomic_write(receipt, receipt_json(env), "--receipt")
    if as_json:
        print_json(res.model_dump(mode="json"))
    else:
        marks = (
            ", ".join(f"{term(c)} {n} marked ({res.changed.get(c, 0)} changed)" for c, n in res.marks.items())
            or "no watermark"
        )
        typer.echo(
            f"wrote {term(out)} for {term(recipient)}: {res.out_rows} rows, {len(res.traps)} trap(s), {marks}; "
            f"receipt {term(receipt)}"
        )
