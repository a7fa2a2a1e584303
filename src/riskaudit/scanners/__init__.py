"""Scanners: each module registers one scanner; the audit runs them in order.

Built-in scanner modules are imported on first use of ``registered_scanners()`` (so importing the
package stays light); execution order is each scanner's ``order``:
profile (0), pii (10), reident (20), linkage (30), bias (40), quality (50).
"""

from ._registry import AuditContext, ColumnRoles, ScannerSpec, register_scanner, registered_scanners

__all__ = ["AuditContext", "ColumnRoles", "ScannerSpec", "register_scanner", "registered_scanners"]
