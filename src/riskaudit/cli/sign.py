"""`riskaudit sign SCORECARD --key K [--key K2]`: an in-toto v1 Statement in a DSSE envelope (Ed25519)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ._common import cli_errors


@cli_errors
def sign(
    scorecard: Annotated[Path, typer.Argument(help="scorecard.json of the audit (or its directory).")],
    key: Annotated[
        list[Path], typer.Option("--key", "-k", help="Ed25519 private key (repeat for several signers).")
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Attestation file (default: attestation.intoto.json next to the scorecard)."
        ),
    ] = None,
    license: Annotated[
        Path | None,
        typer.Option("--license", help="License file to bind (default: the one in the scorecard)."),
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Gate baseline to bind by digest.")
    ] = None,
    append: Annotated[
        bool,
        typer.Option(
            "--append", help="Add the key's signature to the existing attestation at --out (co-signing)."
        ),
    ] = False,
) -> None:
    """Sign the audit: subjects are the data files (or the table's in-database digest), every output file beside
    the scorecard, the license and the baseline (sha256); predicate binds verdict, tool, policy digest."""
    from .._safeio import atomic_write, check_output
    from ..attest import cosign_envelope, load_private_key, sign_scorecard
    from ..errors import InputError

    if scorecard.is_dir():
        scorecard = scorecard / "scorecard.json"
    target = out or scorecard.with_name("attestation.intoto.json")
    reads = [(scorecard, "the scorecard"), *((k, "a signing key") for k in key)]
    reads += [
        (p, what) for p, what in ((license, "the license file"), (baseline, "the baseline")) if p is not None
    ]
    check_output(target, "--out", reads)
    if append and not target.is_file():
        raise InputError(
            f"--append: no attestation at '{target}' to add a signature to; sign without --append first "
            "(or give the existing attestation with --out)"
        )
    if not append and not scorecard.is_file():
        raise InputError(
            f"{scorecard}: no scorecard.json there; run `riskaudit audit` first or give its path"
        )
    keys = [load_private_key(k) for k in key]
    if append:
        env = cosign_envelope(target, *keys)
    else:
        env = sign_scorecard(
            scorecard, keys, license_path=license, baseline_path=baseline, envelope_dir=target.parent
        )
    atomic_write(target, json.dumps(env, indent=2, sort_keys=True) + "\n", "--out")
    typer.echo(
        f"wrote {term(target)} ({len(env['signatures'])} signature{'s' if len(env['signatures']) != 1 else ''})"
    )
