"""Release-vs-original privacy attacks as defined by Anonymeter (Giomi et al. 2023), seeded, on the engine.

Three attackers each get a success rate (Wilson interval), a random-guess baseline and a control
rate measured on records that are *not* in the release's source (the control split). Risk is the
control-corrected rate (r_att - r_ctl) / (1 - r_ctl), clipped to [0, 1] (``anonymeter/stats``).

Targets: the first ``n_attacks`` rows of the original (minus the control) and of the control in the order
of a seeded md5 of the row text (:func:`riskaudit.engine.sample_rows`; the same rows on every engine).

- **singling out (univariate)**: predicates ``col == v`` built from values that are unique in the *whole*
  release (and ``col <= min`` / ``col >= max`` of the release for numeric columns), drawn uniformly;
  success = the predicate matches exactly one record of the *whole* original. The counts come from
  GROUP BYs on the engine, never from samples. Control: the same predicates on the whole control. When
  original and control differ in size, the control's successes are rescaled to the original's size as in
  Anonymeter, with the singling-out probability P(w, n) = n w (1 - w)^(n - 1) (Cohen and Nissim 2020):
  Anonymeter fits one effective weight w to success rates measured on random subsets of the control;
  riskaudit estimates each predicate's weight from its match count k in the whole control (w = k / m) and
  sums P(w, n_original) over the predicates (deterministic; no subsets drawn). The rescaled count is rounded.
  Baseline: ``col == v`` with a random column and v drawn uniformly from its distinct release values.
- **linkability**: the auxiliary columns are split in two halves; for a target record, the nearest
  release row on the first half and the nearest on the second half must be the same row.
  Baseline: two random release rows coincide.
- **inference**: the nearest release row on the auxiliary columns gives a guess of ``secret``;
  correct if equal (numeric: |guess - secret| <= 5 % of |guess|). Baseline: a random release row's secret.

Linkability and inference search the **whole release**, as Anonymeter does: each target gets the release
row at the smallest distance, ties going to the first row in the order of a seeded md5 of the row text
(identical rows are interchangeable). Two searches give the same rows: the reference streams the release
from the engine in Arrow batches (:meth:`Engine.iter_batches`) in that order through numpy, O(targets x
rows) in Python (each distance block at most ``_MAX_CELLS`` cells); the engine search (:mod:`._nearest`)
finds the same rows with grid-blocked joins on the engine, one scan per bounding pass, so its work per
release row is bounded. Small releases use the first (``_SCAN_CELLS``), larger ones the second. Targets
without any release row closer than 0.84 are compared with every release row, up to ``max_pairs``
(targets x rows); beyond it they search a seeded sample. ``max_rows``, when set, cuts the release to its
first ``max_rows`` rows in the seeded order (a seeded sample, drawn with a salt other than the targets').
Either cap marks the linkability and inference results ``lower_bound`` (and the notes say so): a target's
own release row may be left out, so the risks are lower bounds.

Distances are Gower-like: numeric |a-b| / range (range over original, control and release), categorical
0/1 (missing vs anything, missing included: 1), summed over the columns. A column is numeric when it has a
value and every value in the three tables parses as a number (``TRY_CAST`` on the engine). Every random draw
uses ``numpy.random.default_rng(seed)`` and every row order a seeded hash, so the same data, seed and
configuration give identical output on every engine (Anonymeter itself is unseeded).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._result import AnonymeterResult, AttackResult
from ._stats import residual_risk, wilson

__all__ = ["AnonymeterResult", "AttackResult", "anonymeter_attacks", "attack_tables"]

#: at most this many (target x release row) cells in one numpy distance block
_MAX_CELLS = 4_000_000
#: at most this many release rows per Arrow batch held in Python
_BATCH_ROWS = 65_536
#: "engine": exact nearest rows searched on the engine (:mod:`._nearest`); "scan": the release streamed
#: through numpy (the reference the engine search must reproduce, O(targets x rows) in Python); "auto":
#: scan while targets x release rows is at most _SCAN_CELLS (a few seconds of numpy), else the engine.
#: Both give the same rows.
_METHOD = "auto"
_SCAN_CELLS = 50_000_000
#: default bound on (targets without a close release row) x (release rows) compared in the fallback search
DEFAULT_MAX_PAIRS = 20_000_000_000


def _result(att: int, base: int, ctl: int, n: int, n_ctl: int, conf: float) -> AttackResult:
    a, b, c = wilson(int(att), n, conf), wilson(int(base), n, conf), wilson(int(ctl), n_ctl, conf)
    return AttackResult(
        attack=a, baseline=b, control=c, risk=residual_risk(a, c), trustworthy=a.value > b.value
    )


# --------------------------------------------------------------------------------------- engine side


def _column_stats(
    engine, table: ir.Table, cols: list[str]
) -> dict[str, tuple[int, int, float | None, float | None]]:
    """Per column: (non-null values, values that parse as a finite-or-infinite number, min, max of those)."""
    aggs = {}
    for i, c in enumerate(cols):
        x = table[c].try_cast("float64")
        ok = x.notnull() & ~x.isnan()
        aggs[f"__n{i}"] = table[c].count()
        aggs[f"__k{i}"] = x.count(where=ok)
        aggs[f"__lo{i}"] = x.min(where=ok)
        aggs[f"__hi{i}"] = x.max(where=ok)
    row = engine.execute(table.aggregate(**aggs)).iloc[0]

    def num(v):
        return None if v is None or pd.isna(v) else float(v)

    return {
        c: (int(row[f"__n{i}"]), int(row[f"__k{i}"]), num(row[f"__lo{i}"]), num(row[f"__hi{i}"]))
        for i, c in enumerate(cols)
    }


def _numeric_ranges(stats: Sequence[dict], cols: list[str]) -> dict[str, tuple[float, float]]:
    """Columns numeric in all tables together -> (min, range) over all of them."""
    out = {}
    for c in cols:
        n = sum(s[c][0] for s in stats)
        k = sum(s[c][1] for s in stats)
        los = [s[c][2] for s in stats if s[c][2] is not None]
        his = [s[c][3] for s in stats if s[c][3] is not None]
        if n > 0 and k == n and los and his:
            lo, hi = min(los), max(his)
            rng = hi - lo
            out[c] = (lo, rng if rng and math.isfinite(rng) else 1.0)
    return out


# ------------------------------------------------------------------------------------- singling out


def _singling_out(engine, ori_t, rel_t, ctl_t, cols, rel_stats, n_ori, n_ctl, n, rng, conf):
    notes: list[str] = []
    groups, uniq, dist = {}, {}, {}
    for c in cols:
        g = rel_t.filter(rel_t[c].notnull()).group_by(c).aggregate(__n=ibis._.count())
        row = engine.execute(g.aggregate(__u=g["__n"].count(where=g["__n"] == 1), __d=g.count())).iloc[0]
        groups[c], uniq[c], dist[c] = g, int(row["__u"]), int(row["__d"])
    # the predicate pool, in a fixed order: per column its release-unique values (sorted), then <= min, >= max
    spans: list[tuple[int, str, int]] = []  # (start in pool numbering, column, number of unique values)
    total = 0
    for c in cols:
        spans.append((total, c, uniq[c]))
        total += uniq[c]
        n_c, k_c, lo, hi = rel_stats[c]
        if n_c and k_c == n_c and lo is not None and hi is not None:
            spans.append((total, c, -1))
            total += 2
    if total == 0:
        notes.append("singling out: the release has no unique value to build a predicate from")
        spans = []
        for c in cols:
            if dist[c]:
                spans.append((total, c, -2))
                total += 1
    if total == 0:
        notes.append("singling out: the release's auxiliary columns hold no value")
        return _result(0, 0, 0, n, n, conf), notes
    idx = rng.choice(total, size=n, replace=total < n)
    queries: list[tuple[str, str, object]] = []
    for i in idx.tolist():
        start, c, cnt = next(s for s in reversed(spans) if s[0] <= i)
        if cnt == -1:
            n_c, k_c, lo, hi = rel_stats[c]
            queries.append((c, "<=", lo) if i == start else (c, ">=", hi))
        elif cnt == -2:
            queries.append((c, "d", 0))
        else:
            queries.append((c, "u", i - start))
    base_q: list[tuple[str, str, object]] = []
    for _ in range(n):
        c = cols[int(rng.integers(len(cols)))]
        if dist[c]:
            base_q.append((c, "d", int(rng.integers(dist[c]))))
    # ranks -> values, on the engine (sorted values numbered from 0)
    values: dict[tuple[str, str, int], str] = {}
    for c in cols:
        for kind in ("u", "d"):
            ranks = sorted({int(q[2]) for q in queries + base_q if q[0] == c and q[1] == kind})
            if not ranks:
                continue
            g = groups[c]
            t = (g.filter(g["__n"] == 1) if kind == "u" else g).select(c)
            t = t.mutate(__r=ibis.row_number().over(order_by=t[c]))
            df = engine.execute(t.filter(t["__r"].isin(ranks)))
            for v, r in zip(df[c].tolist(), df["__r"].tolist(), strict=True):
                values[(c, kind, int(r))] = str(v)

    def counts(table: ir.Table, qs) -> list[int]:
        eq: dict[str, set[str]] = {}
        rng_q: dict[tuple[str, str, float], str] = {}
        for c, op, key in qs:
            if op in ("u", "d"):
                eq.setdefault(c, set()).add(values[(c, op, int(key))])
            else:
                rng_q.setdefault((c, op, float(key)), f"__q{len(rng_q)}")
        found: dict[tuple[str, str], int] = {}
        for c, vals in eq.items():
            f = table.filter(table[c].isin(sorted(vals))).group_by(c).aggregate(__n=ibis._.count())
            df = engine.execute(f)
            found.update(
                {(c, str(v)): int(k) for v, k in zip(df[c].tolist(), df["__n"].tolist(), strict=True)}
            )
        ranged: dict[tuple[str, str, float], int] = {}
        if rng_q:
            aggs = {}
            for (c, op, v), name in rng_q.items():
                x = table[c].try_cast("float64")
                aggs[name] = x.count(where=(x <= v) if op == "<=" else (x >= v))
            row = engine.execute(table.aggregate(**aggs)).iloc[0]
            ranged = {q: int(row[name]) for q, name in rng_q.items()}
        out = []
        for c, op, key in qs:
            if op in ("u", "d"):
                out.append(found.get((c, values[(c, op, int(key))]), 0))
            else:
                out.append(ranged[(c, op, float(key))])
        return out

    k_ori = counts(ori_t, queries)
    k_ctl = counts(ctl_t, queries)
    att = sum(k == 1 for k in k_ori)
    ctl = sum(k == 1 for k in k_ctl)
    base = sum(k == 1 for k in counts(ori_t, base_q)) if base_q else 0
    if n_ctl and n_ori != n_ctl and ctl:
        ctl = _size_corrected(ctl, k_ctl, n_ctl, n_ori, n)
        notes.append(
            f"singling out: control successes rescaled from the control's {n_ctl} rows to the original's "
            f"{n_ori} rows (P(w, n) = n w (1-w)^(n-1), w per predicate from its control count)"
        )
    return _result(att, base, ctl, n, n, conf), notes


def _p_single(w: np.ndarray, n: int) -> np.ndarray:
    """P(w, n) = n w (1 - w)^(n - 1): a predicate of weight w singles out one of n records."""
    w = np.clip(w, 0.0, 1.0)
    with np.errstate(divide="ignore"):
        return np.where(w > 0, n * w * np.exp((n - 1) * np.log1p(-np.minimum(w, 1 - 1e-15))), 0.0)


def _size_corrected(ctl: int, k_ctl: list[int], n_ctl: int, n_ori: int, n: int) -> int:
    w = np.asarray(k_ctl, dtype=float) / n_ctl
    at_ctl, at_ori = float(_p_single(w, n_ctl).sum()), float(_p_single(w, n_ori).sum())
    if at_ctl <= 0:
        return ctl
    return int(min(n, max(0, round(ctl * at_ori / at_ctl))))


# ------------------------------------------------------------------------- nearest neighbours, streamed


def _to_float(arr: pa.Array) -> np.ndarray:
    try:
        return pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(pd.Series(arr.to_pylist(), dtype=object), errors="coerce").to_numpy(dtype=float)


def _text(arr) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr if arr.type == pa.string() else arr.cast(pa.string())


class _Space:
    """Gower-like distances from fixed targets to release batches."""

    def __init__(self, cols: list[str], numeric: dict[str, tuple[float, float]], targets: pa.Table) -> None:
        self.cols = cols
        self.numeric = {c: numeric[c] for c in cols if c in numeric}
        self.sets: dict[str, pa.Array] = {}
        self.t: list[np.ndarray] = []
        self.t_nan: list[bool] = []
        for c in cols:
            arr = _text(targets.column(c))
            if c in self.numeric:
                lo, rng = self.numeric[c]
                v = (_to_float(arr) - lo) / rng
                self.t.append(v)
                self.t_nan.append(bool(np.isnan(v).any()))
            else:
                uniq = sorted({v for v in arr.to_pylist() if v is not None})
                self.sets[c] = pa.array(uniq, pa.string())
                self.t.append(
                    pc.index_in(arr, value_set=self.sets[c])
                    .fill_null(-1)
                    .to_numpy(zero_copy_only=False)
                    .astype(np.int64)
                )
                self.t_nan.append(False)
        self.n = targets.num_rows

    def encode(self, batch: pa.RecordBatch) -> list[np.ndarray]:
        out = []
        for c in self.cols:
            arr = _text(batch.column(c))
            if c in self.numeric:
                lo, rng = self.numeric[c]
                out.append((_to_float(arr) - lo) / rng)
            else:
                # values no target has (and missing values) get -2: unequal to every target code
                out.append(
                    pc.index_in(arr, value_set=self.sets[c])
                    .fill_null(-2)
                    .to_numpy(zero_copy_only=False)
                    .astype(np.int64)
                )
        return out

    def update(
        self, batch: pa.RecordBatch, offset: int, best_d: np.ndarray, best_i: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Fold one batch into the running minima; returns (improved mask, index of the batch row)."""
        P = self.encode(batch)
        m = batch.num_rows
        p_nan = [
            bool(np.isnan(p).any()) if c in self.numeric else False for c, p in zip(self.cols, P, strict=True)
        ]
        improved = np.zeros(self.n, dtype=bool)
        where = np.zeros(self.n, dtype=np.int64)
        step = max(1, _MAX_CELLS // max(m, 1))
        for s in range(0, self.n, step):
            e = min(self.n, s + step)
            d = np.zeros((e - s, m))
            for k, c in enumerate(self.cols):
                t, p = self.t[k][s:e, None], P[k][None, :]
                if c in self.numeric:
                    diff = np.abs(t - p)
                    if self.t_nan[k] or p_nan[k]:
                        diff[np.isnan(diff)] = 1.0
                    np.minimum(diff, 1.0, out=diff)
                    d += diff
                    del diff
                else:
                    d += t != p
            j = np.argmin(d, axis=1)
            v = d[np.arange(e - s), j]
            better = v < best_d[s:e]  # strict: on ties the earlier release row stays
            best_d[s:e][better] = v[better]
            best_i[s:e][better] = offset + j[better]
            improved[s:e], where[s:e] = better, j
            del d
        return improved, where


def _correct(guess: Sequence, truth: Sequence) -> np.ndarray:
    g = pd.Series(list(guess), dtype=object)
    s = pd.Series(list(truth), dtype=object)
    gn, sn = pd.to_numeric(g, errors="coerce"), pd.to_numeric(s, errors="coerce")
    if gn.notna().all() and sn.notna().all():
        return (np.abs(gn - sn) <= 0.05 * np.abs(gn)).to_numpy()
    return (g.astype("string").fillna("\x00") == s.astype("string").fillna("\x00")).to_numpy()


def _stream_search(engine, release, use, spaces, n_t, n_rel, n_pool, base_idx, secret, seed, salt):
    """The reference search: the (first ``n_pool`` rows of the) release streamed in the seeded order through
    numpy. Returns per space the chosen rows' identities, the inference guesses and the baseline secrets."""
    from ..engine import row_hash

    best = {k: (np.full(n_t, np.inf), np.zeros(n_t, dtype=np.int64)) for k in spaces}
    guess = np.full(n_t, None, dtype=object)
    wanted = np.unique(base_idx)
    base_vals: dict[int, object] = {}
    order = row_hash(release, seed, salt=salt)
    stream = release.mutate(__h=order).order_by(["__h", *use])
    if n_rel > n_pool:
        stream = stream.limit(n_pool)
    stream = stream.select(*use)
    batch_rows = min(_BATCH_ROWS, max(1024, _MAX_CELLS // max(n_t, 1)))
    offset = 0
    for batch in engine.iter_batches(stream, batch_rows):
        m = batch.num_rows
        for k, sp in spaces.items():
            improved, where = sp.update(batch, offset, *best[k])
            if k == "i":
                sec = _text(batch.column(secret)).to_numpy(zero_copy_only=False)
                guess[improved] = sec[where[improved]]
                sel = wanted[(wanted >= offset) & (wanted < offset + m)]
                for w in sel.tolist():
                    base_vals[w] = sec[w - offset]
        offset += m
    ident = {k: b[1].tolist() for k, b in best.items()}
    return ident, guess, base_vals


def _engine_search(
    engine, release, use, spaces, targets, n_rel, n_pool, base_idx, secret, seed, salt, max_pairs
):
    """The same rows found on the engine (:func:`._nearest.search`), without streaming the release."""
    from ..engine import row_hash
    from ._nearest import rows_at, search

    tmp = None
    searched_rel = release
    try:
        if n_rel > n_pool:
            h = release.mutate(__h=row_hash(release, seed, salt=salt))
            tmp = engine.materialize(h.order_by(["__h", *use]).limit(n_pool).select(*use), "anon_release")
            searched_rel = tmp
        found, searched = search(
            engine,
            searched_rel,
            use,
            spaces,
            targets,
            seed=seed,
            salt=salt,
            n_rows=n_pool,
            max_pairs=max_pairs,
            secret=secret,
        )
        base_vals = (
            rows_at(engine, searched_rel, use, base_idx.tolist(), n_pool, seed=seed, salt=salt, column=secret)
            if secret
            else {}
        )
    finally:
        if tmp is not None:
            engine.drop(tmp)
    ident = {k: f.ident for k, f in found.items()}
    guess = found["i"].secret if "i" in found else []
    return ident, guess, base_vals, searched


# ------------------------------------------------------------------------------------------- entry


def attack_tables(
    engine,
    ori: ir.Table,
    release: ir.Table,
    control: ir.Table,
    aux_columns: list[str],
    *,
    secret: str | None = None,
    n_attacks: int = 500,
    seed: int = 0,
    confidence_level: float = 0.95,
    control_source: str = "file",
    max_rows: int | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> AnonymeterResult:
    """The three attacks on engine tables (all-text views; values compared as written).

    Python holds the ``2 * n_attacks`` targets, one release batch and small GROUP BY results."""
    from ..engine import sample_rows

    cols = list(aux_columns)
    use = list(dict.fromkeys(cols + ([secret] if secret else [])))
    ori, release, control = ori.select(*use), release.select(*use), control.select(*use)
    rng = np.random.default_rng(seed)
    notes: list[str] = []
    n_ori, n_rel, n_ctl = engine.count(ori), engine.count(release), engine.count(control)
    stats = [_column_stats(engine, t, use) for t in (ori, release, control)]
    numeric = _numeric_ranges(stats, use)
    so, so_notes = _singling_out(
        engine, ori, release, control, cols, stats[1], n_ori, n_ctl, n_attacks, rng, confidence_level
    )
    notes += so_notes
    n_pool = n_rel if max_rows is None else min(n_rel, max_rows)
    rows = {"original": n_ori, "release": n_rel, "control": n_ctl, "release_searched": n_pool}
    link_cols = cols if len(cols) >= 2 else []
    inf_cols = [c for c in cols if c != secret] if secret else []
    if not link_cols:
        notes.append("linkability needs at least two auxiliary columns")
    if secret and not inf_cols:
        notes.append("inference needs an auxiliary column other than the secret")
    link = inf = None
    if n_pool == 0 and (link_cols or inf_cols):
        notes.append("the release is empty: no linkability or inference attack")
        link_cols = inf_cols = []
    if link_cols or inf_cols:
        t_ori = sample_rows(engine, ori, n_attacks, seed)
        t_ctl = sample_rows(engine, control, n_attacks, seed)
        m_ori, m_ctl = len(t_ori), len(t_ctl)
        targets = pa.Table.from_pandas(
            pd.concat([t_ori, t_ctl], ignore_index=True)
            .astype(object)
            .where(lambda f: f.notna(), None)
            .map(lambda v: v if v is None else str(v))
            .reindex(columns=use),
            schema=pa.schema([(c, pa.string()) for c in use]),
            preserve_index=False,
        )
        n_t = targets.num_rows
        spaces: dict[str, _Space] = {}
        if link_cols:
            half = len(link_cols) // 2
            spaces["a"] = _Space(link_cols[:half], numeric, targets)
            spaces["b"] = _Space(link_cols[half:], numeric, targets)
        if inf_cols:
            spaces["i"] = _Space(inf_cols, numeric, targets)
        # random draws before searching (fixed order of rng use)
        link_base = 0
        if link_cols:
            link_base = int((rng.integers(n_pool, size=m_ori) == rng.integers(n_pool, size=m_ori)).sum())
        base_idx = rng.integers(n_pool, size=m_ori) if inf_cols else np.zeros(0, dtype=np.int64)
        salt = f"riskaudit-release:{seed}"
        if n_rel > n_pool:
            notes.append(
                f"linkability and inference searched a seeded sample of {n_pool} of the release's {n_rel} "
                "rows (linkage.anonymeter.max_rows): their risks are lower bounds"
            )
        if _METHOD == "scan" or (_METHOD == "auto" and n_pool * n_t <= _SCAN_CELLS):
            ident, guess, base_vals = _stream_search(
                engine,
                release,
                use,
                spaces,
                n_t,
                n_rel,
                n_pool,
                base_idx,
                secret if inf_cols else None,
                seed,
                salt,
            )
            searched = n_pool
        else:
            ident, guess, base_vals, searched = _engine_search(
                engine,
                release,
                use,
                spaces,
                targets,
                n_rel,
                n_pool,
                base_idx,
                secret if inf_cols else None,
                seed,
                salt,
                max_pairs,
            )
        if searched < n_pool:
            notes.append(
                f"linkability and inference: targets without a close release row were searched among only the "
                f"first {searched} release rows of the seeded order (linkage.anonymeter.max_pairs): their "
                "risks are lower bounds"
            )
        rows["release_searched"] = min(n_pool, searched)
        lower = rows["release_searched"] < n_rel
        truth = targets.column(secret).to_pylist() if inf_cols else []
        if link_cols:
            same = np.array([x == y for x, y in zip(ident["a"], ident["b"], strict=True)], dtype=bool)
            link = _result(
                int(same[:m_ori].sum()), link_base, int(same[m_ori:].sum()), m_ori, m_ctl, confidence_level
            )
            link.lower_bound = lower
        if inf_cols:
            ok = _correct(guess, truth)
            base = int(_correct([base_vals[int(i)] for i in base_idx], truth[:m_ori]).sum()) if m_ori else 0
            inf = _result(int(ok[:m_ori].sum()), base, int(ok[m_ori:].sum()), m_ori, m_ctl, confidence_level)
            inf.lower_bound = lower
    return AnonymeterResult(
        n_attacks=n_attacks,
        seed=seed,
        confidence_level=confidence_level,
        aux_columns=cols,
        secret=secret,
        control_source=control_source,
        rows=rows,
        singling_out=so,
        linkability=link,
        inference=inf,
        notes=notes,
    )


def anonymeter_attacks(
    ori: pd.DataFrame,
    syn: pd.DataFrame,
    control: pd.DataFrame,
    aux_columns: list[str],
    *,
    secret: str | None = None,
    n_attacks: int = 500,
    seed: int = 0,
    confidence_level: float = 0.95,
    control_source: str = "file",
    max_rows: int | None = None,
    max_pairs: int = DEFAULT_MAX_PAIRS,
) -> AnonymeterResult:
    """:func:`attack_tables` on in-memory frames (values compared as text), through a private DuckDB engine."""
    from ..engine import DuckDBEngine

    use = list(dict.fromkeys(list(aux_columns) + ([secret] if secret else [])))

    def text(df: pd.DataFrame) -> pd.DataFrame:
        return df[use].astype(object).where(df[use].notna(), None).map(lambda v: v if v is None else str(v))

    engine = DuckDBEngine()
    try:
        tables = [engine.from_pandas(text(df))[1] for df in (ori, syn, control)]
        return attack_tables(
            engine,
            tables[0],
            tables[1],
            tables[2],
            list(aux_columns),
            secret=secret,
            n_attacks=n_attacks,
            seed=seed,
            confidence_level=confidence_level,
            control_source=control_source,
            max_rows=max_rows,
            max_pairs=max_pairs,
        )
    finally:
        engine.close()
