"""`mark` and `detect`: orchestration over the engine (pure expressions in the sibling modules)."""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ..config import AuditConfig, load_config
from ..dataset import open_dataset
from ..engine import Engine, connect, sha256_file
from ..errors import ColumnError, ConfigError, SignatureError
from ..scanners._roles import suggest_quasi_identifiers_by_name
from ._keyed import ident_norm_expr, keyed_expr, master_secret, message_expr, recipient_secret
from ._receipt import Receipt, build_receipt, key_check, read_receipt, sign_receipt
from ._result import (
    DetectResult,
    MarkParameters,
    MarkResult,
    ReceiptDetection,
    TrapDigest,
    TrapEvidence,
    WatermarkEvidence,
    WatermarkSpec,
)
from ._stats import threshold, upper_tail
from ._traps import guess_identifiers, make_traps, positions, sample_pool, trap_digest
from ._watermark import bits_table, mark_table, select

__all__ = [
    "mark_dataset",
    "detect_marks",
    "watermark_evidence",
    "watermark_counts",
    "evidence_of",
    "trap_evidence",
    "default_traps",
]

POS, TIE = "__rm_pos", "__rm_tie"


def default_traps(rows: int) -> int:
    """About 0.1 % of the rows, at least 20."""
    return max(20, math.ceil(rows * 0.001))


