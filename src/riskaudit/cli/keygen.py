"""`riskaudit keygen --out NAME [--purpose signing|baseline]`: an Ed25519 key pair for signing attestations,
or a secret key for gate baselines (HMAC-SHA256)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._common import cli_errors


class Purpose(StrEnum):
    signing = "signing"
    baseline = "baseline"
    erasure = "erasure"


@cli_errors
def keygen(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Path prefix: signing writes PREFIX.key (private, mode 0600) and PREFIX.pub; baseline writes PREFIX.baseline-key (secret, mode 0600).",
        ),
    ],
    purpose: Annotated[
        Purpose,
        typer.Option(
            "--purpose",
            help="signing: Ed25519 pair for `sign`/`verify`; baseline: secret key for `gate --baseline-key`; erasure: secret key PREFIX.key (or the --out path itself when it ends in .key) for `erasure register|verify`.",
        ),
    ] = Purpose.signing,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing key files.")] = False,
) -> None:
    """Create an Ed25519 key pair (provider, auditor, ...) for `riskaudit sign`, or a gate baseline key."""
    if purpose is Purpose.erasure:
        from ..erasure._keys import generate_erasure_key, load_erasure_key

        path = generate_erasure_key(
            out if out.suffix == ".key" else out.with_name(out.name + ".key"), overwrite=force
        )
        typer.echo(
            f"wrote {path} (keep secret: it makes and checks erasure ledgers); key id {load_erasure_key(path).key_id}"
        )
        return
    if purpose is Purpose.baseline:
        from ..gate import generate_baseline_key, load_baseline_key

        path = generate_baseline_key(out.with_name(out.name + ".baseline-key"), overwrite=force)
        key = load_baseline_key(path)
        assert key is not None
        typer.echo(
            f"wrote {path} (keep secret: whoever holds it can accept findings into a baseline); key id {key.key_id}"
        )
        return
    from ..attest import generate_keypair, key_id, load_public_key

    priv, pub = generate_keypair(out, overwrite=force)
    typer.echo(f"wrote {priv} (keep secret) and {pub}; key id {key_id(load_public_key(pub))}")
