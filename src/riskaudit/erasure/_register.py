"""`erasure register`: one ledger entry per erasure request, computed from values normalised on the engine and
streamed to Python for the keyed digests. The ledger holds digests and CLKs only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import ibis.expr.types as ir

from .._keys import value_key
from .._version import __version__
from ..engine import Engine
from ..errors import ColumnError, ConfigError, InputError
from ._clk import clk_bits, encode
from ._keys import ErasureKey, mac
from ._normalize import _basic, date_variants, normalise, role_of
from ._result import ClkParams, Ledger, LedgerEntry

__all__ = ["register_requests", "qi_expressions", "stream_rows", "BATCH_ROWS"]

BATCH_ROWS = 50_000


def check_columns(table: ir.Table, cols: list[str], what: str, option: str) -> None:
    for c in cols:
        if c not in table.columns:
            raise ColumnError(f"{option}: column '{c}' is not in {what}; columns are named in the header")


def qi_expressions(
    table: ir.Table, qi: list[str], id_cols: list[str], roles: list[str]
) -> tuple[list[ir.StringValue], dict[str, str]]:
    """Normalised text of each QI: the column itself when present, else derived (``zipN`` from a zip identifier
    column's first N characters, ``birth_year`` from a date identifier column's year)."""
    exprs: list[ir.StringValue] = []
    derived: dict[str, str] = {}
    for q in qi:
        if q in table.columns:
            exprs.append(_basic(value_key(table[q])))
            continue
        m = re.fullmatch(r"zip([1-4])", q.lower())
        if m:
            src = next((c for c in id_cols if "zip" in c.lower()), None) or next(
                (c for c in table.columns if "zip" in c.lower()), None
            )
            if src is not None:
                exprs.append(_basic(value_key(table[src])).substr(0, int(m.group(1))))
                derived[q] = f"first {m.group(1)} characters of {src}"
                continue
        if q.lower() in ("birth_year", "year_of_birth", "yob"):
            src = next((c for c, r in zip(id_cols, roles, strict=True) if r == "date"), None)
            if src is not None:
                exprs.append(normalise(table[src], "date").substr(0, 4))
                derived[q] = f"year (first 4 characters) of the normalised {src}"
                continue
        raise ColumnError(
            f"--qi: '{q}' is not a column of the requests and cannot be derived (zip1..zip4 from a zip "
            "column, birth_year from a date identifier column); add the column to the requests file"
        )
    return exprs, derived


def stream_rows(engine: Engine, expr: ir.Table) -> Iterator[dict[str, list[Any]]]:
    for batch in engine.iter_batches(expr, BATCH_ROWS):
        yield batch.to_pydict()


def _ids(table: ir.Table, id_cols: list[str], roles: list[str], normalize: bool) -> dict[str, ir.Value]:
    cols: dict[str, ir.Value] = {}
    for i, (c, r) in enumerate(zip(id_cols, roles, strict=True)):
        cols[f"__x{i}"] = table[c].cast("string")
        if normalize:
            cols[f"__n{i}"] = normalise(table[c], r)
    return cols


def register_requests(
    engine: Engine,
    requests: ir.Table,
    id_cols: list[str],
    key: ErasureKey,
    *,
    normalize: bool = True,
    fuzzy: bool = False,
    qi: list[str] | None = None,
    clk: ClkParams | None = None,
) -> Ledger:
    """``requests`` should be the all-text table of the requests file."""
    if not id_cols:
        raise ConfigError(
            "--id-cols: name the identifier columns of the requests (e.g. full_name,date_of_birth,zip5)"
        )
    check_columns(requests, id_cols, "the requests file", "--id-cols")
    roles = [role_of(c) for c in id_cols]
    if fuzzy and not normalize:
        raise ConfigError("--fuzzy needs --normalize (the CLKs encode normalised names)")
    if fuzzy and "name" not in roles:
        raise ConfigError(
            "--fuzzy: no name column among --id-cols (a column whose name contains 'name'); fuzzy matching compares names"
        )
    qi = list(qi or [])
    clk = clk or (ClkParams() if fuzzy else None)
    cols = _ids(requests, id_cols, roles, normalize)
    derived: dict[str, str] = {}
    if qi:
        qexprs, derived = qi_expressions(requests, qi, id_cols, roles)
        cols.update({f"__q{j}": e for j, e in enumerate(qexprs)})
    expr = requests.select(**cols)
    n = len(id_cols)
    m_exact, m_norm, m_block, m_qi = (
        key.macer("exact"),
        key.macer("normalised"),
        key.macer("block"),
        key.macer("qi"),
    )
    h1, h2 = key.macer("clk-1"), key.macer("clk-2")
    name_idx = [i for i, r in enumerate(roles) if r == "name"]
    other_idx = [i for i, r in enumerate(roles) if r != "name"]
    other_roles = [roles[i] for i in other_idx]
    entries: list[LedgerEntry] = []
    for b in stream_rows(engine, expr):
        for r in range(len(b["__x0"])):
            raw = [b[f"__x{i}"][r] for i in range(n)]
            if all(v is None or not str(v).strip() for v in raw):
                raise InputError(
                    f"requests row {len(entries) + 1}: every identifier column ({', '.join(id_cols)}) is empty; "
                    "fix or remove the row (it would match every release row with empty identifiers)"
                )
            e: dict[str, Any] = {"exact": mac(m_exact, raw), "normalised": []}
            if normalize:
                norm = [b[f"__n{i}"][r] for i in range(n)]
                e["normalised"] = list(dict.fromkeys(mac(m_norm, v) for v in date_variants(norm, roles)))
                if fuzzy and clk is not None:
                    rest = [norm[i] for i in other_idx]
                    e["block"] = list(
                        dict.fromkeys(mac(m_block, v) for v in date_variants(rest, other_roles))
                    )
                    e["clk"] = encode(
                        clk_bits([norm[i] for i in name_idx], h1, h2, clk.bits, clk.k, clk.ngram), clk.bits
                    )
            if qi:
                e["qi"] = mac(m_qi, [b[f"__q{j}"][r] for j in range(len(qi))])
            entry = LedgerEntry(sha256="", **e)
            entry.sha256 = entry.digest()
            entries.append(entry)
    if not entries:
        raise ConfigError("the requests file has no rows; nothing to register")
    return Ledger(
        tool_version=__version__,
        key_id=key.key_id,
        id_roles=roles,
        id_columns=list(id_cols),  # type: ignore[arg-type]
        normalize=normalize,
        fuzzy=fuzzy,
        clk=clk,
        qi=qi,
        qi_derived=derived,
        requests=len(entries),
        entries=entries,
        entries_sha256=Ledger.entries_digest(entries),
    )
