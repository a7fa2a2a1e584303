"""Helpers the renderers share (ordering, locations). Renderers never judge: they show checks and results."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..scorecard import Check, Scorecard

ORDER = {"error": 0, "fail": 1, "warn": 2, "pass": 3}


def sorted_checks(sc: Scorecard) -> list[Check]:
    return sorted(sc.checks, key=lambda c: (ORDER[c.status], c.id, c.column or ""))


def repo_relative(path: str) -> str:
    """The dataset path relative to the working directory (the repository root in CI), POSIX style."""
    if path.startswith("<"):
        return "dataset"
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix().removeprefix("./")


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
