"""Scanners: each module registers one scanner; the audit runs them in order.

Built-in scanner modules are imported on first use of ``registered_scanners()`` (so importing the
package stays light); execution order is each scanner's ``order``:
license (-10), profile (0), pii (10), reident (20), safe_harbor (25), linkage (30), bias (40), quality (50),
derived (60).

The registry is itself imported on first use (it needs the dataset and the engine), so the pydantic-only
``scanners._result`` (profile and Safe Harbor results) loads without them.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "AuditContext": "_registry",
    "ColumnRoles": "_registry",
    "ScannerSpec": "_registry",
    "register_scanner": "_registry",
    "registered_scanners": "_registry",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = ["AuditContext", "ColumnRoles", "ScannerSpec", "register_scanner", "registered_scanners"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._registry import AuditContext, ColumnRoles, ScannerSpec, register_scanner, registered_scanners
