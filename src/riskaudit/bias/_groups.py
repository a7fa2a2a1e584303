"""Protected attributes as group expressions: explicit ``Unknown`` group, age bands for ages and dates of birth.

Every group label is computed by the engine (an Ibis string expression); nothing here reads rows.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from ..config import BiasConfig, ColumnsConfig
from ..engine import Engine
from ..errors import ColumnError, ConfigError
from ._counts import rebind

__all__ = [
    "UNKNOWN",
    "GroupSpec",
    "PROTECTED_HINTS",
    "describe_attribute",
    "group_expr",
    "suggest_protected",
    "tokens",
]

UNKNOWN = "Unknown"

#: name tokens that suggest a protected attribute (sex or gender, race or ethnicity, age, religion, disability, nationality)
PROTECTED_HINTS = {
    "sex",
    "gender",
    "race",
    "ethnicity",
    "ethnic",
    "religion",
    "religious",
    "disability",
    "disabled",
    "nationality",
    "citizenship",
    "age",
    "dob",
    "birthdate",
}
_DOB_TOKENS = [("date", "of", "birth"), ("birth", "date"), ("dob",), ("birthdate",), ("birthday",)]


def tokens(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", str(name)[:256])  # untrusted: bounded
    return [t for t in re.split(r"[^0-9A-Za-z]+", spaced.lower()) if t]


def _is_dob(name: str) -> bool:
    toks = tokens(name)
    return any(all(t in toks for t in pat) for pat in _DOB_TOKENS)


def _is_age(name: str) -> bool:
    return "age" in tokens(name)


def suggest_protected(columns: list[str], exclude: set[str]) -> list[str]:
    """Protected attributes by column-name hints (used when neither config nor the PII scan names them)."""
    out = []
    for c in columns:
        if c in exclude:
            continue
        toks = set(tokens(c))
        if toks & PROTECTED_HINTS or _is_dob(c) or ("native" in toks and "country" in toks):
            out.append(c)
    return out


@dataclass(frozen=True)
class GroupSpec:
    """How one protected column becomes groups."""

    column: str
    kind: str  # "categorical" | "age" | "date_of_birth"
    bands: tuple[int, ...] = ()
    reference_date: str | None = None

    def describe(self) -> str:
        if self.kind == "categorical":
            return "values as groups; missing/empty values form the Unknown group"
        edges = ", ".join(map(str, self.bands))
        if self.kind == "age":
            return f"age bands with edges {edges}; missing ages form the Unknown group"
        return f"age at {self.reference_date} in bands with edges {edges}; missing/unparsable dates form the Unknown group"


def resolve_protected(
    columns_config: ColumnsConfig,
    columns: list[str],
    suggested: list[str] | None = None,
    direct_identifiers: list[str] | None = None,
) -> tuple[list[str], str]:
    """Protected attributes and where they came from: the config, else the PII scan's ``suggested``, else
    column-name hints. Record columns (id, label, prediction, score, weight) and ignored columns never are."""
    cols = columns_config
    never = cols.record_columns() | set(cols.ignore)
    if cols.protected:
        protected, source = list(cols.protected), "config"
    elif suggested:
        protected, source = list(suggested), "pii"
    else:
        protected, source = suggest_protected(columns, never | set(direct_identifiers or [])), "name"
    return [c for c in protected if c not in never], source


def _band_labels(bands: tuple[int, ...]) -> list[str]:
    labels = [f"<{bands[0]}"]
    for lo, hi in zip(bands, bands[1:], strict=False):
        labels.append(f"{lo}-{hi - 1}")
    labels.append(f"{bands[-1]}+")
    return labels


def _banded(age: ir.NumericValue, bands: tuple[int, ...]) -> ir.StringValue:
    labels = _band_labels(bands)
    cases = [(age < bands[0], labels[0])]
    for i, hi in enumerate(bands[1:], start=1):
        cases.append((age < hi, labels[i]))
    banded = ibis.cases(*cases, else_=labels[-1])
    return ibis.ifelse(age.isnull(), ibis.literal(UNKNOWN), banded)


def describe_attribute(
    engine: Engine, table: ir.Table, column: str, config: BiasConfig, counts: ir.Table | None = None
) -> GroupSpec:
    """Decide how ``column`` is grouped: numeric ages and dates of birth get bands, the rest are categories.
    ``counts``: the key-count table (bias/_counts.py) holding ``column``'s distinct values, read instead of the rows."""
    if column not in table.columns:
        raise ColumnError(
            f"protected attribute '{column}' is not a column of the dataset; check columns.protected / --protected"
        )
    bands = tuple(sorted(set(config.age_bands)))
    if not bands:
        raise ConfigError("bias.age_bands: give at least one band edge, e.g. [18, 40, 65]")
    dtype = table[column].type()
    if _is_age(column) and dtype.is_numeric():
        return GroupSpec(column, "age", bands)
    if _is_dob(column) and (dtype.is_temporal() or dtype.is_string()):
        ref = config.age_reference_date
        if ref is None:
            dob = table[column] if dtype.is_temporal() else table[column].try_cast("date")
            latest = engine.execute(rebind(dob, table, counts).max())
            if latest is None or str(latest) in ("NaT", "nan"):
                return GroupSpec(column, "categorical")
            year = int(str(latest)[:4])
            ref = f"{year + 1}-01-01"
        else:
            try:
                _dt.date.fromisoformat(ref)
            except ValueError:
                raise ConfigError(
                    f"bias.age_reference_date: '{ref}' is not an ISO date (YYYY-MM-DD)"
                ) from None
        return GroupSpec(column, "date_of_birth", bands, ref)
    return GroupSpec(column, "categorical")


def group_expr(table: ir.Table, spec: GroupSpec) -> ir.StringValue:
    """The group label of every row as an Ibis string; missing values become ``Unknown``."""
    col = table[spec.column]
    if spec.kind == "age":
        return _banded(col.cast("float64"), spec.bands)
    if spec.kind == "date_of_birth":
        dob = col.cast("date") if col.type().is_temporal() else col.try_cast("date")
        ref = _dt.date.fromisoformat(str(spec.reference_date))
        md = dob.month() * 100 + dob.day()
        age = (ibis.literal(ref.year) - dob.year()) - ibis.ifelse(md > ref.month * 100 + ref.day, 1, 0)
        return _banded(age.cast("float64"), spec.bands)
    text = col.cast("string").strip()
    return ibis.ifelse(text.isnull() | (text == ""), ibis.literal(UNKNOWN), text)
