"""``results.reident.population_model``: the Skinner-Shlomo measures on engine aggregates.

Everything the model needs comes from GROUP BYs over the (already materialised) class table
``patterns`` (one row per QI pattern with ``__count``): each QI's margin, each pair's two-way table, and
finally the classes grouped by (f, log mu rounded to ``LOG_BIN``), computed on the engine by joining
the fitted factors (small in-memory tables) to the classes. Only margins, two-way tables and that
grouped table come back to Python.
"""

from __future__ import annotations

import itertools
import math

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from ..engine import Engine
from ._loglinear import LOG_BIN, LogLinearFit, ModelRisk, model_risk
from ._model_select import fit_candidates
from ._result import ModelAlternative, PopulationModel

__all__ = ["ModelAlternative", "PopulationModel", "population_model"]

MAX_CELLS = 20_000_000


def _key(v) -> str | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def _margins(engine: Engine, patterns: ir.Table, qis: list[str]):
    """Codes (value -> 0..L-1, sorted as text, NULL last) and one-way margins, from GROUP BYs."""
    codes, margins = [], []
    for q in qis:
        df = engine.execute(
            patterns.group_by(__v=patterns[q].cast("string")).agg(__c=patterns["__count"].sum())
        )
        items = sorted(
            ((_key(v), float(c)) for v, c in zip(df["__v"], df["__c"], strict=True)),
            key=lambda vc: (vc[0] is None, str(vc[0])),
        )
        codes.append({v: i for i, (v, _) in enumerate(items)})
        margins.append(np.array([c for _, c in items], dtype=float))
    return codes, margins


def _pairs(engine: Engine, coded: ir.Table, cards: list[int]) -> dict[tuple[int, int], np.ndarray]:
    """Every pair's two-way table, from GROUP BYs over the coded classes."""
    pairs = {}
    for a, b in itertools.combinations(range(len(cards)), 2):
        df = engine.execute(coded.group_by(f"__c{a}", f"__c{b}").agg(__n=coded["__count"].sum()))
        t = np.zeros((cards[a], cards[b]))
        t[df[f"__c{a}"].to_numpy(dtype=np.int64), df[f"__c{b}"].to_numpy(dtype=np.int64)] = df[
            "__n"
        ].to_numpy(dtype=float)
        pairs[(a, b)] = t
    return pairs


def _small(engine: Engine, df: pd.DataFrame) -> ir.Table:
    """A small in-memory table on the engine (``Engine.from_pandas``: a view on DuckDB, a temp view on
    Spark; an Ibis memtable is not registered by every backend's execution path). The engine's error
    context stays on the audited dataset."""
    context, fmt = engine.context, getattr(engine, "_format", None)
    try:
        return engine.from_pandas(df)[0]
    finally:
        engine.context = context
        if fmt is not None:
            engine._format = fmt  # type: ignore[attr-defined]


def _coded(engine: Engine, patterns: ir.Table, qis: list[str], codes: list[dict]) -> ir.Table:
    t = patterns.select(*qis, "__count")
    for i, q in enumerate(qis):
        items = list(codes[i].items())
        mt = _small(
            engine,
            pd.DataFrame(
                {
                    f"__v{i}": pd.array([v for v, _ in items], dtype="string"),
                    f"__c{i}": np.array([c for _, c in items], dtype="int64"),
                }
            ),
        )
        t = t.join(mt, t[q].cast("string").identical_to(mt[f"__v{i}"])).drop(f"__v{i}")
    return engine.materialize(t.select(*[f"__c{i}" for i in range(len(qis))], "__count"), "coded")


def _binned(engine: Engine, coded: ir.Table, fit: LogLinearFit) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Classes grouped by (f, round(log mu / LOG_BIN)), computed on the engine."""
    t = coded
    terms = []
    for q, m in enumerate(fit.main):
        if not np.any(m):
            continue
        mt = _small(
            engine, pd.DataFrame({f"__c{q}": np.arange(len(m), dtype="int64"), f"__m{q}": m.astype(float)})
        )
        t = t.join(mt, [f"__c{q}"])
        terms.append(f"__m{q}")
    for (a, b), lp in fit.pair.items():
        ia, ib = np.nonzero(np.isfinite(lp))
        mt = _small(
            engine,
            pd.DataFrame(
                {
                    f"__c{a}": ia.astype("int64"),
                    f"__c{b}": ib.astype("int64"),
                    f"__p{a}_{b}": lp[ia, ib].astype(float),
                }
            ),
        )
        t = t.join(mt, [f"__c{a}", f"__c{b}"])
        terms.append(f"__p{a}_{b}")
    lmu = ibis.literal(float(fit.const))
    for c in terms:
        lmu = lmu + t[c]
    t = t.mutate(__bin=(lmu / LOG_BIN).round().cast("int64"))
    df = engine.execute(t.group_by("__count", "__bin").agg(__w=ibis._.count()).order_by(["__count", "__bin"]))
    return (
        df["__count"].to_numpy(dtype=float),
        df["__bin"].to_numpy(dtype=float) * LOG_BIN,
        df["__w"].to_numpy(dtype=float),
    )


def population_model(
    engine: Engine,
    patterns: ir.Table,
    qis: list[str],
    pi: float,
    N: int,
    threshold: float,
    *,
    max_cells: int = MAX_CELLS,
) -> tuple[PopulationModel, ModelRisk]:
    codes, margins = _margins(engine, patterns, qis)
    coded = _coded(engine, patterns, qis, codes)
    try:
        pairs = _pairs(engine, coded, [len(c) for c in codes])
        chosen, kept, fallback, reason, fits = fit_candidates(margins, pairs, max_cells=max_cells)
        risks: dict[str, ModelRisk] = {}
        for name, fit in fits.items():
            f, lmu, w = _binned(engine, coded, fit)
            risks[name] = model_risk(fit, pi, N, f, lmu, w, threshold, max_cells=max_cells)
    finally:
        engine.drop(coded)
    r = risks[chosen.model]
    pm = PopulationModel(
        model=chosen.model,
        reason=reason,
        fallback=fallback,
        interactions=[[qis[a], qis[b]] for a, b in sorted(chosen.pair)],
        grid_cells=float(chosen.cells()),
        sampling_fraction=pi,
        population_size=int(N),
        tau1=r.tau1,
        tau2=r.tau2,
        population_uniques=r.population_uniques,
        population_uniqueness=r.population_uniques / N,
        journalist_highest=r.journalist_highest,
        journalist_average=r.journalist_average,
        marketer_average=r.marketer_average,
        records_at_risk=r.records_at_risk,
        threshold=threshold,
        alternatives={
            k: ModelAlternative(
                tau1=v.tau1,
                tau2=v.tau2,
                population_uniques=v.population_uniques,
                population_uniqueness=v.population_uniques / N,
                marketer_average=v.marketer_average,
                journalist_highest=v.journalist_highest,
            )
            for k, v in sorted(risks.items())
        },
    )
    return pm, r
