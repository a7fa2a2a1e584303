"""Re-identification scan: a pure function from tables, quasi-identifiers and config to a result.

One GROUP BY over the QIs (with a sensitive attribute: over the QIs and its value) gives the distinct
patterns (cached on the engine, size = classes); every measure below is computed from it or from one
further GROUP BY per further sensitive attribute. Only
histograms and one-row aggregates come back to Python.
"""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir

from ..config import ReidentConfig
from ..config._reident import DiversityConfig
from ..engine import Engine
from ..errors import ColumnError, ConfigError
from ._closeness import closeness
from ._diversity import class_value_stats, l_diversity_of_classes, value_counts_per_class
from ._drivers import uniqueness_drivers
from ._estimators import dankar
from ._individual import individual_risk
from ._missing import pattern_sizes
from ._per_record import write_per_record
from ._population import JournalistRisk, MarketerRisk, population_risks
from ._population_model import population_model
from ._prosecutor import prosecutor_risk
from ._result import PopulationUniqueness, ReidentResult

__all__ = ["scan_reident"]


def _histograms(engine: Engine, patterns: ir.Table) -> tuple[dict[int, int], dict[int, int]]:
    """(size -> patterns, size -> records)."""
    h = patterns.group_by("__size").agg(__classes=ibis._.count(), __records=patterns["__count"].sum())
    df = engine.execute(h)
    rows = sorted(zip(df["__size"], df["__classes"], df["__records"], strict=True))
    return {int(s): int(c) for s, c, _ in rows}, {int(s): int(r) for s, _, r in rows}


def _value_tables(
    engine: Engine, table: ir.Table, quasi_identifiers: list[str], sensitive: str, div: DiversityConfig
) -> tuple[ir.Table | None, ir.Table]:
    """For one sensitive attribute, materialised: its (QIs, value) counts when t-closeness needs every
    value's count (else None), and one row per class with its size and l-diversity statistics. The
    GROUP BY over the data goes through ``engine.materialize_grouped``, which bounds its memory."""

    def counts(t: ir.Table) -> ir.Table:
        return value_counts_per_class(t, quasi_identifiers, sensitive)

    if div.closeness:
        cs = engine.materialize_grouped(table, quasi_identifiers, counts, "values")
        return cs, engine.materialize(
            class_value_stats(cs, quasi_identifiers, recursive_l=div.recursive_l), "classes"
        )
    per = engine.materialize_grouped(
        table,
        quasi_identifiers,
        lambda t: class_value_stats(counts(t), quasi_identifiers, recursive_l=div.recursive_l),
        "classes",
    )
    return None, per


def _finite(v: float | None) -> float | None:
    return v if v is not None and math.isfinite(v) else None


