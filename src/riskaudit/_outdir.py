"""An audit's output directory is whole: it holds one audit's files and nothing else.

Each run renders every file first, writes them into a fresh temporary directory beside the target
(``.NAME.riskaudit-new-XXXX``), and only then swaps that directory in place of the previous one. A run that
fails at any point leaves the previous outputs as they were; a run that succeeds leaves no file of an
earlier audit (a signed attestation of an older scorecard, a report in a format not asked for this time).

riskaudit recognises its own files by name: those listed in the manifest it writes into the directory
(:data:`MANIFEST`), the names its renderers and ``riskaudit sign`` write, and its own temporary files.
A directory holding anything else is refused before the scan (exit 2): riskaudit never deletes a file it
did not write. Where a directory cannot be swapped (it is the working directory, a mount point, or its
parent is not writable) the files are replaced one by one, each atomically, and the files of earlier
audits are removed after.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ._safeio import _mode, check_output, check_output_dir
from ._version import __version__
from .errors import InputError

__all__ = ["MANIFEST", "ATTESTATION", "foreign_entries", "check_whole", "replace_outputs"]

#: written by every audit into its output directory: the names of the files that audit wrote
MANIFEST = ".riskaudit-manifest.json"
#: written by `riskaudit sign` next to the scorecard; a new audit makes it stale
ATTESTATION = "attestation.intoto.json"


def _known_names() -> set[str]:
    from .render import renderers

    return {n for r in renderers().values() for n in r.filenames} | {ATTESTATION, MANIFEST}


def _manifest_names(out_dir: Path) -> set[str]:
    try:
        doc = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(doc, dict) or doc.get("tool") != "riskaudit" or not isinstance(doc.get("files"), list):
        return set()
    return {f for f in doc["files"] if isinstance(f, str) and "/" not in f and os.sep not in f}


def _is_our_temp(name: str, ours: set[str]) -> bool:
    """A temporary file of an interrupted atomic write (``.NAME.XXXX.tmp``) of one of our files."""
    return name.startswith(".") and name.endswith(".tmp") and any(name.startswith(f".{n}.") for n in ours)


def foreign_entries(out_dir: str | Path, carry: Iterable[str] = ()) -> list[str]:
    """Names in ``out_dir`` that riskaudit did not write (sorted); ``carry``: files this run wrote there."""
    d = Path(out_dir)
    if not d.is_dir():
        return []
    ours = _known_names() | _manifest_names(d) | set(carry)
    out = []
    for entry in sorted(os.listdir(d)):
        p = d / entry
        if (entry in ours and (p.is_symlink() or p.is_file())) or _is_our_temp(entry, ours):
            continue
        out.append(entry)
    return out


def check_whole(out_dir: str | Path, what: str = "--out", carry: Iterable[str] = ()) -> None:
    """Refuse (exit 2) an output directory holding files riskaudit did not write."""
    foreign = foreign_entries(out_dir, carry)
    if foreign:
        shown = ", ".join(f"'{n}'" for n in foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise InputError(
            f"{what}: '{out_dir}' holds {len(foreign)} file(s) riskaudit did not write ({shown}); each audit replaces "
            "its whole output directory, so give a fresh --out directory (or outputs.dir) or move those files out"
        )


def _manifest(names: Iterable[str]) -> bytes:
    doc = {"files": sorted(set(names) | {MANIFEST}), "tool": "riskaudit", "version": __version__}
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()


def _swappable(real: Path) -> bool:
    cwd = os.path.realpath(os.getcwd())
    r = str(real)
    if cwd == r or cwd.startswith(r.rstrip(os.sep) + os.sep):
        return (
            False  # renaming the working directory (or an ancestor) would leave the process in a deleted one
        )
    return not (real.exists() and os.path.ismount(real))


def replace_outputs(
    out_dir: str | Path, files: dict[str, bytes], what: str = "--out", carry: Iterable[str] = ()
) -> Path:
    """Make ``out_dir`` hold exactly ``files`` (name -> content), the files named in ``carry`` (written into
    it earlier by this run) and the manifest; the previous outputs stay intact if anything fails."""
    d = check_output_dir(out_dir, what)
    carry = [c for c in carry if (d / c).is_file()]
    check_whole(d, what, carry)
    for name in files:
        check_output(d / name, what)
    real = Path(os.path.realpath(d))
    content = {**files, MANIFEST: _manifest([*files, *carry])}
    real.parent.mkdir(parents=True, exist_ok=True)
    new: Path | None = None
    if _swappable(real):
        with contextlib.suppress(OSError):
            new = Path(tempfile.mkdtemp(prefix=f".{real.name}.riskaudit-new-", dir=real.parent))
    if new is None:
        _replace_in_place(real, content, what, carry)
        return d
    try:
        for name, data in content.items():
            with open(new / name, "xb") as f:
                f.write(data)
            os.chmod(new / name, _mode())
        for name in carry:
            try:
                os.link(real / name, new / name)
            except OSError:
                shutil.copy2(real / name, new / name)
        os.chmod(new, (real.stat().st_mode & 0o7777) if real.is_dir() else (0o777 & ~_umask()))
        if real.is_dir():
            old = Path(tempfile.mkdtemp(prefix=f".{real.name}.riskaudit-old-", dir=real.parent))
            os.rmdir(old)
            try:
                os.rename(real, old)
            except OSError:  # a busy or otherwise unmovable directory: replace its files one by one
                shutil.rmtree(new, ignore_errors=True)
                _replace_in_place(real, content, what, carry)
                return d
            try:
                os.rename(new, real)
            except BaseException:
                os.rename(old, real)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(new, real)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    return d


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


def _replace_in_place(real: Path, content: dict[str, bytes], what: str, carry: list[str]) -> None:
    """The fallback: each file atomically, then the earlier audit's files that were not written this time."""
    from ._safeio import atomic_write

    previous = (_known_names() | _manifest_names(real)) - {MANIFEST}
    real.mkdir(parents=True, exist_ok=True)
    for name, data in content.items():
        if name != MANIFEST:
            atomic_write(real / name, data, what)
    for name in sorted(previous - set(content) - set(carry)):
        stale = real / name
        if stale.is_file() or stale.is_symlink():
            stale.unlink()
    atomic_write(real / MANIFEST, content[MANIFEST], what)
