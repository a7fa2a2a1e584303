"""What every command shares: error handling (one line, exit 2), progress display, JSON printing."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from rich.console import Console

from .._safe import json_escape_unsafe, term
from ..errors import RiskAuditError

__all__ = [
    "EXIT_OK",
    "EXIT_FAIL",
    "EXIT_USAGE",
    "EXIT_INTERNAL",
    "cli_errors",
    "progress_display",
    "print_json",
    "err_console",
    "split_csv",
    "audit_overrides",
]

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

err_console = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def cli_errors(fn: F) -> F:
    """Turn riskaudit errors into one ``error: ...`` line and an exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except RiskAuditError as exc:
            # one line, credentials redacted, control characters escaped (no terminal or CI-log injection)
            typer.echo(f"error: {term(exc)}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("error: interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("RISKAUDIT_DEBUG"):
                raise
            # the class name only: an exception text may quote a data value
            typer.echo(
                f"internal error: {type(exc).__name__} in riskaudit; rerun with RISKAUDIT_DEBUG=1 for details and report it",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_display(enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Progress of the audit's steps on stderr: on a terminal, rich progress (one line per step with its elapsed
    time and rows); elsewhere (a CI log), one plain line per finished step with elapsed time and rows; nothing when
    disabled (``--quiet`` keeps only the verdict line)."""
    from ..progress import Steps, plain_lines

    if not enabled:
        yield lambda _msg: None
        return
    if not sys.stderr.isatty():
        steps = plain_lines(sys.stderr)
        yield steps  # on an error the step under way is not reported as done: the error line says what happened
        steps.close()
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(finished_text="[green]done[/]"),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    ) as bar:
        tasks: list = []

        def start(_i: int, name: str) -> None:
            tasks.append(bar.add_task(name, total=1, rows=""))

        def finish(s) -> None:
            bar.update(tasks[s.index], completed=1, rows=f"{s.rows:,} rows" if s.rows is not None else "")
            bar.stop_task(tasks[s.index])

        steps = Steps(finish, on_start=start)
        yield steps
        steps.close()


def print_json(data: Any) -> None:
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    # JSON escapes C0 itself; C1, bidi and separator characters would reach the terminal raw: \uXXXX them too
    sys.stdout.write(json_escape_unsafe(text) + "\n")


def split_csv(value: str | None) -> list[str]:
    """``"a,b, c"`` -> ``["a", "b", "c"]``; column names may not contain commas here (use the config)."""
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def audit_overrides(
    policy: list[str] | None, license: Any, formats: str | None, engine: str | None = None
) -> dict[str, Any] | None:
    """Config overrides from the options `audit` and `gate` share (policy packs, license, formats, engine)."""
    overrides: dict[str, Any] = {}
    if policy:
        overrides["policy"] = {"extends": list(policy)}
    if license is not None:
        overrides["license"] = str(license)
    if engine:
        overrides["engine"] = {"name": engine}
    if formats:
        overrides.setdefault("outputs", {})["formats"] = split_csv(formats)
    return overrides or None
