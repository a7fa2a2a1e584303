"""Scanners: each module registers one scanner; the audit runs them in order.

Import order matters only for registration; execution order is each scanner's ``order``:
profile (0), pii (10), reident (20), linkage (30), bias (40).
"""

from . import bias, license, linkage, pii, profile, reident, safe_harbor  # noqa: F401  (registration)
from ._registry import AuditContext, ColumnRoles, ScannerSpec, register_scanner, registered_scanners

__all__ = ["AuditContext", "ColumnRoles", "ScannerSpec", "register_scanner", "registered_scanners"]
