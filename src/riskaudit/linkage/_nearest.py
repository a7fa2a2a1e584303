"""Exact nearest release rows for the linkability and inference attacks, searched on the engine.

The attacks need, for each of ``2 * n_attacks`` targets and each column set ("space"), the release row at the
smallest Gower-like distance (:class:`riskaudit.linkage._anonymeter._Space`), ties going to the first row in
the seeded order ``(md5 row hash, values)``. Streaming the whole release through numpy is
O(targets x rows) in Python; this module finds the same rows with bounded work per release row:

1. **Grid blocking, coarse to fine.** A row within distance ``delta < 1`` of a target agrees with it on every
   categorical column the target has (a mismatch costs 1) and lies within ``delta`` on every numeric column
   (normalised by its range). On a grid of cell width ``delta`` such a row is in the target's cell or a
   neighbouring one, so an equi-join of the release (keyed by its categorical values and grid cells) with the
   targets' 3^p neighbouring cell keys finds every row within ``delta``: a hash join with a build side of a few
   thousand keys, one scan of the release per level. Levels ``delta = 1e-7 * 8^k`` (k = 0..7, up to 0.21) run
   only for targets not yet resolved; a target whose best candidate is closer than ``delta`` (with a margin
   for rounding) is resolved exactly: every row that could tie or beat it was a candidate. A column missing
   in the target costs 1 against every row, so it is left out of the keys (targets are grouped by their
   pattern of present columns). Exact duplicates and discrete data resolve at the first level.
2. **Whole-release fallback.** Targets still unresolved (a categorical combination the release lacks within
   0.21, or no present column at all) are searched against every release row (a cross join on the engine),
   as long as targets x rows stays within ``max_pairs``; beyond it, against the first ``max_pairs / targets``
   rows in the seeded order, and the result is flagged as a lower bound.

On the engine each candidate pair gets the distance in SQL; per target only the rows within 1e-9 of its
smallest distance come back to Python (one per distinct distance value: the first in the seeded order). The
exact distances are then recomputed in numpy with the same arithmetic as the streamed search, and the first
closest row in the seeded order is kept, so the result is the streamed search's, row for row.

The inference baseline needs the secrets of release rows at seeded random positions of the seeded order;
they are found without sorting the release: rows are counted per hash prefix (a GROUP BY), and only the
buckets holding a wanted position are numbered (a window over a few thousand rows each).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: grid cell widths (normalised distance units): 1e-7 doubling up to 0.84
LEVELS: tuple[float, ...] = tuple(1e-7 * 2**k for k in range(24))
#: the widths tried one scan after another (every third: x8)
STEPS: tuple[float, ...] = LEVELS[::3]
#: per pattern of present columns, a targeted scan uses the largest width its targets need and the widths at
#: these quantiles of their needs (each width keys every release row once more)
_QUANTILES = (0.5, 0.9)
#: the widths a single targeted scan picks from (x4)
TARGET_LEVELS: tuple[float, ...] = LEVELS[::2]
#: at most this many numeric columns are grid keys (3^p neighbour cells per target)
MAX_GRID = 3
#: a candidate within this of a target's smallest engine distance comes back to Python
_NEAR = 1e-9
#: relative margin on a level's width for rounding between the engine and numpy
_MARGIN = 1e-6
#: rows per hash-prefix bucket aimed at when numbering rows in the seeded order
_BUCKET_ROWS = 64
#: key of a categorical column a (pattern, level) combination does not use
_ANY = "*"  # any marker works: where the column is used, both sides carry their real values
#: set to a list to record (space columns, level width or None for the fallback, targets, rows back, seconds)
TRACE: list | None = None


@dataclass
class Found:
    """Per target of one space: exact distance, the chosen row's identity (hash and values) and the secret."""

    dist: np.ndarray
    ident: list
    secret: list