def scan_reident(
    engine: Engine,
    table: ir.Table,
    quasi_identifiers: list[str],
    config: ReidentConfig | None = None,
    *,
    source: str = "config",
    sensitive: list[str] | None = None,
    weight: str | None = None,
    population: ir.Table | None = None,
    drivers: bool | None = None,
) -> ReidentResult:
    """Equivalence classes over ``quasi_identifiers`` and every configured risk model.

    ``sensitive`` enables l-diversity, t-closeness and delta-disclosure; ``weight`` the
    Benedetti-Franconi individual risk; ``population`` (a table with the QIs and
    ``config.population_count_column``) or ``config.population_size`` / ``sampling_fraction``
    journalist/marketer risk and population uniqueness; ``drivers`` (default: config) the uniqueness drivers.
    """
    config = config or ReidentConfig()
    if not quasi_identifiers:
        raise ColumnError(
            "columns.quasi_identifiers: no quasi-identifiers given or suggested; name them in the config or with --qi"
        )
    missing = [c for c in quasi_identifiers if c not in table.columns]
    if missing:
        raise ColumnError(f"quasi-identifier '{missing[0]}' is not a column of the dataset")
    for c in sensitive or []:
        if c not in table.columns:
            raise ColumnError(f"sensitive attribute '{c}' is not a column of the dataset")
        if c in quasi_identifiers:
            raise ColumnError(
                f"column '{c}' is both a quasi-identifier and a sensitive attribute; pick one role"
            )
    if weight and weight not in table.columns:
        raise ColumnError(f"columns.weight: '{weight}' is not a column of the dataset")
    if population is not None:
        absent = [
            c for c in [*quasi_identifiers, config.population_count_column] if c not in population.columns
        ]
        if absent:
            raise ColumnError(
                f"reident.population_table: column '{absent[0]}' is missing from the population table "
                f"(it needs the QI columns and '{config.population_count_column}')"
            )
    notes: list[str] = []
    sensitive = list(sensitive or [])
    # One pass over the data. With a sensitive attribute, the (QIs, value) counts give, per class, both
    # the class size and the l-diversity statistics; the (QIs, value) table itself is kept only for the
    # measures that need every value's count (t-closeness, delta-disclosure).
    div = config.diversity
    first_cs, classes = (
        _value_tables(engine, table, quasi_identifiers, sensitive[0], div) if sensitive else (None, None)
    )
    patterns = engine.materialize(
        pattern_sizes(table, quasi_identifiers, config.missing, counts=classes), "patterns"
    )
    try:
        hist, rec_hist = _histograms(engine, patterns)
        records = sum(rec_hist.values())
        small = sum(r for s, r in rec_hist.items() if s < config.k)
        wildcard = config.missing == "wildcard"
        if wildcard:
            notes.append(
                "missing: wildcard: sizes are per record (NULL matches any value); classes = distinct QI patterns"
            )
        result = ReidentResult(
            quasi_identifiers=list(quasi_identifiers),
            quasi_identifiers_source=source,
            missing=config.missing,
            records=records,
            classes=sum(hist.values()),
            k=min(rec_hist),
            k_threshold=config.k,
            class_size_histogram={str(s): c for s, c in hist.items()},
            record_size_histogram={str(s): r for s, r in rec_hist.items()} if wildcard else None,
            sample_uniques=rec_hist.get(1, 0),
            records_in_small_classes=small,
            share_in_small_classes=small / records,
            prosecutor=prosecutor_risk(hist, config.risk_threshold, rec_hist if wildcard else None),
        )
        # population: size N, sampling fraction pi
        N = config.population_size
        if N is None and config.sampling_fraction:
            N = max(round(records / config.sampling_fraction), records)
        if N is not None and N < records:
            raise ConfigError(
                f"reident.population_size: {N} is smaller than the {records} records in the sample"
            )
        pi = records / N if N else None
        if population is not None:  # exact: F from the population table
            pops = population_risks(
                engine,
                patterns,
                quasi_identifiers,
                config.risk_threshold,
                population=population,
                count_column=config.population_count_column,
            )
            if pops is not None:
                result.journalist, result.marketer = pops
        if N:
            # the model and the estimators treat classes as cells: with wildcards they use the patterns
            pm, risk = population_model(engine, patterns, quasi_identifiers, pi, N, config.risk_threshold)
            result.population_model = pm
            if population is None:  # from a sampling fraction: the model, never F = f/pi
                source = "model:" + pm.model
                result.journalist = JournalistRisk(
                    highest=risk.journalist_highest,
                    average=risk.journalist_average,
                    records_at_risk=risk.records_at_risk,
                    population_source=source,
                )
                result.marketer = MarketerRisk(average=risk.marketer_average, population_source=source)
            est = dankar(hist, N)
            dk = _finite(est.uniques)
            if pm.fallback:  # dependence the grid cannot hold: the independence model over-estimates
                uniques, model, rule = dk, est.model, "dankar-2012"
                notes.append(
                    "population uniqueness: " + pm.reason + "; estimate from the Dankar et al. 2012 rule"
                )
            else:
                uniques, model, rule = (
                    _finite(pm.population_uniques),
                    "loglinear-" + pm.model,
                    "loglinear-aic",
                )
            result.population_uniqueness = PopulationUniqueness(
                estimate=_finite(uniques / N) if uniques is not None else None,
                uniques=uniques,
                model=model,
                rule=rule,
                dankar=dk,
                dankar_model=est.model,
                loglinear=_finite(pm.population_uniques),
                population_size=int(N),
                sampling_fraction=pi,
                pitman=_finite(est.pitman),
                zayatz=_finite(est.zayatz),
                snb=_finite(est.snb),
                sample_uniques_share=rec_hist.get(1, 0) / records,
            )
        if population is None and not N:
            result.population_not_measured = (
                "journalist, marketer and population uniqueness need reident.population_table, "
                "reident.population_size or reident.sampling_fraction"
            )
        if sensitive:
            ld, tc, dd = {}, {}, {}
            for s in sensitive:
                first = s == sensitive[0]
                cs, per = (
                    (first_cs, classes) if first else _value_tables(engine, table, quasi_identifiers, s, div)
                )
                try:
                    ld[s] = l_diversity_of_classes(
                        engine, per, recursive_l=div.recursive_l, l_threshold=div.l
                    )
                    if div.closeness:
                        tc[s], dd[s] = closeness(
                            engine,
                            cs,
                            quasi_identifiers,
                            s,
                            ordered=table[s].type().is_numeric(),
                            classes=per,
                            max_cells=div.ordered_max_cells,
                        )
                finally:
                    if not first:
                        for t in (cs, per):
                            if t is not None:
                                engine.drop(t)
            result.l_diversity, result.t_closeness, result.delta_disclosure = ld, tc or None, dd or None
        if weight:
            result.individual_risk = individual_risk(
                engine, table, quasi_identifiers, weight, config.risk_threshold
            )
        run_drivers = config.drivers.enabled if drivers is None else drivers
        if run_drivers:
            result.drivers = uniqueness_drivers(
                engine,
                table,
                patterns,
                quasi_identifiers,
                max_subset_size=config.drivers.max_subset_size,
                max_quasi_identifiers=config.drivers.max_quasi_identifiers,
                suggest=config.drivers.suggest,
                top=config.drivers.top,
            )
        if config.per_record_output:
            result.per_record_output = write_per_record(
                engine, table, patterns, quasi_identifiers, config.per_record_output
            )
        result.notes = notes
        return result
    finally:
        for t in (patterns, classes, first_cs):
            if t is not None:
                engine.drop(t)
