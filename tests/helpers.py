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


def fail_scanner_and_record_cancels(monkeypatch, name: str) -> list[list[tuple[str, bool]]]:
    """Make scanner ``name`` raise ``RuntimeError("<name> failed")`` and record, each time the audit cancels its
    pending work, that work as (scanner, still running) pairs."""
    from riskaudit.scanners import _registry

    cancelled: list[list[tuple[str, bool]]] = []
    real_cancel = _registry.AuditContext.cancel_pending

    def spy(self):
        cancelled.append([(p.scanner, p.later.running) for p in self.pending])
        real_cancel(self)

    def failing(ctx):
        raise RuntimeError(f"{name} failed")

    monkeypatch.setattr(_registry.AuditContext, "cancel_pending", spy)
    spec = {s.name: s for s in _registry.registered_scanners()}[name]
    monkeypatch.setitem(_registry._REGISTRY, name, _registry.ScannerSpec(**{**spec.__dict__, "run": failing}))
    return cancelled
