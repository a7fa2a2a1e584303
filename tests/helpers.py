"""Test helpers: run the CLI in-process and capture exit code, stdout and stderr separately."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner

from riskaudit.cli import app


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def cli(*args: str) -> Run:
    runner = CliRunner()
    r = runner.invoke(app, list(args))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Run(r.exit_code, r.stdout, r.stderr)
