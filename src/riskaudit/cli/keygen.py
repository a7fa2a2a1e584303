"""`riskaudit keygen --out NAME`: an Ed25519 key pair for signing attestations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import cli_errors


@cli_errors
def keygen(
    out: Annotated[Path, typer.Option("--out", "-o", help="Path prefix: writes PREFIX.key (private, mode 0600) and PREFIX.pub.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
) -> None:
    """Create an Ed25519 key pair (provider, auditor, ...) for `riskaudit sign`."""
    from ..attest import generate_keypair, key_id, load_public_key
    priv, pub = generate_keypair(out, overwrite=force)
    typer.echo(f"wrote {priv} (keep secret) and {pub}; key id {key_id(load_public_key(pub))}")
