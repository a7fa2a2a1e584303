"""Whether the command line owns its process (the ``riskaudit`` script, ``python -m riskaudit``), as opposed to a
caller embedding :func:`riskaudit.cli.main` or a test runner invoking it: only an owned process may be tuned for a
single command."""

from __future__ import annotations

#: set by :func:`riskaudit.cli.run` before the command runs
owned = False


def freeze_imports() -> None:
    """Move every object alive now (the imports' modules, classes and functions, which live as long as the process)
    out of the garbage collector's reach: its full passes then skip them (the sample audit's full collections:
    0.28 -> 0.12 s). Only in an owned process: in an embedding one it would also keep that caller's unreachable
    cycles alive for good."""
    if owned:
        import gc

        gc.freeze()