def _pairs_distance(space, tidx: np.ndarray, batch: pa.RecordBatch | pa.Table) -> np.ndarray:
    """The streamed search's distance, element by element, between target ``tidx[i]`` and row ``i``."""
    P = space.encode(batch)
    d = np.zeros(len(tidx))
    for k, c in enumerate(space.cols):
        t, p = space.t[k][tidx], P[k]
        if c in space.numeric:
            diff = np.abs(t - p)
            diff[np.isnan(diff)] = 1.0
            np.minimum(diff, 1.0, out=diff)
            d += diff
        else:
            d += t != p
    return d


def _engine_distance(pairs: ir.Table, space, tcol: dict[str, str]) -> ir.FloatingValue:
    """The distance in SQL (a pre-filter: numpy recomputes it exactly for the rows that come back)."""
    total = None
    for c in space.cols:
        t = pairs[tcol[c]]
        if c in space.numeric:
            lo, rng = space.numeric[c]
            x = (pairs[c].try_cast("float64") - lo) / rng
            term = ibis.least((t - x).abs(), ibis.literal(1.0)).fill_null(1.0)
        else:
            term = (pairs[c] == t).fill_null(False).ifelse(0.0, 1.0)
        total = term if total is None else total + term
    return total


def search(
    engine,
    release: ir.Table,
    use: list[str],
    spaces: dict,
    targets: pa.Table,
    *,
    seed: int,
    salt: str,
    n_rows: int,
    max_pairs: int,
    secret: str | None,
) -> tuple[dict[str, Found], int]:
    """Nearest release row per target and space. ``release``: the searched rows (columns ``use``).

    Returns the found rows and the number of release rows searched for every target (``n_rows`` unless the
    whole-release fallback hit ``max_pairs``)."""
    out: dict[str, Found] = {}
    searched = n_rows
    bounds: dict[str, np.ndarray] = {}
    if n_rows > SAMPLE_ROWS:
        # any release rows bound each target's nearest distance from above: the first rows the engine returns
        # will do (which ones only changes how much the exact passes read, never their result)
        bounds = _bound_scan(engine, release.limit(SAMPLE_ROWS), spaces, targets.num_rows)
    for name, sp in spaces.items():
        s = _SpaceSearch(engine, use, sp, targets, seed=seed, salt=salt, secret=secret)
        if name not in bounds:
            s.levels(release, np.arange(targets.num_rows))
        else:
            bound = bounds[name]
            size = SAMPLE_ROWS * STAGE
            while size * STAGE <= n_rows:  # a larger share of the release tightens the bounds
                b = _SpaceSearch(engine, use, sp, targets, seed=seed, salt=salt, secret=secret)
                b.targeted(release.limit(size), bound - b.missing)
                bound = np.minimum(bound, b.best)
                size *= STAGE
            s.targeted(release, bound - s.missing)
        got = s.fallback(release, s.todo, n_rows, max_pairs, bound if name in bounds else None)
        out[name] = Found(s.best, s.ident, s.guess)
        searched = min(searched, got)
    return out, searched


