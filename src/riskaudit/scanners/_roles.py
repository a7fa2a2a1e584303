"""Column roles: resolved once, in one pure step, from the config, the profile and the PII scan.

:func:`resolve_roles` is what every scanner that reads ``ctx.roles`` sees (the audit calls it after the PII scan
and before the first scanner that requires ``"roles"``). The config wins; the PII scan fills what the config leaves
empty; column names are the last fallback. This module reads names only, never values.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..config import AuditConfig, ColumnsConfig
from ._registry import ColumnRoles

if TYPE_CHECKING:
    from ..pii import PiiResult

__all__ = [
    "config_roles",
    "initial_roles",
    "name_tokens",
    "resolve_roles",
    "suggest_quasi_identifiers_by_name",
]

_QI_TOKENS = {
    ("zip",),
    ("zipcode",),
    ("zip5",),
    ("zip3",),
    ("postcode",),
    ("postal",),
    ("date", "of", "birth"),
    ("dob",),
    ("birth",),
    ("birthdate",),
    ("birthday",),
    ("birth", "year"),
    ("sex",),
    ("gender",),
    ("age",),
    ("race",),
    ("ethnicity",),
    ("marital",),
    ("nationality",),
    ("native", "country"),
    # German, French, Spanish, Dutch, Italian
    ("plz",),
    ("postleitzahl",),
    ("code", "postal"),
    ("codigo", "postal"),
    ("codice", "postale"),
    ("geburtsdatum",),
    ("geburtsjahr",),
    ("naissance",),
    ("nacimiento",),
    ("geboortedatum",),
    ("nascita",),
    ("geschlecht",),
    ("sexe",),
    ("sexo",),
    ("geslacht",),
    ("sesso",),
    ("alter",),
    ("edad",),
    ("leeftijd",),
    ("familienstand",),
    ("estado", "civil"),
    ("stato", "civile"),
    ("burgerlijke", "staat"),
}


#: longest part of a column name inspected (a 100k-character name costs no more than this)
MAX_NAME_CHARS = 256
# a word boundary inside camel case: aB -> a B, 1B -> 1 B, ABCDef -> ABC Def (lookarounds only: linear; the
# old ``([A-Z]+)([A-Z][a-z])`` backtracked quadratically: 192 s for a 100k-character name)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def name_tokens(name: str) -> list[str]:
    """Word tokens of a column name: ``CCNumber`` -> [cc, number], ``date_of_birth`` -> [date, of, birth],
    ``Código_Postal`` -> [codigo, postal]. Accents are folded, ``ß`` -> ``ss``; only the first ``MAX_NAME_CHARS``
    characters are read, and every regex here is linear."""
    raw = str(name)[:MAX_NAME_CHARS]
    folded = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c)).replace(
        "ß", "ss"
    )
    spaced = _CAMEL.sub(" ", folded)
    return [t for t in re.split(r"[\W_]+", spaced.lower()) if t]


def suggest_quasi_identifiers_by_name(columns: list[str], exclude: set[str]) -> list[str]:
    out = []
    for c in columns:
        if c in exclude:
            continue
        toks = name_tokens(c)
        joined = tuple(toks)
        if (
            any(all(t in toks for t in pat) if len(pat) > 1 else pat[0] in toks for pat in _QI_TOKENS)
            or joined in _QI_TOKENS
        ):
            out.append(c)
    return out


def initial_roles(cfg: AuditConfig) -> ColumnRoles:
    """The roles the config states (before the PII scan and the name hints): see :func:`resolve_roles`."""
    return config_roles(cfg.columns)


def config_roles(cols: ColumnsConfig) -> ColumnRoles:
    qis = list(cols.quasi_identifiers) + [
        c for c, r in cols.roles.items() if r == "quasi_identifier" and c not in cols.quasi_identifiers
    ]
    sens = list(cols.sensitive) + [
        c for c, r in cols.roles.items() if r == "sensitive" and c not in cols.sensitive
    ]
    direct = [c for c, r in cols.roles.items() if r == "direct_identifier"]
    return ColumnRoles(
        quasi_identifiers=qis,
        quasi_identifiers_source="config" if qis else "none",
        sensitive=sens,
        protected=list(cols.protected),
        direct_identifiers=direct,
    )


def resolve_roles(
    columns_cfg: ColumnsConfig, profile: Any, pii: PiiResult | None, *, suggest_qis_by_name: bool = True
) -> ColumnRoles:
    """The column roles of an audit, from the config (``columns``), the data's columns (``profile``: a
    ProfileResult or the list of column names) and the PII scan (None when it did not run). Pure: no I/O.

    - quasi-identifiers: the config's; else the PII scan's suggestion (source ``suggested``); else, with
      ``suggest_qis_by_name`` (the re-identification scan is on), column-name hints; ``none`` when nothing is left;
    - direct identifiers: the config's roles plus the PII scan's;
    - sensitive: the config's; else the PII scan's (free-text columns excluded: they are no attribute);
    - protected: the config's; else the PII scan's suggestion; else column-name hints (record and ignored
      columns and direct identifiers never), with ``protected_source``.
    """
    from ..bias import resolve_protected  # lazily: the bias package imports ibis

    columns = list(profile.columns) if hasattr(profile, "columns") else list(profile or [])
    cols = columns_cfg
    roles = config_roles(cols)
    if pii is not None:
        if not cols.quasi_identifiers and not any(r == "quasi_identifier" for r in cols.roles.values()):
            roles.quasi_identifiers = list(pii.suggested_quasi_identifiers)
            roles.quasi_identifiers_source = "suggested"
        for c in pii.direct_identifiers:
            if c not in roles.direct_identifiers:
                roles.direct_identifiers.append(c)
        if not cols.sensitive:
            for c in pii.sensitive:
                if c not in roles.sensitive and not pii.columns[c].free_text:
                    roles.sensitive.append(c)
        if not cols.protected:
            roles.protected = list(pii.suggested_protected)
    if not roles.quasi_identifiers and suggest_qis_by_name:
        exclude = set(cols.ignore) | cols.record_columns()
        roles.quasi_identifiers = suggest_quasi_identifiers_by_name(columns, exclude)
        roles.quasi_identifiers_source = (
            "suggested" if roles.quasi_identifiers else roles.quasi_identifiers_source
        )
    roles.protected, roles.protected_source = resolve_protected(
        cols, columns, roles.protected, roles.direct_identifiers
    )
    return roles
