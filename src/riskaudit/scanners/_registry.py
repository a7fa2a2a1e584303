"""Scanner registry: the audit runs every registered scanner in order.

A scanner module registers one :class:`ScannerSpec` whose ``run`` adapts the shared
:class:`AuditContext` to the scanner's pure function (tables + config -> typed result).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..config import AuditConfig
from ..dataset import Dataset

__all__ = ["AuditContext", "ScannerSpec", "register_scanner", "registered_scanners", "ColumnRoles"]


@dataclass
class ColumnRoles:
    """Column roles after config and the PII scan have been reconciled."""

    quasi_identifiers: list[str] = field(default_factory=list)
    quasi_identifiers_source: str = "config"  # "config" | "suggested"
    sensitive: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    direct_identifiers: list[str] = field(default_factory=list)


@dataclass
class AuditContext:
    dataset: Dataset
    config: AuditConfig
    roles: ColumnRoles
    results: dict[str, BaseModel] = field(default_factory=dict)
    config_path: str = "config"
    progress: Callable[[str], None] = lambda _msg: None
    #: scanner name -> why it did not run (shown in the checks that needed it)
    skipped: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScannerSpec:
    name: str
    order: int
    run: Callable[[AuditContext], BaseModel | None]
    description: str = ""


_REGISTRY: dict[str, ScannerSpec] = {}


def register_scanner(name: str, order: int, description: str = "") -> Callable:
    def deco(fn: Callable[[AuditContext], BaseModel | None]) -> Callable[[AuditContext], BaseModel | None]:
        _REGISTRY[name] = ScannerSpec(name=name, order=order, run=fn, description=description)
        return fn

    return deco


_BUILTIN = ("profile", "pii", "reident", "safe_harbor", "license", "linkage", "bias", "quality", "derived")


def _load_builtin() -> None:
    import importlib

    for name in _BUILTIN:
        importlib.import_module(f"{__package__}.{name}")


def registered_scanners() -> list[ScannerSpec]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.name))
