"""Column roles from the config, and a name-based fallback for quasi-identifiers.

The PII scanner replaces the fallback with evidence from the values; this module only reads names.
"""

from __future__ import annotations

import re
import unicodedata

from ..config import AuditConfig
from ._registry import ColumnRoles

__all__ = ["initial_roles", "name_tokens", "suggest_quasi_identifiers_by_name"]

_QI_TOKENS = {
    ("zip",), ("zipcode",), ("zip5",), ("zip3",), ("postcode",), ("postal",), ("date", "of", "birth"), ("dob",),
    ("birth",), ("birthdate",), ("birthday",), ("birth", "year"), ("sex",), ("gender",), ("age",), ("race",),
    ("ethnicity",), ("marital",), ("nationality",), ("native", "country"),
    # German, French, Spanish, Dutch, Italian
    ("plz",), ("postleitzahl",), ("code", "postal"), ("codigo", "postal"), ("codice", "postale"),
    ("geburtsdatum",), ("geburtsjahr",), ("naissance",), ("nacimiento",), ("geboortedatum",), ("nascita",),
    ("geschlecht",), ("sexe",), ("sexo",), ("geslacht",), ("sesso",), ("alter",), ("edad",), ("leeftijd",),
    ("familienstand",), ("estado", "civil"), ("stato", "civile"), ("burgerlijke", "staat"),
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
    folded = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c)).replace("ß", "ss")
    spaced = _CAMEL.sub(" ", folded)
    return [t for t in re.split(r"[\W_]+", spaced.lower()) if t]


def suggest_quasi_identifiers_by_name(columns: list[str], exclude: set[str]) -> list[str]:
    out = []
    for c in columns:
        if c in exclude:
            continue
        toks = name_tokens(c)
        joined = tuple(toks)
        if any(
            all(t in toks for t in pat) if len(pat) > 1 else pat[0] in toks for pat in _QI_TOKENS
        ) or joined in _QI_TOKENS:
            out.append(c)
    return out


def initial_roles(cfg: AuditConfig) -> ColumnRoles:
    cols = cfg.columns
    qis = list(cols.quasi_identifiers) + [c for c, r in cols.roles.items() if r == "quasi_identifier" and c not in cols.quasi_identifiers]
    sens = list(cols.sensitive) + [c for c, r in cols.roles.items() if r == "sensitive" and c not in cols.sensitive]
    direct = [c for c, r in cols.roles.items() if r == "direct_identifier"]
    return ColumnRoles(
        quasi_identifiers=qis,
        quasi_identifiers_source="config" if qis else "none",
        sensitive=sens,
        protected=list(cols.protected),
        direct_identifiers=direct,
    )
