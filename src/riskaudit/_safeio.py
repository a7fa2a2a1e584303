"""Writing files without touching what is not ours.

Every file riskaudit writes goes through :func:`atomic_write` (or :func:`atomic_target` for files an engine
streams): the content goes to a fresh temporary file made with :func:`tempfile.mkstemp` in the target's
directory (``O_EXCL``: a symlink planted under a predictable temporary name is never followed), then
:func:`os.replace` renames it over the target in one step, so a reader sees the old file or the new one,
never half of one, and a symlink at the target is replaced rather than written through.

Before that, :func:`check_output` refuses a target that resolves (through symlinks and hard links) to one of
the run's inputs, or that lies inside an input directory, or that is a directory: the input data are only
ever read. The inputs of a run are registered with :func:`protect_inputs`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from .errors import InputError

__all__ = [
    "protect_inputs",
    "add_protected",
    "check_output_dir",
    "protected_inputs",
    "check_output",
    "atomic_write",
    "atomic_append",
    "atomic_target",
]

_PROTECTED: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("riskaudit_protected_inputs", default=())


def _real(path: str | Path) -> str:
    return os.path.realpath(os.fspath(path))


@contextlib.contextmanager
def protect_inputs(paths: Iterable[tuple[str | Path, str]]) -> Iterator[None]:
    """Within the block, outputs may not resolve to any of ``paths`` (``(path, what it is)`` pairs)."""
    added = tuple((_real(p), what) for p, what in paths if p is not None and str(p) != "")
    token = _PROTECTED.set(_PROTECTED.get() + added)
    try:
        yield
    finally:
        _PROTECTED.reset(token)


def add_protected(paths: Iterable[tuple[str | Path, str]]) -> None:
    """Add inputs found during a run (a glob's files) until the enclosing :func:`protect_inputs` ends."""
    _PROTECTED.set(_PROTECTED.get() + tuple((_real(p), what) for p, what in paths))


def protected_inputs() -> tuple[tuple[str, str], ...]:
    return _PROTECTED.get()


def check_output(path: str | Path, what: str, inputs: Iterable[tuple[str | Path, str]] = ()) -> Path:
    """Refuse ``path`` as an output file when it is a directory or resolves to an input; return it."""
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{what}: '{p}' is a directory; give a file name")
    real = _real(p)
    for inp, kind in (*_PROTECTED.get(), *((_real(i), k) for i, k in inputs)):
        same = real == inp
        if not same and p.exists() and os.path.exists(inp):
            with contextlib.suppress(OSError):
                same = os.path.samefile(p, inp)  # a hard link to the input
        if same:
            raise InputError(f"{what}: '{p}' is {kind}, an input of this run; choose another output path")
        if os.path.isdir(inp) and real.startswith(inp.rstrip(os.sep) + os.sep):
            raise InputError(
                f"{what}: '{p}' lies inside {kind} '{inp}', an input of this run; write outside it"
            )
    return p


def check_output_dir(path: str | Path, what: str) -> Path:
    """An output directory: not an existing file, not inside (or equal to) an input directory."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(
            f"{what}: '{p}' is an existing file, not a directory; give a directory for the reports"
        )
    real = _real(p)
    for inp, kind in _PROTECTED.get():
        if real == inp or (os.path.isdir(inp) and real.startswith(inp.rstrip(os.sep) + os.sep)):
            raise InputError(
                f"{what}: '{p}' is or lies inside {kind}, an input of this run; write outside it"
            )
    return p


def _mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_target(path: str | Path, what: str) -> Iterator[str]:
    """A fresh temporary path next to ``path``; renamed over ``path`` when the block succeeds, removed if not."""
    p = check_output(path, what)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, _mode())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: str | Path, content: str | bytes, what: str) -> Path:
    """Write ``content`` to ``path`` through a temporary file and an atomic rename."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with atomic_target(path, what) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
    return Path(path)


def atomic_append(path: str | Path, text: str, what: str) -> Path:
    """Append ``text`` to ``path`` (e.g. ``$GITHUB_STEP_SUMMARY``): the old content plus ``text``, renamed into
    place. A non-regular file (a FIFO, ``/dev/stdout``) is appended to directly."""
    p = check_output(path, what)
    if p.exists() and not p.is_file():
        with open(p, "a", encoding="utf-8") as f:
            f.write(text)
        return p
    old = p.read_bytes() if p.exists() else b""
    return atomic_write(p, old + text.encode("utf-8"), what)
