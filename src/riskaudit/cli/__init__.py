"""The `riskaudit` command line: one module per command; each calls the Python API."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from .._version import __version__
from . import audit as _audit
from . import bias as _bias
from . import diff as _diff
from . import gate as _gate
from . import init as _init
from . import keygen as _keygen
from . import link as _link
from . import pii as _pii
from . import quality as _quality
from . import risk as _risk
from . import schema as _schema
from . import sign as _sign
from . import verify as _verify

app = typer.Typer(
    name="riskaudit",
    help="Audit a tabular dataset for personal data, re-identification risk and bias before it is licensed.\n\n"
    "Exit codes: 0 = all checks pass or warn, 1 = a policy check fails, 2 = usage, config or input error, "
    "3 = internal error.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"riskaudit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """riskaudit: due diligence on a dataset before it is licensed for AI work."""


app.command("audit")(_audit.audit)
app.command("bias")(_bias.bias)
app.command("link")(_link.link)
app.command("pii")(_pii.pii)
app.command("risk")(_risk.risk)
app.command("quality")(_quality.quality)
app.command("schema")(_schema.schema)
app.command("keygen")(_keygen.keygen)
app.command("sign")(_sign.sign)
app.command("verify")(_verify.verify)
app.command("gate")(_gate.gate)
app.command("diff")(_diff.diff)
app.command("init")(_init.init)


def main() -> None:
    """The command line as a function: runs one command and raises ``SystemExit`` with its code (callers that
    embed it keep their process)."""
    app()


def run() -> None:
    """The ``riskaudit`` console script and ``python -m riskaudit``: :func:`main`, then, once the command has
    finished (its files written and closed, its exit code known), the process ends with ``os._exit`` after the exit
    handlers have run and the standard streams are flushed: the interpreter's own teardown (freeing every module
    and object one by one) took about 1 s after a sample audit, for nothing. When another non-daemon thread is
    still alive, or ``RISKAUDIT_DEBUG`` is set, the normal exit runs instead."""
    from . import _process

    _process.owned = True
    try:
        main()
    except SystemExit as exc:
        code = exc.code
        if code is None or (isinstance(code, int) and not isinstance(code, bool)):
            _quick_exit(code or 0)
        raise


def _quick_exit(code: int) -> None:
    import atexit
    import threading

    if os.environ.get("RISKAUDIT_DEBUG") or any(
        t is not threading.main_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()
    ):
        return  # the caller re-raises SystemExit: the normal exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be written anyway
            pass
    os._exit(code)


from . import erasure as _erasure  # noqa: E402  (issue 17: erasure register|verify)

app.add_typer(_erasure.app, name="erasure")

from . import model_privacy as _model_privacy  # noqa: E402
from . import synth_privacy as _synth_privacy  # noqa: E402

app.command("synth-privacy")(_synth_privacy.synth_privacy)
app.command("model-privacy")(_model_privacy.model_privacy)

from . import detect as _detect  # noqa: E402
from . import mark as _mark  # noqa: E402

app.command("mark")(_mark.mark)
app.command("detect")(_detect.detect)