def _need(columns: list[str], wanted: list[str], option: str) -> None:
    for c in wanted:
        if c not in columns:
            near = difflib.get_close_matches(c, columns, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            raise ColumnError(f"{option}: column '{c}' not in the data{hint}")


def _write(engine: Engine, expr: ir.Table, out: Path) -> None:
    """Stream ``expr`` to a temporary file beside ``out`` on the engine, then rename it (never a partial copy)."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ConfigError(f"--out {out}: write the marked copy as .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=suffix, dir=out.parent)
    os.close(fd)
    try:
        if suffix == ".csv":
            engine.write_csv(expr, tmp)
        else:
            engine.backend.to_parquet(expr, tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def check_license(
    terms: Any, where: str, recipient: str, specs: list[WatermarkSpec], traps: int | None
) -> None:
    """The marks must stay inside what the license accepts: its recipient, its tolerated distortion, traps allowed."""
    m = terms.marking
    if m is None:
        raise ConfigError(
            f"{where}: the license declares no 'marking' (recipient_id, tolerated_distortion); add it before marking a copy"
        )
    if m.recipient_id is not None and m.recipient_id != recipient:
        raise ConfigError(
            f"{where}: marking.recipient_id is '{m.recipient_id}', not --recipient '{recipient}'"
        )
    for s in specs:
        tol = m.tolerance(s.column)
        if tol is None:
            raise ConfigError(
                f"{where}: marking.tolerated_distortion lists no '{s.column}'; the license does not accept changes to it"
            )
        if s.max_change > tol + 1e-12:
            raise ConfigError(
                f"{where}: --watermark {s.label()} changes a value by up to {s.max_change:g}, more than the "
                f"tolerated {tol:g} for '{s.column}'; keep more decimals or a narrower width"
            )
    if not m.trap_records and traps != 0:
        raise ConfigError(f"{where}: marking.trap_records is false; pass --traps 0")


def mark_dataset(
    data: str | Path,
    key: Ed25519PrivateKey,
    recipient: str,
    out: Path,
    *,
    traps: int | None = None,
    watermark: list[WatermarkSpec] | None = None,
    key_columns: list[str] | None = None,
    gamma: int = 10,
    quasi_identifiers: list[str] | None = None,
    identifiers: list[str] | None = None,
    config: AuditConfig | None = None,
) -> tuple[MarkResult, dict[str, Any]]:
    """Write a marked copy of ``data`` for ``recipient`` to ``out``; return the result and the signed receipt."""
    if not recipient.strip():
        raise ConfigError("--recipient: give the recipient's id (e.g. ACME)")
    if gamma < 1:
        raise ConfigError(f"--gamma {gamma}: use 1 or more (about 1 row in gamma is marked)")
    specs = list(watermark or [])
    cfg = config or load_config(None)
    engine = connect(cfg.engine, source=str(data))
    try:
        ds = open_dataset(data, cfg.dataset, engine)
        cols = ds.columns
        wm_cols = [s.column for s in specs]
        _need(cols, wm_cols, "--watermark")
        keys = list(key_columns) if key_columns else [c for c in cols if c not in wm_cols]
        _need(cols, keys, "--key-columns")
        clash = sorted(set(keys) & set(wm_cols))
        if clash:
            raise ConfigError(
                f"--key-columns: '{clash[0]}' is also watermarked; the key must be built from columns the mark leaves alone"
            )
        if not keys:
            raise ConfigError("--key-columns: no column left to build the virtual primary key from; name one")
        qis = (
            list(quasi_identifiers)
            if quasi_identifiers is not None
            else (
                list(cfg.columns.quasi_identifiers) or suggest_quasi_identifiers_by_name(cols, set(wm_cols))
            )
        )
        _need(cols, qis, "--qi")
        k = recipient_secret(master_secret(key), recipient)
        text = ds.text_table
        n_traps = default_traps(ds.rows) if traps is None else int(traps)
        if n_traps < 0:
            raise ConfigError(f"--traps {n_traps}: use 0 or more")
        digests: list[TrapDigest] = []
        ids: list[str] = []
        group = 1
        base = engine.with_row_number(text, POS)
        base = base.mutate(**{POS: (base[POS] * 2).cast("int64"), TIE: ibis.literal(0, "int64")})
        union, plain, mem = base, text, None
        t = None
        if n_traps:
            if qis:
                kmin = engine.execute(text.group_by(qis).agg(__n=ibis._.count()).__n.min())
                group = max(1, int(kmin))
            if identifiers is not None:
                _need(cols, list(identifiers), "--identifiers")
                ids = list(identifiers)
            else:
                pool = sample_pool(engine, text, ds.rows, 2000, 7)
                ids = guess_identifiers(
                    pool.astype(object).where(pool.notna(), None), set(qis) | set(wm_cols)
                )
            if not qis and not ids:
                raise ConfigError(
                    "--traps: no quasi-identifier or identifier column to make fictitious (a trap would copy "
                    "a real row); pass --qi or --identifiers, or --traps 0"
                )
            t = make_traps(engine, text, ds.rows, k, n_traps, qis, ids, group)
            group = t.group_size
            frame = t.frame.copy()
            frame[POS] = [2 * p + 1 for p in positions(k, len(frame), ds.rows)]
            frame[TIE] = list(range(1, len(frame) + 1))
            schema = {c: "string" for c in cols} | {POS: "int64", TIE: "int64"}
            mem = ibis.memtable(frame[[*cols, POS, TIE]], schema=schema)
            union = base.union(mem.select(*base.columns))
            plain = text.union(mem.select(*cols))

        def marked(tab: ir.Table) -> tuple[ir.Table, dict[str, ir.Value], list[ir.Value], ir.Value]:
            tab, sel = select(tab, k, keys, gamma, len(specs))
            tab = mark_table(tab, specs, sel)
            exprs: dict[str, ir.Value] = {}
            hits = []
            for j, spec in enumerate(specs):
                hit = tab[f"__rm_hit{j}"]
                hits.append(hit)
                exprs[spec.column] = ibis.ifelse(hit, tab[f"__rm_new{j}"], tab[spec.column])
            return tab, exprs, hits, sel.f

        # counts and the commitment: one pass, no row order needed
        st, st_exprs, hits, f = marked(plain)
        stats: dict[str, ir.Value] = {"n": st.count()}
        marked_any = ibis.literal(False)
        for j, spec in enumerate(specs):
            stats[f"m{j}"] = hits[j].cast("int64").sum()
            stats[f"c{j}"] = (hits[j] & (st_exprs[spec.column] != st[spec.column])).cast("int64").sum()
            marked_any = marked_any | hits[j]
        stats["commit"] = f.group_concat(",", where=marked_any, order_by=f)
        row = engine.execute(st.aggregate(**stats)).iloc[0]
        if t is not None and mem is not None:
            # trap rows carry marks like any row: the receipt hashes them as written
            mt, m_exprs, _, _ = marked(mem)
            rows_t = engine.execute(mt.order_by(TIE).select(*[m_exprs.get(c, mt[c]).name(c) for c in cols]))
            rows_t = rows_t.astype(object).where(rows_t.notna(), None)
            digests = [
                trap_digest(k, r, cols, qis, [c for c in ids if (i, c) not in t.not_fictitious], t.id_space)
                for i, r in enumerate(rows_t.to_dict("records"))
            ]
        ut, u_exprs, _, _ = marked(union)
        out_expr = ut.order_by([POS, TIE]).select(*[u_exprs.get(c, ut[c]).name(c) for c in cols])
        _write(engine, out_expr, out)
        commit = row["commit"] if isinstance(row["commit"], str) else ""
        result = MarkResult(
            recipient=recipient,
            source_sha256=ds.sha256,
            source_rows=ds.rows,
            out_path=out.as_posix(),
            out_sha256=sha256_file(out),
            out_rows=int(row["n"]),
            parameters=MarkParameters(
                gamma=gamma,
                watermark=specs,
                key_columns=keys,
                columns=cols,
                quasi_identifiers=qis,
                identifiers=ids,
                traps=len(digests),
                trap_group_size=group,
            ),
            marks={s.column: int(row[f"m{j}"] or 0) for j, s in enumerate(specs)},
            changed={s.column: int(row[f"c{j}"] or 0) for j, s in enumerate(specs)},
            marks_digest=hashlib.sha256(commit.encode()).hexdigest(),
            traps=digests,
        )
    finally:
        engine.close()
    envelope = sign_receipt(build_receipt(result, k, out.name), key)
    return result, envelope


# ---------------------------------------------------------------- detection


def watermark_counts(
    table: ir.Table, k: str | ir.StringValue, params: MarkParameters, by: list[str] | None = None
) -> ir.Table | None:
    """Per watermark column ``__j`` (and ``by``): ``n`` marks re-selected (distinct virtual keys with a readable
    value) and ``m`` of them whose bit matches (a key repeated in the suspect matches only if all its rows do)."""
    cols = set(table.columns)
    specs = params.watermark
    if not specs or [c for c in params.key_columns if c not in cols]:
        return None
    by = list(by or [])
    table, sel = select(table, k, params.key_columns, params.gamma, len(specs))
    table = bits_table(table, specs, [s.column in cols for s in specs])
    parts = []
    for j, spec in enumerate(specs):
        if spec.column not in cols:
            continue
        b = table[f"__rm_bit{j}"]
        cond = sel.selected & (sel.attribute == j) & b.notnull()
        parts.append(
            table.filter(cond).select(
                *by, __f=sel.f, __j=ibis.literal(j, "int64"), __m=(b == sel.bit).cast("int64")
            )
        )
    if not parts:
        return None
    u = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    per_key = u.group_by([*by, "__f", "__j"]).agg(__m=u.__m.min())
    return per_key.group_by([*by, "__j"]).agg(n=per_key.count(), m=per_key.__m.sum())


def watermark_evidence(
    engine: Engine, table: ir.Table, k: str, params: MarkParameters, alpha: float
) -> WatermarkEvidence:
    cols = set(table.columns)
    specs = params.watermark
    missing = [c for c in params.key_columns if c not in cols] + [
        s.column for s in specs if s.column not in cols
    ]
    per: dict[str, list[int]] = {s.column: [0, 0] for s in specs}
    expr = watermark_counts(table, k, params)
    if expr is not None:
        for _, r in engine.execute(expr).iterrows():
            per[specs[int(r["__j"])].column] = [int(r["n"]), int(r["m"])]
    return evidence_of(per, missing, alpha)


def evidence_of(per: dict[str, list[int]], missing: list[str], alpha: float) -> WatermarkEvidence:
    n = sum(v[0] for v in per.values())
    m = sum(v[1] for v in per.values())
    return WatermarkEvidence(
        marks=n,
        matches=m,
        p_value=upper_tail(m, n) if n else None,
        threshold=threshold(n, alpha) if n else None,
        per_column=per,
        missing_columns=missing,
    )


def trap_evidence(
    engine: Engine,
    table: ir.Table,
    k: str,
    params: MarkParameters,
    traps: list[TrapDigest],
    rows: int,
    alpha: float,
) -> TrapEvidence:
    """One semi-join: the keyed hashes of the suspect's rows, QI combinations and identifier values against
    the receipt's trap hashes."""
    cols = set(table.columns)
    if not traps:
        return TrapEvidence(traps=0, exact=0, fuzzy=0, qi=0)
    hashes: list[ir.Table] = []
    if all(c in cols for c in params.columns):
        hashes.append(table.select(__h=keyed_expr(k, message_expr(table, sorted(params.columns)))))
    if params.quasi_identifiers and all(c in cols for c in params.quasi_identifiers):
        hashes.append(table.select(__h=keyed_expr(k, message_expr(table, sorted(params.quasi_identifiers)))))
    for c in params.identifiers:
        targets = [c] if c in cols else list(table.columns)  # a renamed column: look everywhere
        for tc in targets:
            hashes.append(
                table.select(__h=keyed_expr(k, ibis.literal("id\x1f").concat(ident_norm_expr(table[tc]))))
            )
    wanted = sorted(
        {t.row for t in traps} | {t.qi for t in traps if t.qi} | {v for t in traps for v in t.ids.values()}
    )
    found: set[str] = set()
    if hashes and wanted:
        present = hashes[0].union(*hashes[1:]) if len(hashes) > 1 else hashes[0]
        cand = ibis.memtable(pd.DataFrame({"__h": wanted}), schema={"__h": "string"})
        got = engine.execute(cand.semi_join(present, "__h"))
        found = set(got["__h"]) if len(got) else set()
    n_exact = sum(1 for t in traps if t.row in found)
    id_hit = [any(v in found for v in t.ids.values()) for t in traps]
    n_fuzzy = sum(1 for t, hit in zip(traps, id_hit, strict=True) if t.row in found or hit)
    n_qi = sum(1 for t in traps if t.qi and t.qi in found)
    p = thr = None
    spaces = [t.id_space for t in traps if t.id_space]
    if spaces and len(spaces) == len(traps):
        # a trap's fictitious identifier occurs in unrelated data with probability at most rows / space
        q = min(1.0, rows / min(spaces))
        p = upper_tail(sum(id_hit), len(traps), q) if q < 1 else 1.0
        thr = threshold(len(traps), alpha, q) if q < 1 else None
    return TrapEvidence(traps=len(traps), exact=n_exact, fuzzy=n_fuzzy, qi=n_qi, p_value=p, threshold=thr)


def judge(
    recipient: str, receipt: str, wm: WatermarkEvidence, tr: TrapEvidence, alpha: float
) -> ReceiptDetection:
    reasons = []
    wm_hit = wm.p_value is not None and wm.p_value < alpha
    tr_hit = tr.p_value is not None and tr.p_value < alpha
    if wm.marks:
        reasons.append(
            f"watermark {wm.matches}/{wm.marks} (threshold {wm.threshold if wm.threshold is not None else 'unreachable'})"
        )
    elif wm.missing_columns:
        reasons.append("watermark not tested: missing column(s)")
    if tr.traps:
        reasons.append(f"traps {tr.fuzzy}/{tr.traps} found ({tr.exact} whole)")
    return ReceiptDetection(
        recipient=recipient,
        receipt=receipt,
        watermark=wm,
        traps=tr,
        alpha=alpha,
        detected=bool(wm_hit or tr_hit),
        reason="; ".join(reasons) or "no marks to test",
    )


def detect_marks(
    suspect: str | Path,
    key: Ed25519PrivateKey,
    receipts: list[Path],
    *,
    alpha: float = 1e-6,
    config: AuditConfig | None = None,
) -> DetectResult:
    if not (0 < alpha < 1):
        raise ConfigError(f"--alpha {alpha}: give a probability between 0 and 1 (e.g. 1e-6)")
    if not receipts:
        raise ConfigError("--receipt: give at least one receipt written by `riskaudit mark`")
    pub = key.public_key()
    master = master_secret(key)
    loaded: list[tuple[Receipt, str]] = []
    for path in receipts:
        try:
            rec, _ = read_receipt(Path(path), {"--key": pub})
        except SignatureError as exc:  # a usage error here (exit 2), not a detection (exit 1)
            raise ConfigError(
                f"{exc.message.removeprefix('verification failed: ')}; pass the receipt of a copy marked with this --key"
            ) from None
        k = recipient_secret(master, rec.recipient)
        if key_check(k) != rec.key_check:
            raise ConfigError(
                f"{path}: the receipt was not made with this --key; use the key that marked the copy"
            )
        loaded.append((rec, k))
    cfg = config or load_config(None)
    engine = connect(cfg.engine, source=str(suspect))
    try:
        ds = open_dataset(suspect, cfg.dataset, engine)
        out = []
        for rec, k in loaded:
            wm = watermark_evidence(engine, ds.text_table, k, rec.parameters, alpha)
            tr = trap_evidence(engine, ds.text_table, k, rec.parameters, rec.traps, ds.rows, alpha)
            out.append(judge(rec.recipient, Path(rec.path).as_posix(), wm, tr, alpha))
    finally:
        engine.close()
    hits = sorted({r.recipient for r in out if r.detected})
    return DetectResult(
        suspect=ds.path,
        suspect_sha256=ds.sha256,
        rows=ds.rows,
        alpha=alpha,
        receipts=out,
        detected=bool(hits),
        recipients=hits,
    )


def receipt_json(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, indent=2, sort_keys=True) + "\n"
