"""Gower-type row distance and blocked exact nearest neighbours (bounded memory).

Distance between two rows: the mean over columns of
- numeric: ``min(|a - b| / range, 1)``, range of the reference rows the distance is measured to (SDMetrics'
  convention); a constant column: 0 if equal else 1;
- categorical: 0 when equal, else 1;
- NULL vs NULL = 0, NULL vs a value = 1 (a value of a numeric column that does not parse as a number is NULL).

Distances are computed in blocks of query rows so that at most ``max_cells`` distances are held at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Encoded", "encode", "iter_blocks", "nearest_two", "kernel_mean"]

#: distances held at once per block (float64: 8 bytes each; temporaries about 3x)
MAX_CELLS = 1 << 21
#: categorical columns with at most this many codes go through one-hot matrix products
_ONEHOT_MAX = 256


@dataclass
class Encoded:
    num: np.ndarray  # (n, p) float64, NaN = NULL
    cat: np.ndarray  # (n, q) int64 codes, NULL has its own code

    @property
    def rows(self) -> int:
        return self.num.shape[0]


@dataclass
class Space:
    columns: list[str]
    numeric: list[str]
    categorical: list[str]
    ranges: np.ndarray  # (p,)
    cardinality: list[int]


def _text(s: pd.Series) -> pd.Series:
    s = s.astype("object")
    return s.where(s.notna(), None).map(
        lambda v: None if v is None or (isinstance(v, str) and v.strip() == "") else str(v).strip()
    )


def encode(frames: list[pd.DataFrame], columns: list[str], reference: int = 0) -> tuple[Space, list[Encoded]]:
    """Encode ``frames`` (all-text) on a shared space; numeric columns are those whose non-NULL values in the
    reference frame all parse as finite numbers; ranges come from the reference frame."""
    texts = [{c: _text(f[c]) for c in columns} for f in frames]
    numeric, categorical = [], []
    for c in columns:
        ref = texts[reference][c]
        vals = ref.dropna()
        parsed = pd.to_numeric(vals, errors="coerce")
        if len(vals) and parsed.notna().all() and np.isfinite(parsed.to_numpy(dtype=float)).all():
            numeric.append(c)
        else:
            categorical.append(c)
    ranges = []
    for c in numeric:
        x = pd.to_numeric(texts[reference][c], errors="coerce").to_numpy(dtype=float)
        x = x[np.isfinite(x)]
        ranges.append(float(x.max() - x.min()) if len(x) else 0.0)
    cards = []
    cat_codes: dict[str, list[np.ndarray]] = {}
    for c in categorical:
        allv = pd.concat([t[c] for t in texts], ignore_index=True)
        codes, uniques = pd.factorize(allv, use_na_sentinel=True)
        codes = np.where(codes < 0, len(uniques), codes).astype(np.int64)  # NULL: its own code
        cards.append(len(uniques) + 1)
        out, start = [], 0
        for t in texts:
            out.append(codes[start : start + len(t[c])])
            start += len(t[c])
        cat_codes[c] = out
    encs = []
    for i, t in enumerate(texts):
        n = len(frames[i])
        num = np.empty((n, len(numeric)), dtype=np.float64)
        for j, c in enumerate(numeric):
            v = pd.to_numeric(t[c], errors="coerce").to_numpy(dtype=float, copy=True)
            v[~np.isfinite(v)] = np.nan
            num[:, j] = v
        cat = np.empty((n, len(categorical)), dtype=np.int64)
        for j, c in enumerate(categorical):
            cat[:, j] = cat_codes[c][i]
        encs.append(Encoded(num=num, cat=cat))
    return Space(
        columns=list(columns),
        numeric=numeric,
        categorical=categorical,
        ranges=np.asarray(ranges, dtype=float),
        cardinality=cards,
    ), encs


class _Prepared:
    """Per-reference precomputation: one-hot blocks of low-cardinality categorical columns."""

    def __init__(self, space: Space, ref: Encoded) -> None:
        self.space = space
        self.ref = ref
        self.onehot_cols = [j for j, k in enumerate(space.cardinality) if k <= _ONEHOT_MAX]
        self.direct_cols = [j for j, k in enumerate(space.cardinality) if k > _ONEHOT_MAX]
        offs = np.cumsum([0] + [space.cardinality[j] for j in self.onehot_cols])
        self.offsets = offs[:-1]
        self.width = int(offs[-1])
        self.ref_onehot = self._onehot(ref) if self.onehot_cols else None
        self.ref_nan = [np.isnan(ref.num[:, j]) for j in range(ref.num.shape[1])]

    def _onehot(self, e: Encoded) -> np.ndarray:
        m = np.zeros((e.rows, self.width), dtype=np.float32)
        rows = np.arange(e.rows)
        for k, j in enumerate(self.onehot_cols):
            m[rows, self.offsets[k] + e.cat[:, j]] = 1.0
        return m


def ranges_of(e: Encoded) -> np.ndarray:
    """Per numeric column: max - min of the non-NULL values (0 when there are none)."""
    out = np.zeros(e.num.shape[1])
    for j in range(e.num.shape[1]):
        v = e.num[:, j]
        v = v[~np.isnan(v)]
        out[j] = float(v.max() - v.min()) if len(v) else 0.0
    return out


def iter_blocks(
    space: Space, query: Encoded, ref: Encoded, max_cells: int = MAX_CELLS, ranges: np.ndarray | None = None
) -> Iterator[tuple[slice, np.ndarray]]:
    """Yield (query slice, distance block) with the block of shape (rows in slice, reference rows). Numeric
    columns are scaled by ``ranges``, by default the range of the reference rows themselves (as SDMetrics'
    ``calculate_dcr`` does: train's range for the DCR to train, holdout's for the DCR to holdout)."""
    prep = _Prepared(space, ref)
    ranges = ranges_of(ref) if ranges is None else ranges
    n_ref = ref.rows
    d = len(space.columns)
    step = max(1, max_cells // max(n_ref, 1))
    for start in range(0, query.rows, step):
        sl = slice(start, min(start + step, query.rows))
        b = sl.stop - sl.start
        total = np.zeros((b, n_ref), dtype=np.float64)
        if prep.onehot_cols:
            q1 = prep._onehot(Encoded(num=query.num[sl], cat=query.cat[sl]))
            matches = q1 @ prep.ref_onehot.T  # equal categorical values per pair (exact small integers)
            total += len(prep.onehot_cols) - matches.astype(np.float64)
        for j in prep.direct_cols:
            total += query.cat[sl, j][:, None] != ref.cat[:, j][None, :]
        for j in range(query.num.shape[1]):
            qv, rv = query.num[sl, j], ref.num[:, j]
            qn, rn = np.isnan(qv), prep.ref_nan[j]
            diff = np.abs(qv[:, None] - rv[None, :])
            r = ranges[j]
            if r > 0:
                diff /= r
                np.minimum(diff, 1.0, out=diff)
            else:
                diff = (diff > 0).astype(np.float64)
            if qn.any() or rn.any():
                diff[qn[:, None] | rn[None, :]] = 1.0
                diff[qn[:, None] & rn[None, :]] = 0.0
            total += diff
        total /= d
        yield sl, total


def nearest_two(
    space: Space, query: Encoded, ref: Encoded, max_cells: int = MAX_CELLS, ranges: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distance of each query row to its nearest and second-nearest reference row (inf when there is none)."""
    d1 = np.full(query.rows, np.inf)
    d2 = np.full(query.rows, np.inf)
    for sl, block in iter_blocks(space, query, ref, max_cells, ranges):
        if block.shape[1] >= 2:
            part = np.partition(block, 1, axis=1)
            d1[sl], d2[sl] = part[:, 0], part[:, 1]
        elif block.shape[1] == 1:
            d1[sl] = block[:, 0]
    return d1, d2


def kernel_mean(
    space: Space,
    query: Encoded,
    ref: Encoded,
    bandwidth: float,
    max_cells: int = MAX_CELLS,
    ranges: np.ndarray | None = None,
) -> np.ndarray:
    """Gaussian kernel density on the distance: mean over reference rows of exp(-d^2 / (2 h^2))."""
    out = np.zeros(query.rows)
    for sl, block in iter_blocks(space, query, ref, max_cells, ranges):
        out[sl] = np.exp(-(block**2) / (2 * bandwidth**2)).mean(axis=1)
    return out
