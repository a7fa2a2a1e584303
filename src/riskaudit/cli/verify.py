"""`riskaudit verify ATTESTATION --pub P [--pub P2]`: signatures, then every digest recomputed offline.

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
    pub: Annotated[list[Path], typer.Option("--pub", "-k", help="Trusted Ed25519 public key (repeat: provider, auditor).")],
    threshold: Annotated[int | None, typer.Option("--threshold", "-t", help="Signatures required (default: every --pub).")] = None,
    scorecard: Annotated[Path | None, typer.Option("--scorecard", help="scorecard.json (default: the attested path).")] = None,
    data: Annotated[list[Path] | None, typer.Option("--data", help="Data file(s) (default: the attested subject paths).")] = None,
    license: Annotated[Path | None, typer.Option("--license", help="License file (default: the attested path).")] = None,
    policy: Annotated[str | None, typer.Option("--policy", help="Policy pack(s) 'a+b' to recompute (default: the attested one).")] = None,
) -> None:
    """Verify an attestation: signatures over DSSE PAE, then sha256 of data, scorecard, license and policy."""
    from ..attest import load_public_key, verify_envelope
    keys = {str(p): load_public_key(p) for p in pub}
    res = verify_envelope(attestation, keys, threshold=threshold, scorecard=scorecard, data=data or None,
                          license_path=license, policy=policy)
    pred = res.statement["predicate"]
    typer.echo(f"verified: {len(res.signers)} signature(s) ({term(', '.join(res.signers))}); verdict {term(pred['verdict'])}; "
               f"checked {term(', '.join(res.checked))}")
