"""`riskaudit verify ATTESTATION --pub P [--pub P2]`: signatures, then every digest recomputed offline.

Every attested path is resolved against the attestation's directory (never the current one); the command
lists each file it checked, bound files it did not find, and the policy digest it compared.
Exit codes: 0 verified; 1 verification failed (the line says which signature or digest); 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ._common import cli_errors


@cli_errors
def verify(
    attestation: Annotated[Path, typer.Argument(help="attestation.intoto.json written by `riskaudit sign`.")],
    pub: Annotated[
        list[Path],
        typer.Option("--pub", "-k", help="Trusted Ed25519 public key (repeat: provider, auditor)."),
    ],
    threshold: Annotated[
        int | None,
        typer.Option(
            "--threshold",
            "-t",
            help="Distinct keys whose signature is required (default: every --pub; at least 1).",
        ),
    ] = None,
    scorecard: Annotated[
        Path | None,
        typer.Option(
            "--scorecard", help="scorecard.json (default: the attested one beside the attestation)."
        ),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            help="Data file(s) or postgres:// URL (default: the attested paths, relative to the attestation).",
        ),
    ] = None,
    license: Annotated[
        Path | None,
        typer.Option(
            "--license", help="License file (default: the attested path, relative to the attestation)."
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="Gate baseline (default: the attested path, relative to the attestation)."
        ),
    ] = None,
    policy: Annotated[
        str | None,
        typer.Option(
            "--policy",
            help="The policy you expect: a config YAML, or pack names 'a+b' (default: the attested pack name as it resolves here).",
        ),
    ] = None,
) -> None:
    """Verify an attestation: signatures over DSSE PAE, then sha256 of data, outputs, license, baseline and policy."""
    from ..attest import load_public_key, verify_envelope

    keys = {str(p): load_public_key(p) for p in pub}
    from ..marks import is_receipt

    if is_receipt(attestation):  # a mark receipt (riskaudit mark): signatures and the marked copy's digest
        from ..marks import verify_receipt

        rec = verify_receipt(attestation, keys, threshold=threshold, data=list(data) if data else None)
        typer.echo(
            f"verified: {len(rec.signers)} signature(s) ({term(', '.join(rec.signers))}); mark receipt for "
            f"{term(rec.statement['predicate']['recipient'])}; checked {len(rec.checked)} item(s)"
        )
        for line in rec.checked:
            typer.echo(f"  checked {term(line)}")
        for line in rec.missing:
            typer.echo(f"  missing {term(line)} (not checked)")
        return
    res = verify_envelope(
        attestation,
        keys,
        threshold=threshold,
        scorecard=scorecard,
        data=list(data) if data else None,
        license_path=license,
        policy=policy,
        baseline_path=baseline,
    )
    pred = res.statement["predicate"]
    typer.echo(
        f"verified: {len(res.signers)} signature(s) ({term(', '.join(res.signers))}); verdict {term(pred['verdict'])}; "
        f"checked {len(res.checked)} item(s), {len(res.missing)} bound file(s) missing"
    )
    for line in res.checked:
        typer.echo(f"  checked {term(line)}")
    for line in res.missing:
        typer.echo(f"  missing {term(line)} (bound by the attestation, not found beside it; not checked)")
    for line in res.not_checked:
        typer.echo(f"  not checked {term(line)}")
