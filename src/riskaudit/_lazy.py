"""Lazy package attributes (PEP 562), so ``import riskaudit`` and ``riskaudit --help`` stay fast.

A package's ``__init__`` lists which private module holds each public name; the module is imported on
first access. Heavy dependencies (Presidio, spaCy, scikit-learn, fairlearn, Splink) load only when a
scanner that needs them runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["attach"]


def attach(package: str, names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for ``package``; ``names`` maps public name -> submodule."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        globals_ = importlib.import_module(package).__dict__
        globals_[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(names)

    return __getattr__, __dir__
