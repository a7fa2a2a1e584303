"""`erasure verify`: find a ledger's requests in a release.

Normalisation runs on the engine; each release row's identifier text is streamed in Arrow batches and its
keyed digests are computed in Python and semi-joined against the ledger's (held in memory: one set per stage,
the size of the ledger, not of the release). Stages, per request (the first that finds it counts):
exact (identifiers as read) -> normalised (with the date variants) -> fuzzy (CLK Dice >= threshold, only on
release rows whose blocking key, the digest of the normalised non-name fields, equals a request's).
For a release without the identifier columns, ``qi`` counts requests whose QI tuple is still unique in the
release ("possibly present"): the release is grouped by its QI on the engine (QI text compared by the
value-equality rule of the linkage attacks, ``riskaudit._keys.value_key``) and the group digests streamed.
"""

from __future__ import annotations

from typing import Any

import ibis.expr.types as ir

from .._keys import value_key
from ..engine import Engine
from ..errors import ConfigError
from ._clk import clk_bits, decode, dice
from ._keys import ErasureKey, mac
from ._normalize import _basic, normalise
from ._register import check_columns, stream_rows
from ._result import ErasureResult, Ledger, ResidualRow, StageCounts

__all__ = ["verify_release"]

_STAGES = ("exact", "normalised", "fuzzy")


def verify_release(
    engine: Engine,
    release: ir.Table,
    ledger: Ledger,
    key: ErasureKey,
    *,
    release_name: str,
    release_sha256: str,
    rows: int,
    ledger_sha256: str,
    id_cols: list[str] | None = None,
    fuzzy: bool = False,
    threshold: float = 0.8,
    qi: list[str] | None = None,
) -> ErasureResult:
    """``release`` should be the all-text table of the release (file order)."""
    id_cols = list(id_cols or [])
    qi = list(qi or [])
    if not id_cols and not qi:
        raise ConfigError(
            "erasure verify: give --id-cols (identifier matching) and/or --qi (de-identified release)"
        )
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"--threshold {threshold}: a Dice coefficient in (0, 1]")
    res = ErasureResult(
        release=release_name,
        release_sha256=release_sha256,
        rows=rows,
        ledger_sha256=ledger_sha256,
        requests=ledger.requests,
        key_matches_ledger=key.key_id == ledger.key_id,
        id_columns=id_cols,
        direct_measured=False,
        qi=qi,
    )
    if not res.key_matches_ledger:
        res.notes.append(
            "the key is not the one the ledger was made with (key id differs): no request can be found"
        )
    if id_cols:
        _direct(engine, release, ledger, key, id_cols, fuzzy, threshold, res)
    if qi:
        _possibly_present(engine, release, ledger, key, qi, res)
    return res


