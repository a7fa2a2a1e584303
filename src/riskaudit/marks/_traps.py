"""Trap records: fictitious rows, a few per recipient, generated deterministically from the recipient's key.

QI values come from the data's own joint structure (a chain of conditional draws over a keyed sample of rows:
the first QI from its marginal, each next one from the rows that share the previous QI's value), and a
combination is kept only when it does not occur in the real data (checked on the engine, over every row).
To keep k (a fictitious combination alone would be a class of size 1), traps come in groups of k_original
rows sharing one fictitious combination. Every other column is copied from a donor row of the sample that
agrees with the trap on the longest prefix of its QIs (the conditional empirical distribution). Identifier
columns get fictitious values: names from Faker's offline lists (seeded), e-mail addresses built from them,
and any other identifier (ids, phone numbers, SSNs) re-drawn character by character in the shape of the
column's values (a digit for a digit, a letter for a letter, positions that never vary kept), absent from the
data. The receipt keeps only keyed hashes of trap rows, QI combinations and identifier values.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import pandas as pd

from ..engine import Engine
from ..pii._roles import name_hint
from ._keyed import SEP, ident_norm, keyed, message, norm_expr
from ._result import TrapDigest

__all__ = ["IDENTIFIER_ENTITIES", "guess_identifiers", "make_traps", "trap_digest", "Traps"]

IDENTIFIER_ENTITIES = frozenset(
    {
        "US_SSN",
        "US_ITIN",
        "EMAIL_ADDRESS",
        "FAX_NUMBER",
        "PHONE_NUMBER",
        "MEDICAL_RECORD_NUMBER",
        "HEALTH_PLAN_ID",
        "US_MBI",
        "US_NPI",
        "CREDIT_CARD",
        "IBAN_CODE",
        "US_BANK_NUMBER",
        "IP_ADDRESS",
        "UUID",
        "US_PASSPORT",
        "US_DRIVER_LICENSE",
        "NATIONAL_ID",
        "VEHICLE_ID",
        "DEVICE_ID",
        "USERNAME",
        "PERSON",
        "STREET_ADDRESS",
        "RECORD_ID",
    }
)
POOL_ROWS = 20_000


@dataclass
class Traps:
    frame: pd.DataFrame  # all text, the data's columns
    digests: list[TrapDigest]
    group_size: int
    id_space: float | None
    not_fictitious: set[tuple[int, str]]


def _seed(k: str, what: str) -> int:
    return int(keyed(k, "trap-seed\x1f" + what)[:16], 16)


def guess_identifiers(pool: pd.DataFrame, exclude: set[str]) -> list[str]:
    """Identifier columns: a name that suggests one, or text values nearly all distinct in the sample."""
    out = []
    for c in pool.columns:
        if c in exclude:
            continue
        hint = name_hint(c)
        vals = pool[c].dropna()
        if hint in IDENTIFIER_ENTITIES and len(vals):
            out.append(c)
            continue
        if len(vals) >= 50 and vals.nunique() >= 0.95 * len(vals):
            numeric = (
                pd.to_numeric(vals, errors="coerce").notna().mean() > 0.5
                and not vals.str.match(r"^0\d").any()
            )
            if not numeric:
                out.append(c)
    return out


class _Shape:
    """Characters of an identifier column by position: kept when they never vary, else re-drawn by class."""

    def __init__(self, values: list[str]) -> None:
        by_len: dict[int, list[str]] = defaultdict(list)
        for v in values:
            by_len[len(v)].append(v)
        self.length = max(by_len, key=lambda n: (len(by_len[n]), n)) if by_len else 8
        same = by_len.get(self.length) or ["X" * self.length]
        self.fixed = [len({v[i] for v in same}) == 1 for i in range(self.length)]
        self.template = same[0]

    def draw(self, rng: random.Random, donor: str) -> str:
        out = []
        src = donor if len(donor) == self.length else self.template
        for i, ch in enumerate(src):
            if self.fixed[i] if i < len(self.fixed) else False:
                out.append(ch)
            elif ch.isdigit():
                out.append(str(rng.randrange(10)))
            elif ch.isalpha() and ch.isascii():
                c = chr(rng.randrange(26) + 97)
                out.append(c.upper() if ch.isupper() else c)
            else:
                out.append(ch)
        return "".join(out)

    def widen(self, min_space: float) -> None:
        """Free fixed digit/letter positions (leftmost first) until the shape has ``min_space`` values: with
        dense ids (every P000xxxxxx in use) a fictitious one needs positions the real ones never vary."""
        for i, ch in enumerate(self.template):
            if self.space() >= min_space:
                return
            if self.fixed[i] and (ch.isdigit() or (ch.isalpha() and ch.isascii())) and i > 0:
                self.fixed[i] = False

    def space(self) -> float:
        s = 1.0
        for i, ch in enumerate(self.template):
            if not self.fixed[i]:
                s *= 10 if ch.isdigit() else 26 if ch.isalpha() else 1
        return s


def _faker(seed: int):  # type: ignore[no-untyped-def]
    import faker

    f = faker.Faker("en_US")
    f.seed_instance(seed)
    return f


def _name_space() -> float:
    from faker.providers.person.en_US import Provider

    return float(len(Provider.first_names) * len(Provider.last_names))


def _absent(engine: Engine, table: ir.Table, k: str, columns: list[str], messages: list[str]) -> set[str]:
    """The messages (values over ``columns`` joined by SEP, normalised) that no row of ``table`` has: one
    semi-join on the engine, on the normalised values themselves (no hashing of the data's rows)."""
    if not messages:
        return set()
    parts = {m: m.split(SEP) for m in set(messages)}
    cand = ibis.memtable(
        pd.DataFrame({f"__c{i}": [parts[m][i] for m in sorted(parts)] for i in range(len(columns))}),
        schema={f"__c{i}": "string" for i in range(len(columns))},
    )
    normed = table.select(**{f"__c{i}": norm_expr(table[c]) for i, c in enumerate(columns)})
    found = engine.execute(cand.semi_join(normed, [f"__c{i}" for i in range(len(columns))]))
    seen = {SEP.join(str(v) for v in row) for row in found.itertuples(index=False)} if len(found) else set()
    return {m for m in parts if m not in seen}


def sample_pool(engine: Engine, table: ir.Table, rows: int, n: int, seed: int) -> pd.DataFrame:
    """A systematic sample of about ``n`` rows (every step-th row from a keyed offset): deterministic, one scan."""
    if rows <= n:
        return engine.execute(table)
    step = rows // n
    t = engine.with_row_number(table, "__rm_row")
    picked = t.filter((t["__rm_row"] % step) == (seed % step)).order_by("__rm_row").limit(n).drop("__rm_row")
    return engine.execute(picked)


def trap_digest(
    k: str,
    row: dict[str, str | None],
    columns: list[str],
    qis: list[str],
    ids: list[str],
    id_space: float | None,
) -> TrapDigest:
    cols = sorted(columns)
    row_h = keyed(k, message([row.get(c) for c in cols]))
    qi_h = keyed(k, message([row.get(c) for c in sorted(qis)])) if qis else None
    id_h = {}
    for c in ids:
        n = ident_norm(row.get(c))
        if n:
            id_h[c] = keyed(k, "id\x1f" + n)
    return TrapDigest(row=row_h, qi=qi_h, ids=id_h, id_space=id_space)


def make_traps(
    engine: Engine,
    table: ir.Table,
    rows: int,
    k: str,
    n: int,
    qis: list[str],
    ids: list[str],
    group_size: int,
) -> Traps:
    columns = list(table.columns)
    pool = sample_pool(engine, table, rows, POOL_ROWS, _seed(k, "pool") % (2**31))
    pool = pool.astype(object).where(pool.notna(), None)
    records = pool.to_dict("records")
    rng = random.Random(_seed(k, "rng"))
    g = max(1, min(group_size, n))
    combos_needed = max(1, math.ceil(n / g))
    # 1. fictitious QI combinations from a chain of conditional draws, kept only when absent from the data
    combos: list[tuple[str | None, ...]] = []
    if qis:
        by_value: dict[tuple[str, object], list[dict]] = defaultdict(list)
        for r in records:
            for q in qis:
                by_value[(q, r[q])].append(r)
        tried: set[tuple] = set()
        for _round in range(20):
            cands = []
            for _ in range(combos_needed * 8):
                r = rng.choice(records)
                vals = [r[qis[0]]]
                for i in range(1, len(qis)):
                    peers = by_value[(qis[i - 1], vals[-1])] if rng.random() < 0.5 else records
                    vals.append(rng.choice(peers)[qis[i]])
                t = tuple(vals)
                if t not in tried:
                    tried.add(t)
                    cands.append(t)
            msgs = {message(list(t)): t for t in cands}
            absent = _absent(engine, table, k, qis, list(msgs))
            combos += [msgs[m] for m in msgs if m in absent and msgs[m] not in combos]
            if len(combos) >= combos_needed:
                break
        combos = combos[:combos_needed]
    else:
        combos = [()] * combos_needed
    # 2. rows: donor for the other columns, fictitious identifiers
    shapes = {c: _Shape([str(v) for v in pool[c].dropna()]) for c in ids}
    for sh in shapes.values():
        sh.widen(1000.0 * max(rows, 1))
    fk = _faker(_seed(k, "faker") % (2**31))
    space_inv = 0.0
    for c in ids:
        hint = name_hint(c)
        space = (
            _name_space()
            if hint == "PERSON"
            else _name_space() * 100
            if hint == "EMAIL_ADDRESS"
            else shapes[c].space()
        )
        space_inv += 1.0 / max(space, 1.0)
    id_space = (1.0 / space_inv) if ids else None
    out: list[dict[str, str | None]] = []
    prefix: dict[tuple, list[dict]] = defaultdict(list)
    for r in records:
        for depth in range(1, len(qis) + 1):
            prefix[tuple(r[q] for q in qis[:depth])].append(r)
    for combo in combos:
        for _ in range(g):
            donors = records
            for depth in range(len(qis), 0, -1):
                pref = prefix.get(tuple(combo[:depth]))
                if pref:
                    donors = pref
                    break
            row = dict(rng.choice(donors))
            for i, q in enumerate(qis):
                row[q] = combo[i]
            first, last = fk.first_name(), fk.last_name()
            for c in ids:
                hint = name_hint(c)
                if hint == "PERSON":
                    toks = set(c.lower().replace("-", "_").split("_"))
                    row[c] = (
                        first
                        if "first" in toks or "given" in toks
                        else last
                        if "last" in toks or "surname" in toks
                        else f"{first} {last}"
                    )
                elif hint == "EMAIL_ADDRESS":
                    donor = str(row.get(c) or "x@example.org")
                    domain = donor.split("@")[-1] if "@" in donor else "example.org"
                    row[c] = f"{first.lower()}.{last.lower()}{rng.randrange(100)}@{domain}"
                else:
                    row[c] = shapes[c].draw(rng, str(row.get(c) or ""))
            out.append(row)
    out = out[: max(n, g)]
    # 3. fictitious identifiers must not occur in the data (redraw the few that do)
    not_fictitious: set[tuple[int, str]] = set()
    for c in ids:
        if name_hint(c) in ("PERSON",):
            continue  # names repeat in any population; their traps are found by the whole row
        bad: list[int] = []
        for _ in range(8):
            vals = [r[c] for r in out if r[c] is not None]
            absent = _absent(engine, table, k, [c], [message([v]) for v in vals])
            seen: set[str] = set()
            bad = []
            for i, r in enumerate(out):
                if r[c] is None:
                    continue
                m = message([r[c]])
                if m not in absent or m in seen:
                    bad.append(i)
                seen.add(m)
            if not bad:
                break
            for i in bad:
                out[i][c] = shapes[c].draw(rng, str(out[i][c]))
        not_fictitious |= {
            (i, c) for i in bad
        }  # still real after the redraws: not counted as a trap identifier
    frame = pd.DataFrame(out, columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    digests = [
        trap_digest(k, r, columns, qis, [c for c in ids if (i, c) not in not_fictitious], id_space)
        for i, r in enumerate(frame.to_dict("records"))
    ]
    return Traps(frame=frame, digests=digests, group_size=g, id_space=id_space, not_fictitious=not_fictitious)


def positions(k: str, n_traps: int, rows: int) -> list[int]:
    """Keyed slots among the data rows (trap i goes after data row p_i), deterministic."""
    return [
        int(hashlib.sha256((k + f"\x1fpos\x1f{i}").encode()).hexdigest()[:12], 16) % (rows + 1)
        for i in range(n_traps)
    ]
