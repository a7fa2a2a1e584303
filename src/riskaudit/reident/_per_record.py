"""Per-record risk output: row number, class size, risk. Never a QI value.

The row number is 1-based in source order (``Engine.with_row_number``). The class size is the
record's equivalence-class size under the configured missing-value semantics; the risk is the
prosecutor risk 1/size. The file is written by the engine (streamed), ordered by row number.
"""

from __future__ import annotations

from pathlib import Path

import ibis.expr.types as ir

from .._safeio import atomic_target, check_output
from ..engine import Engine
from ..errors import InputError

__all__ = ["write_per_record"]


def write_per_record(
    engine: Engine, table: ir.Table, patterns: ir.Table, quasi_identifiers: list[str], path: str
) -> str:
    """Write ``row,class_size,risk`` for every record to ``path`` (CSV); returns the path."""
    out = Path(path)
    if out.exists() and out.is_dir():
        raise InputError(
            f"reident.per_record_output: '{path}' is a directory; give a file name such as per_record.csv"
        )
    check_output(out, "reident.per_record_output")
    numbered = engine.with_row_number(table.select(*quasi_identifiers), "__row")
    pats = patterns.select(
        *[patterns[q].name(f"__p{i}") for i, q in enumerate(quasi_identifiers)], __size=patterns["__size"]
    )
    j = numbered.join(
        pats, [numbered[q].identical_to(pats[f"__p{i}"]) for i, q in enumerate(quasi_identifiers)]
    )
    expr = j.select(row=j["__row"], class_size=j["__size"], risk=1.0 / j["__size"].cast("float64")).order_by(
        "row"
    )
    with atomic_target(out, "reident.per_record_output") as tmp:
        engine.write_csv(expr, tmp)
    return str(out)