def _direct(
    engine: Engine,
    release: ir.Table,
    ledger: Ledger,
    key: ErasureKey,
    id_cols: list[str],
    fuzzy: bool,
    threshold: float,
    res: ErasureResult,
) -> None:
    if len(id_cols) != len(ledger.id_roles):
        raise ConfigError(
            f"--id-cols: {len(id_cols)} column(s) given but the ledger was registered with {len(ledger.id_roles)} "
            f"({', '.join(ledger.id_columns)}); name the release's matching columns in the same order"
        )
    check_columns(release, id_cols, "the release", "--id-cols")
    if fuzzy and not (ledger.fuzzy and ledger.clk):
        raise ConfigError("--fuzzy: the ledger holds no CLKs; register the requests with --fuzzy")
    roles = list(ledger.id_roles)
    n = len(id_cols)
    exact_of: dict[str, list[int]] = {}
    norm_of: dict[str, list[int]] = {}
    block_of: dict[str, list[int]] = {}
    for i, e in enumerate(ledger.entries):
        exact_of.setdefault(e.exact, []).append(i)
        for h in e.normalised:
            norm_of.setdefault(h, []).append(i)
        if fuzzy:
            for h in e.block:
                block_of.setdefault(h, []).append(i)
    clks = [decode(e.clk) if e.clk else 0 for e in ledger.entries] if fuzzy else []
    cols: dict[str, Any] = {}
    t = engine.with_row_number(release, "__erasure_row")
    cols["__row"] = t["__erasure_row"]
    for i, (c, r) in enumerate(zip(id_cols, roles, strict=True)):
        cols[f"__x{i}"] = t[c].cast("string")
        if ledger.normalize:
            cols[f"__n{i}"] = normalise(t[c], r)
    expr = t.select(**cols).order_by("__row")
    m_exact, m_norm, m_block = key.macer("exact"), key.macer("normalised"), key.macer("block")
    h1, h2 = key.macer("clk-1"), key.macer("clk-2")
    name_idx = [i for i, r in enumerate(roles) if r == "name"]
    other_idx = [i for i, r in enumerate(roles) if r != "name"]
    best: dict[int, int] = {}  # request index -> best stage index
    residual: list[ResidualRow] = []
    candidates = 0
    for b in stream_rows(engine, expr):
        for r in range(len(b["__row"])):
            row_stage: int | None = None
            hits: list[tuple[int, int]] = []
            raw = [b[f"__x{i}"][r] for i in range(n)]
            for q in exact_of.get(mac(m_exact, raw), ()):
                hits.append((q, 0))
            if ledger.normalize:
                norm = [b[f"__n{i}"][r] for i in range(n)]
                for q in norm_of.get(mac(m_norm, norm), ()):
                    hits.append((q, 1))
                if fuzzy and ledger.clk is not None:
                    block = block_of.get(mac(m_block, [norm[i] for i in other_idx]))
                    if block:
                        candidates += 1
                        c = clk_bits(
                            [norm[i] for i in name_idx],
                            h1,
                            h2,
                            ledger.clk.bits,
                            ledger.clk.k,
                            ledger.clk.ngram,
                        )
                        for q in block:
                            if dice(c, clks[q]) >= threshold:
                                hits.append((q, 2))
            for q, s in hits:
                best[q] = min(best.get(q, s), s)
                row_stage = s if row_stage is None else min(row_stage, s)
            if row_stage is not None:
                residual.append(ResidualRow(row=int(b["__row"][r]), stage=_STAGES[row_stage]))  # type: ignore[arg-type]
    counts = [sum(1 for s in best.values() if s == k) for k in range(3)]
    res.direct_measured = True
    res.stages = StageCounts(
        exact=counts[0],
        normalised=counts[1],
        fuzzy=counts[2] if fuzzy else None,
        not_found=ledger.requests - len(best),
    )
    res.found = len(best)
    res.threshold = threshold if fuzzy else None
    res.fuzzy_candidates = candidates if fuzzy else None
    res.residual_rows = residual
    if not ledger.normalize:
        res.notes.append("the ledger was registered without --normalize: only the exact stage ran")


def _possibly_present(
    engine: Engine, release: ir.Table, ledger: Ledger, key: ErasureKey, qi: list[str], res: ErasureResult
) -> None:
    if not ledger.qi:
        raise ConfigError(
            "--qi: the ledger holds no QI digests; register the requests with --qi naming the release's QI columns"
        )
    if [q.lower() for q in qi] != [q.lower() for q in ledger.qi]:
        raise ConfigError(
            f"--qi {','.join(qi)}: the ledger was registered with --qi {','.join(ledger.qi)}; use the same columns in the same order"
        )
    check_columns(release, qi, "the release", "--qi")
    want: dict[str, int] = {}
    for e in ledger.entries:
        if e.qi is not None:
            want[e.qi] = want.get(e.qi, 0) + 1
    keys = {f"__q{j}": _basic(value_key(release[q])) for j, q in enumerate(qi)}
    sel = release.select(**keys)
    g = sel.group_by(list(keys)).aggregate(__n=sel.count()).order_by(list(keys))
    m_qi = key.macer("qi")
    present = unique = 0
    for b in stream_rows(engine, g):
        for r in range(len(b["__n"])):
            h = mac(m_qi, [b[f"__q{j}"][r] for j in range(len(qi))])
            k = want.get(h)
            if k:
                present += k
                if int(b["__n"][r]) == 1:
                    unique += k
    res.qi_present = present
    res.possibly_present = unique
