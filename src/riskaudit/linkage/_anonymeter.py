"""Release-vs-original privacy attacks as defined by Anonymeter (Giomi et al. 2023), seeded.

Three attackers each get a success rate (Wilson interval), a random-guess baseline and a control
rate measured on records that are *not* in the release's source (the control split). Risk is the
control-corrected rate (r_att - r_ctl) / (1 - r_ctl), clipped to [0, 1] (``anonymeter/stats``).

- **singling out (univariate)**: predicates ``col == v`` built from values that are unique in the
  release (and ``col <= min`` / ``col >= max`` for numeric columns); success = the predicate matches
  exactly one original record. Control: the same predicates on the control records. Original and
  control are cut to the same size (seeded) instead of Anonymeter's fitted size correction.
  Baseline: ``col == v`` with v drawn uniformly from the column's distinct release values.
- **linkability**: the auxiliary columns are split in two halves; for a target record, the nearest
  release row on the first half and the nearest on the second half must be the same row.
  Baseline: two random release rows coincide.
- **inference**: the nearest release row on the auxiliary columns gives a guess of ``secret``;
  correct if equal (numeric: |guess - secret| <= 5 % of |guess|). Baseline: a random release row's secret.

Distances are Gower-like: numeric |a-b| / range, categorical 0/1 (missing vs anything: 1), averaged.
Nearest neighbours are found by brute force (ties: lowest release index). The data reach Python only
as bounded, seeded samples (``max_rows`` per table); every draw uses ``numpy.random.default_rng(seed)``,
so two runs give identical output (Anonymeter itself is unseeded).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from ._stats import Rate, Risk, residual_risk, wilson

__all__ = ["AnonymeterResult", "AttackResult", "anonymeter_attacks"]


class AttackResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    attack: Rate
    baseline: Rate
    control: Rate
    risk: Risk
    trustworthy: bool = Field(description="False when the random baseline does at least as well as the attack.")


class AnonymeterResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n_attacks: int
    seed: int
    confidence_level: float
    aux_columns: list[str]
    secret: str | None = None
    control_source: str = Field(description="'file' or 'split' (a seeded share of the original held out).")
    rows: dict[str, int]
    singling_out: AttackResult
    linkability: AttackResult | None = None
    inference: AttackResult | None = None
    notes: list[str] = Field(default_factory=list)


class _Space:
    """Encodes columns for Gower-like distances."""

    def __init__(self, frames: list[pd.DataFrame], cols: list[str]) -> None:
        self.cols = cols
        self.numeric: dict[str, tuple[float, float]] = {}
        self.codes: dict[str, dict[str, int]] = {}
        for c in cols:
            allv = pd.concat([f[c] for f in frames], ignore_index=True)
            num = pd.to_numeric(allv, errors="coerce")
            if allv.notna().sum() > 0 and num.notna().sum() == allv.notna().sum():
                lo, hi = float(num.min()), float(num.max())
                self.numeric[c] = (lo, (hi - lo) or 1.0)
            else:
                cats = sorted(set(allv.dropna().astype(str)))
                self.codes[c] = {v: i for i, v in enumerate(cats)}

    def encode(self, df: pd.DataFrame) -> list[np.ndarray]:
        out = []
        for c in self.cols:
            if c in self.numeric:
                lo, rng = self.numeric[c]
                out.append(((pd.to_numeric(df[c], errors="coerce") - lo) / rng).to_numpy(dtype=float))
            else:
                m = self.codes[c]
                out.append(np.array([-1 if pd.isna(v) else m.get(str(v), -1) for v in df[c]], dtype=np.int64))
        return out

    def nearest(self, targets: pd.DataFrame, pool: pd.DataFrame, chunk: int = 256) -> np.ndarray:
        T, P = self.encode(targets), self.encode(pool)
        n = len(targets)
        best = np.zeros(n, dtype=np.int64)
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            d = np.zeros((e - s, len(pool)))
            for c, t, p in zip(self.cols, T, P, strict=True):
                if c in self.numeric:
                    diff = np.abs(t[s:e, None] - p[None, :])
                    d += np.where(np.isnan(diff), 1.0, np.minimum(diff, 1.0))
                else:
                    d += (t[s:e, None] != p[None, :]) | (t[s:e, None] < 0)
            best[s:e] = np.argmin(d, axis=1)
        return best


def _count_matches(df: pd.DataFrame, col: str, op: str, v) -> int:
    s = df[col]
    if op == "==":
        return int((s.astype("string") == str(v)).sum())
    num = pd.to_numeric(s, errors="coerce")
    return int((num <= v).sum()) if op == "<=" else int((num >= v).sum())


def _singling_out(ori, syn, ctl, cols, n, rng, conf) -> tuple[AttackResult, list[str]]:
    notes = []
    pool = []
    for c in cols:
        vc = syn[c].dropna().astype("string").value_counts()
        pool += [(c, "==", v) for v in sorted(vc[vc == 1].index.tolist())]
        num = pd.to_numeric(syn[c], errors="coerce")
        if syn[c].notna().sum() and num.notna().sum() == syn[c].notna().sum():
            pool += [(c, "<=", float(num.min())), (c, ">=", float(num.max()))]
    if not pool:
        notes.append("singling out: the release has no unique value to build a predicate from")
        pool = [(c, "==", str(syn[c].dropna().astype("string").iloc[0])) for c in cols if syn[c].notna().any()]
    idx = rng.choice(len(pool), size=n, replace=len(pool) < n)
    queries = [pool[i] for i in idx]
    att = sum(_count_matches(ori, *q) == 1 for q in queries)
    ctl_s = sum(_count_matches(ctl, *q) == 1 for q in queries)
    base = 0
    domain = {c: sorted(syn[c].dropna().astype(str).unique().tolist()) for c in cols}
    for _ in range(n):
        c = cols[int(rng.integers(len(cols)))]
        vals = domain[c]
        if vals:
            base += _count_matches(ori, c, "==", vals[int(rng.integers(len(vals)))]) == 1
    return _result(att, base, ctl_s, n, conf), notes


def _result(att: int, base: int, ctl: int, n: int, conf: float) -> AttackResult:
    a, b, c = wilson(int(att), n, conf), wilson(int(base), n, conf), wilson(int(ctl), n, conf)
    return AttackResult(attack=a, baseline=b, control=c, risk=residual_risk(a, c), trustworthy=a.value > b.value)


def _linkability(ori, syn, ctl, cols, n, rng, conf) -> AttackResult | None:
    if len(cols) < 2:
        return None
    half = len(cols) // 2
    A, B = cols[:half], cols[half:]
    sa, sb = _Space([ori, syn, ctl], A), _Space([ori, syn, ctl], B)
    t = ori.iloc[rng.choice(len(ori), size=min(n, len(ori)), replace=False)]
    tc = ctl.iloc[rng.choice(len(ctl), size=min(n, len(ctl)), replace=False)]
    att = int((sa.nearest(t, syn) == sb.nearest(t, syn)).sum())
    ctl_s = int((sa.nearest(tc, syn) == sb.nearest(tc, syn)).sum())
    m = len(t)
    base = int((rng.integers(len(syn), size=m) == rng.integers(len(syn), size=m)).sum())
    return _result(att, base, ctl_s, m, conf)


def _correct(guess: pd.Series, truth: pd.Series) -> np.ndarray:
    g, s = guess.reset_index(drop=True), truth.reset_index(drop=True)
    gn, sn = pd.to_numeric(g, errors="coerce"), pd.to_numeric(s, errors="coerce")
    if gn.notna().all() and sn.notna().all():
        return (np.abs(gn - sn) <= 0.05 * np.abs(gn)).to_numpy()
    return (g.astype("string").fillna("\x00") == s.astype("string").fillna("\x00")).to_numpy()


def _inference(ori, syn, ctl, cols, secret, n, rng, conf) -> AttackResult:
    sp = _Space([ori, syn, ctl], cols)
    t = ori.iloc[rng.choice(len(ori), size=min(n, len(ori)), replace=False)]
    tc = ctl.iloc[rng.choice(len(ctl), size=min(n, len(ctl)), replace=False)]
    att = int(_correct(syn[secret].iloc[sp.nearest(t, syn)], t[secret]).sum())
    ctl_s = int(_correct(syn[secret].iloc[sp.nearest(tc, syn)], tc[secret]).sum())
    rand = syn[secret].iloc[rng.integers(len(syn), size=len(t))]
    base = int(_correct(rand, t[secret]).sum())
    return _result(att, base, ctl_s, len(t), conf)


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
) -> AnonymeterResult:
    """The three attacks on in-memory, bounded samples (the caller draws them from the engine)."""
    rng = np.random.default_rng(seed)
    notes: list[str] = []
    size = min(len(ori), len(control))
    ori_eq = ori.iloc[np.sort(rng.choice(len(ori), size=size, replace=False))] if len(ori) > size else ori
    ctl_eq = control.iloc[np.sort(rng.choice(len(control), size=size, replace=False))] if len(control) > size else control
    so, so_notes = _singling_out(ori_eq, syn, ctl_eq, aux_columns, n_attacks, rng, confidence_level)
    notes += so_notes
    link = _linkability(ori, syn, control, aux_columns, n_attacks, rng, confidence_level)
    if link is None:
        notes.append("linkability needs at least two auxiliary columns")
    inf = None
    if secret:
        inf = _inference(ori, syn, control, [c for c in aux_columns if c != secret], secret, n_attacks, rng,
                         confidence_level)
    return AnonymeterResult(
        n_attacks=n_attacks, seed=seed, confidence_level=confidence_level, aux_columns=list(aux_columns),
        secret=secret, control_source=control_source,
        rows={"original": len(ori), "release": len(syn), "control": len(control)},
        singling_out=so, linkability=link, inference=inf, notes=notes,
    )
