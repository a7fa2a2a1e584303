"""Re-identification scan: a pure function from a table, its quasi-identifiers and config to a result."""

from __future__ import annotations

import ibis.expr.types as ir

from ..config import ReidentConfig
from ..engine import Engine
from ..errors import ColumnError
from ._equivalence import class_size_histogram
from ._prosecutor import prosecutor_risk
from ._result import ReidentResult

__all__ = ["scan_reident"]


def scan_reident(
    engine: Engine,
    table: ir.Table,
    quasi_identifiers: list[str],
    config: ReidentConfig | None = None,
    *,
    source: str = "config",
) -> ReidentResult:
    """Equivalence classes over ``quasi_identifiers``: histogram, k, small classes, prosecutor risk."""
    config = config or ReidentConfig()
    if not quasi_identifiers:
        raise ColumnError(
            "columns.quasi_identifiers: no quasi-identifiers given or suggested; name them in the config or with --qi"
        )
    missing = [c for c in quasi_identifiers if c not in table.columns]
    if missing:
        raise ColumnError(f"quasi-identifier '{missing[0]}' is not a column of the dataset")
    hist = class_size_histogram(engine, table, quasi_identifiers)
    records = sum(s * c for s, c in hist.items())
    small = sum(s * c for s, c in hist.items() if s < config.k)
    return ReidentResult(
        quasi_identifiers=list(quasi_identifiers),
        quasi_identifiers_source=source,
        missing=config.missing,
        records=records,
        classes=sum(hist.values()),
        k=min(hist),
        k_threshold=config.k,
        class_size_histogram={str(s): c for s, c in hist.items()},
        sample_uniques=hist.get(1, 0),
        records_in_small_classes=small,
        share_in_small_classes=small / records,
        prosecutor=prosecutor_risk(hist, config.risk_threshold),
    )
