"""Scanner registry: the audit runs every registered scanner in order.

A scanner module registers one :class:`ScannerSpec` whose ``run`` adapts the shared
:class:`AuditContext` to the scanner's pure function (tables + config -> typed result). A spec declares what it
``requires`` (other scanners' results, or ``"roles"``: the column roles resolved by
:func:`~riskaudit.scanners._roles.resolve_roles` from the config, the profile and the PII scan) and what it
``produces``; ``run_audit(only=[...])`` runs the named scanners and what they require, nothing else.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .._later import Later
from ..config import AuditConfig

# the dataset module pulls in the engine (Ibis, DuckDB, pandas); the roles and the PII analysis, which import this
# module for ColumnRoles, run without them (pii/_worker.py's helper process)
if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = [
    "AuditContext",
    "ScannerSpec",
    "register_scanner",
    "registered_scanners",
    "selected_scanners",
    "ColumnRoles",
    "ROLES",
]


@dataclass
class ColumnRoles:
    """Column roles after config and the PII scan have been reconciled."""

    quasi_identifiers: list[str] = field(default_factory=list)
    quasi_identifiers_source: str = "config"  # "config" | "suggested" | "none"
    sensitive: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    direct_identifiers: list[str] = field(default_factory=list)
    protected_source: str = "config"  # "config" | "pii" | "name"


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
    #: the helper process a small audit's PII analysis may run in (pii/_worker.py), or None
    pii_worker: Any = None
    #: work a scanner left running in the background (:meth:`defer`), finished by the audit in this order
    pending: list[Pending] = field(default_factory=list)

    def defer(self, scanner: str) -> Callable[[Later, Callable[[Any], None]], None]:
        """What a scanner hands its pure function to leave work running: ``defer(later, apply)`` records that
        ``apply(later.result())`` completes ``scanner``'s result; the audit does it before any scanner that requires
        that result runs and before the checks (and cancels it if the audit fails first)."""

        def add(later: Later, apply: Callable[[Any], None]) -> None:
            self.pending.append(Pending(scanner, later, apply))

        return add

    def settle(self, scanners: set[str] | None = None) -> dict[str, float]:
        """Finish the pending work of ``scanners`` (all when None), in the order it was left; the seconds each
        scanner waited, by name."""
        waited: dict[str, float] = {}
        for p in [p for p in self.pending if scanners is None or p.scanner in scanners]:
            t = time.perf_counter()
            value = p.later.result()  # interrupted or failed: it stays pending, and cancel_pending stops it
            self.pending.remove(p)
            p.apply(value)
            waited[p.scanner] = waited.get(p.scanner, 0.0) + time.perf_counter() - t
        return waited

    def cancel_pending(self) -> None:
        """Stop and drop every pending work (the audit failed): the engine is closed only after."""
        while self.pending:
            self.pending.pop(0).later.cancel()


@dataclass(frozen=True)
class Pending:
    scanner: str
    later: Later
    apply: Callable[[Any], None]


#: the pseudo-result a scanner requires when it reads ``ctx.roles`` (resolved once, before the first such scanner)
ROLES = "roles"


@dataclass(frozen=True)
class ScannerSpec:
    name: str
    order: int
    run: Callable[[AuditContext], BaseModel | None]
    description: str = ""
    #: results this scanner needs (run before it, and with it under ``only``); ``"roles"``: the resolved column roles
    requires: tuple[str, ...] = ()
    #: what it adds to the context: its result (``results.<name>``) and, e.g., role evidence for ``resolve_roles``
    produces: tuple[str, ...] = ()
    #: run in every audit, whatever ``only`` says (the profile: it validates the configured role columns)
    always: bool = False
    #: results it reads when they are there, without requiring them (not pulled into ``only``): Safe Harbor reads
    #: the PII findings. Pending work of these is settled before the scanner runs, and it never runs ahead of it
    reads: tuple[str, ...] = ()
    #: with ``"roles"`` in ``requires``: whether this config really makes the scanner read them (None: always). One
    #: that does not may run before the roles are resolved, while the PII analysis is still going on
    reads_roles: Callable[[AuditConfig], bool] | None = None

    def needs_roles(self, config: AuditConfig) -> bool:
        return ROLES in self.requires and (self.reads_roles is None or self.reads_roles(config))


_REGISTRY: dict[str, ScannerSpec] = {}


def register_scanner(
    name: str,
    order: int,
    description: str = "",
    *,
    requires: tuple[str, ...] = (),
    produces: tuple[str, ...] | None = None,
    always: bool = False,
    reads: tuple[str, ...] = (),
    reads_roles: Callable[[AuditConfig], bool] | None = None,
) -> Callable:
    def deco(fn: Callable[[AuditContext], BaseModel | None]) -> Callable[[AuditContext], BaseModel | None]:
        _REGISTRY[name] = ScannerSpec(
            name=name,
            order=order,
            run=fn,
            description=description,
            requires=tuple(requires),
            produces=tuple(produces) if produces is not None else (name,),
            always=always,
            reads=tuple(reads),
            reads_roles=reads_roles,
        )
        return fn

    return deco


def selected_scanners(only: list[str] | None) -> list[ScannerSpec]:
    """The scanners an audit runs, in order: every one (``only`` None), else those named, what they require
    (transitively) and the ``always`` ones. A requirement on ``"roles"`` pulls in nothing by itself: the roles are
    resolved from whatever ran before (the PII scan only when it was selected)."""
    specs = registered_scanners()
    if only is None:
        return specs
    by_name = {s.name: s for s in specs}
    want: set[str] = set()
    todo = [*only, *(s.name for s in specs if s.always)]
    while todo:
        n = todo.pop()
        if n in want or n not in by_name:
            continue
        want.add(n)
        todo.extend(r for r in by_name[n].requires if r != ROLES)
    return [s for s in specs if s.name in want]


_BUILTIN = ("profile", "pii", "reident", "safe_harbor", "license", "linkage", "bias", "quality", "derived")


def _load_builtin() -> None:
    import importlib

    for name in _BUILTIN:
        importlib.import_module(f"{__package__}.{name}")


def registered_scanners() -> list[ScannerSpec]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.name))