def _bound_scan(engine, rows: ir.Table, spaces: dict, n_t: int) -> dict[str, np.ndarray]:
    """Per space and target, the smallest distance to ``rows`` (a few thousand release rows, in numpy)."""
    best = {k: (np.full(n_t, np.inf), np.zeros(n_t, dtype=np.int64)) for k in spaces}
    offset = 0
    for batch in engine.iter_batches(rows, max(1024, 4_000_000 // max(n_t, 1))):
        for k, sp in spaces.items():
            sp.update(batch, offset, *best[k])
        offset += batch.num_rows
    return {k: b[0] for k, b in best.items()}


#: releases longer than this get a first pass over this many of their rows (an upper bound per target)
SAMPLE_ROWS = 5_000
#: each bounding pass reads this many times more rows than the previous one
STAGE = 16


class _SpaceSearch:
    """The search for one space: running results per target, and the engine queries that feed them."""

    def __init__(
        self, engine, use: list[str], sp, targets: pa.Table, *, seed: int, salt: str, secret: str | None
    ):
        self.engine, self.use, self.sp, self.seed, self.salt, self.secret = (
            engine,
            use,
            sp,
            seed,
            salt,
            secret,
        )
        n_t = self.n_t = targets.num_rows
        self.best = np.full(n_t, np.inf)
        self.ident: list = [None] * n_t
        self.guess: list = [None] * n_t
        # per target: which space columns it has (a missing one costs exactly 1 against every row)
        present = np.ones((n_t, len(sp.cols)), dtype=bool)
        for k, c in enumerate(sp.cols):
            present[:, k] = ~np.isnan(sp.t[k]) if c in sp.numeric else sp.t[k] >= 0
        self.present = present
        self.missing = (~present).sum(axis=1).astype(float)
        self.tcol = {c: f"__t{k}" for k, c in enumerate(sp.cols)}
        self.raw = {c: targets.column(c).to_pylist() for c in sp.cols}
        self.todo = np.arange(n_t)

    # ------------------------------------------------------------------------------------ pieces

    def _pattern(self, t: int) -> tuple[str, ...]:
        return tuple(c for k, c in enumerate(self.sp.cols) if self.present[t, k])

    def _grid(self, keys: Sequence[str]) -> list[str]:
        return [c for c in keys if c in self.sp.numeric][:MAX_GRID]

    def _fold(self, df: pd.DataFrame) -> None:
        if df.empty:
            return
        use, sp = self.use, self.sp
        tidx = df["__t"].to_numpy(dtype=np.int64)
        vals_df = df[list(use)].astype(object).where(df[list(use)].notna(), None)
        batch = pa.Table.from_pandas(
            vals_df, schema=pa.schema([(c, pa.string()) for c in use]), preserve_index=False
        )
        d = _pairs_distance(sp, tidx, batch)
        order = np.lexsort((np.arange(len(d)), d, tidx))  # per target: smallest d, then the seeded order
        first = np.ones(len(order), dtype=bool)
        first[1:] = tidx[order][1:] != tidx[order][:-1]
        hs = df["__h"].tolist()
        vals = vals_df.to_numpy().tolist()
        sec = vals_df[self.secret].tolist() if self.secret else None
        for i in order[first].tolist():
            t = int(tidx[i])
            if d[i] < self.best[t]:
                self.best[t] = d[i]
                self.ident[t] = (hs[i], tuple(vals[i]))
                self.guess[t] = None if sec is None else (None if sec[i] is None else str(sec[i]))

    def _candidates(self, joined: ir.Table, level, n_level: int) -> None:
        """Per target, the first row (seeded order) at each distance within _NEAR of its smallest, folded in."""
        from ..engine import row_hash

        use = self.use
        j = joined.mutate(__d=_engine_distance(joined, self.sp, self.tcol))
        if "__cap" in j.columns:
            j = j.filter(j["__d"] <= j["__cap"])
        # the smallest distance per target by a GROUP BY (a streaming aggregate: a window over the pairs would
        # hold them all), joined back
        m = j.group_by("__t").aggregate(__m=j["__d"].min())
        j = j.join(m, "__t")
        j = j.filter(j["__d"] <= j["__m"] + _NEAR)
        j = j.mutate(__h=row_hash(j, self.seed, use, salt=self.salt))  # hashed only near the minimum
        j = j.mutate(
            __r=ibis.row_number().over(
                group_by=[j["__t"], j["__d"]], order_by=[j["__h"], *[j[c] for c in use]]
            )
        )
        j = j.filter(j["__r"] == 0)
        t0 = time.perf_counter()
        df = self.engine.execute(j.select("__t", "__h", *use).order_by(["__t", "__h", *use]))
        if TRACE is not None:
            TRACE.append((tuple(self.sp.cols), level, n_level, len(df), time.perf_counter() - t0))
        self._fold(df)

    def _targets(
        self,
        rows: Sequence[int],
        combos: Sequence[tuple[tuple[str, ...], float]] | None,
        combo_of: Sequence[int] | None,
        cap: np.ndarray | None = None,
    ) -> ir.Table:
        """Target rows with their values and, per (pattern, level) combination, their neighbouring cell keys
        (per grid column, the cells from floor((v - delta) / delta) to floor((v + delta) / delta))."""
        sp, tcol = self.sp, self.tcol
        rows = np.asarray(rows, dtype=np.int64)
        nums = [c for c in sp.cols if c in sp.numeric]
        cats = [c for c in sp.cols if c not in sp.numeric]
        cols: dict[str, pa.Array] = {}
        if combos is None:
            idx = rows
        else:
            combo_of = np.asarray(combo_of, dtype=np.int64)
            idx_parts, c_parts, g_parts, k_parts = [], [], [], []
            for ci, (keys, delta) in enumerate(combos):
                sel = rows[combo_of == ci]
                if not len(sel):
                    continue
                grid = self._grid(keys)
                offs = (
                    np.array(list(itertools.product(range(3), repeat=len(grid))), dtype=np.int64).reshape(
                        -1, len(grid)
                    )
                    if grid
                    else np.zeros((1, 0), dtype=np.int64)
                )
                vals = (
                    np.stack([sp.t[sp.cols.index(c)][sel] for c in grid], axis=1)
                    if grid
                    else np.zeros((len(sel), 0))
                )
                lo = np.floor((vals - delta) / delta - 1e-6).astype(np.int64)
                hi = np.floor((vals + delta) / delta + 1e-6).astype(np.int64)
                cells = lo[:, None, :] + offs[None, :, :]
                ti, oi = np.nonzero((cells <= hi[:, None, :]).all(axis=2))
                idx_parts.append(sel[ti])
                c_parts.append(np.full(len(ti), ci, dtype=np.int64))
                g = np.zeros((len(ti), len(nums)), dtype=np.int64)
                for j, c in enumerate(grid):
                    g[:, nums.index(c)] = cells[ti, oi, j]
                g_parts.append(g)
                k_parts.append([c in keys for c in cats])
            idx = np.concatenate(idx_parts) if idx_parts else np.zeros(0, dtype=np.int64)
            cols["__c"] = pa.array(np.concatenate(c_parts) if c_parts else np.zeros(0, dtype=np.int64))
            for k, c in enumerate(cats):
                on = (
                    np.concatenate([np.full(len(p), u[k]) for p, u in zip(c_parts, k_parts, strict=True)])
                    if c_parts
                    else np.zeros(0, dtype=bool)
                )
                vals = pa.array(self.raw[c], pa.string()).take(pa.array(idx))
                cols[f"__k{k}"] = pc.if_else(pa.array(on), vals, pa.scalar(_ANY))
            g_all = np.concatenate(g_parts) if g_parts else np.zeros((0, len(nums)), dtype=np.int64)
            for k in range(len(nums)):
                cols[f"__g{k}"] = pa.array(g_all[:, k])
        out = {"__t": pa.array(idx)}
        for k, c in enumerate(sp.cols):
            if c in sp.numeric:
                out[tcol[c]] = pa.array(sp.t[k][idx], pa.float64(), from_pandas=True)
            else:
                out[tcol[c]] = pa.array(self.raw[c], pa.string()).take(pa.array(idx))
        out.update(cols)
        if cap is not None:  # per target: no row farther than this can be its nearest
            out["__cap"] = pa.array(cap[idx], pa.float64())
        return ibis.memtable(pa.table(out))

    def _run(
        self,
        release: ir.Table,
        rows: list[int],
        combos: list[tuple[tuple[str, ...], float]],
        combo_of: list[int],
        level,
        cap: np.ndarray | None = None,
    ) -> None:
        """One scan of ``release``: each row is keyed once per (pattern, level) combination (its categorical
        values where the pattern has them, its grid cells at the level), joined to the targets' keys."""
        sp = self.sp
        nums = [c for c in sp.cols if c in sp.numeric]
        cats = [c for c in sp.cols if c not in sp.numeric]
        # the combinations as a small table: id, cell width, and per column whether it is a key
        spec: dict[str, list] = {"__c": list(range(len(combos))), "__w": [float(d) for _, d in combos]}
        for k, c in enumerate(cats):
            spec[f"__uk{k}"] = [c in keys for keys, _ in combos]
        for k, c in enumerate(nums):
            spec[f"__ug{k}"] = [c in self._grid(keys) for keys, _ in combos]
        types = {
            "__c": pa.int64(),
            "__w": pa.float64(),
            **{k: pa.bool_() for k in spec if k.startswith("__u")},
        }
        cm = ibis.memtable(pa.table({k: pa.array(v, types[k]) for k, v in spec.items()}))
        r = release.mutate(
            **{
                f"__x{k}": (release[c].try_cast("float64") - sp.numeric[c][0]) / sp.numeric[c][1]
                for k, c in enumerate(nums)
            }
        )
        r = r.cross_join(cm)
        keys = {}
        for k, c in enumerate(cats):
            keys[f"__k{k}"] = r[f"__uk{k}"].ifelse(r[c], ibis.literal(_ANY))
        for k, _c in enumerate(nums):
            keys[f"__g{k}"] = r[f"__ug{k}"].ifelse(
                (r[f"__x{k}"] / r["__w"]).floor().cast("int64"), ibis.literal(0, type="int64")
            )
        r = r.mutate(**keys)
        tk = self._targets(rows, combos, combo_of, cap)
        on = [r["__c"] == tk["__c"]] + [r[k] == tk[k] for k in keys]
        joined = r.join(tk, on).select(
            *self.use, "__t", *[self.tcol[c] for c in sp.cols], *(["__cap"] if cap is not None else [])
        )
        self._candidates(joined, level, len(rows))

    def _resolve(self, rows: np.ndarray, delta: np.ndarray) -> None:
        limit = self.missing[rows] + delta * (1 - _MARGIN) - _NEAR
        done = rows[self.best[rows] < limit]
        self.todo = np.setdiff1d(self.todo, done)

    # ------------------------------------------------------------------------------------ passes

    def levels(self, release: ir.Table, rows: np.ndarray) -> None:
        """Coarse-to-fine levels (one scan each) for ``rows`` until each is resolved or the levels run out."""
        todo = np.asarray(rows)
        for delta in STEPS:
            if not len(todo):
                break
            self.best[todo] = np.inf  # a level's candidates decide alone
            live = [int(t) for t in todo if self._pattern(int(t))]
            if not live:
                break
            combos = sorted({(self._pattern(t), delta) for t in live})
            index = {c: i for i, c in enumerate(combos)}
            self._run(release, live, combos, [index[(self._pattern(t), delta)] for t in live], delta)
            self._resolve(np.asarray(live), np.full(len(live), delta))
            todo = np.intersect1d(todo, self.todo)

    def targeted(self, release: ir.Table, bound: np.ndarray) -> None:
        """One scan: each target at a level whose cells hold every row as close as ``bound`` (its nearest
        distance on a subset of the release, without its missing columns); at most ``MAX_LEVELS`` levels
        per pattern of present columns (each level keys every release row once more)."""
        live, need = [], []
        for t in range(self.n_t):
            nd = (bound[t] + 2 * _NEAR) / (1 - _MARGIN)
            if nd < TARGET_LEVELS[-1] and self._pattern(t):
                live.append(t)
                need.append(next(d for d in TARGET_LEVELS if d > nd))
        if not live:
            return
        by_pattern: dict[tuple[str, ...], list[int]] = {}
        for i, t in enumerate(live):
            by_pattern.setdefault(self._pattern(t), []).append(i)
        levels = [0.0] * len(live)
        for members in by_pattern.values():
            got = sorted(need[i] for i in members)
            chosen = sorted({got[-1], *(got[int(q * (len(got) - 1))] for q in _QUANTILES)})
            for i in members:
                levels[i] = next(d for d in chosen if d >= need[i])
        combos = sorted({(self._pattern(t), lv) for t, lv in zip(live, levels, strict=True)})
        index = {c: i for i, c in enumerate(combos)}
        combo_of = [index[(self._pattern(t), lv)] for t, lv in zip(live, levels, strict=True)]
        cap = np.full(self.n_t, np.inf)
        cap[live] = (
            self.missing[live] + bound[live] + 1e-6
        )  # bound: a true distance; the engine's rounding is far smaller
        self._run(release, live, combos, combo_of, "targeted", cap)
        self._resolve(np.asarray(live), np.asarray(levels))

    def fallback(
        self,
        release: ir.Table,
        rows: np.ndarray,
        n_rows: int,
        max_pairs: int,
        bound: np.ndarray | None = None,
    ) -> int:
        """``rows`` against every release row (cross join), or the first rows in the seeded order that keep
        targets x rows within ``max_pairs``. Returns the rows searched."""
        from ..engine import row_hash

        rows = np.asarray(rows)
        if not len(rows):
            return n_rows
        searched, fb = n_rows, release
        if len(rows) * n_rows > max_pairs:
            searched = max(1, max_pairs // len(rows))
            fb = release.mutate(__o=row_hash(release, self.seed, self.use, salt=self.salt))
            fb = fb.order_by(["__o", *self.use]).limit(searched).select(*self.use)
        self.best[rows] = np.inf
        for s in range(0, len(rows), 256):
            part = rows[s : s + 256].tolist()
            tk = self._targets(part, None, None, None if bound is None else bound + 1e-6)
            joined = fb.cross_join(tk).select(*self.use, "__t", *[self.tcol[c] for c in self.sp.cols])
            self._candidates(joined, None, len(part))
        self.todo = np.setdiff1d(self.todo, rows)
        return searched


def rows_at(
    engine,
    release: ir.Table,
    use: list[str],
    positions: Sequence[int],
    n_rows: int,
    *,
    seed: int,
    salt: str,
    column: str,
) -> dict[int, object]:
    """``column`` (as text) of the release rows at 0-based ``positions`` of the seeded order."""
    from ..engine import row_hash

    wanted = sorted({int(p) for p in positions})
    if not wanted:
        return {}
    h = release.mutate(__h=row_hash(release, seed, use, salt=salt))
    k = 0
    while 16**k * _BUCKET_ROWS < n_rows and k < 8:
        k += 1
    order = [h["__h"], *[h[c] for c in use]]
    if k == 0:
        t = h.mutate(__r=ibis.row_number().over(order_by=order))
        df = engine.execute(t.filter(t["__r"].isin(wanted)).select("__r", column))
        return {
            int(r): (None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
            for r, v in zip(df["__r"].tolist(), df[column].tolist(), strict=True)
        }
    b = h.mutate(__b=h["__h"].substr(0, k))
    counts = engine.execute(b.group_by("__b").aggregate(__n=ibis._.count()).order_by("__b"))
    names, sizes = counts["__b"].tolist(), np.asarray(counts["__n"].tolist(), dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    where = np.searchsorted(starts, np.asarray(wanted), side="right") - 1
    keys = {f"{names[i]}:{p - int(starts[i])}": p for p, i in zip(wanted, where.tolist(), strict=True)}
    sel = b.filter(b["__b"].isin(sorted({names[i] for i in where.tolist()})))
    sel = sel.mutate(
        __r=ibis.row_number().over(group_by=[sel["__b"]], order_by=[sel["__h"], *[sel[c] for c in use]])
    )
    sel = sel.mutate(__k=sel["__b"].concat(":", sel["__r"].cast("string")))
    df = engine.execute(sel.filter(sel["__k"].isin(sorted(keys))).select("__k", column))
    return {
        keys[kk]: (None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
        for kk, v in zip(df["__k"].tolist(), df[column].tolist(), strict=True)
    }
