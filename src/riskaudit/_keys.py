"""The one value-equality rule for joins across tables (population table, auxiliary table).

Two tables read separately may type the same column differently (one file holds "30", the other "30.0";
or one is text and the other a float column). ``value_key`` compares values as text after removing an
all-zero fractional part ("30.0" -> "30", "-7.000" -> "-7"), so `riskaudit risk` (population table, typed
columns) and `riskaudit link` (text columns) agree. Leading zeros are kept ("02139" stays as is) and
"30.5" is not "30.50". Portable Ibis (no backend-specific regex replacement syntax).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

__all__ = ["value_key"]


def value_key(value: ir.Value) -> ir.StringValue:
    s = value.cast("string")
    integral = s.re_search(r"^-?[0-9]+\.0+$")
    return ibis.ifelse(integral, s.substr(0, s.find(".")), s)
