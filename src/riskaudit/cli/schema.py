"""`riskaudit schema`: print the scorecard JSON Schema (the published contract)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import cli_errors


@cli_errors
def schema(
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of scorecard.json."""
    from ..scorecard.json_schema import scorecard_json_schema_text

    text = scorecard_json_schema_text()
    if out:
        from .._safeio import atomic_write

        atomic_write(out, text, "--out")
    else:
        typer.echo(text, nl=False)
