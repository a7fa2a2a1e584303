"""Journalist and marketer risk (El Emam; ARX ``RiskModelSampleSummary``) against a population.

The population class size F_j comes either from a population table (a file with the QI columns and
a count column: F_j = the count of the matching row; a sample class absent from the table gets
F_j = f_j, the least the population can hold). With only N or pi known, the crude F_j = f_j / pi used
before issue 11 made journalist highest exactly pi/k; the log-linear model (``_population_model.py``)
estimates E(1/F | f) instead (``population_source: "model:<model>"``).

    journalist highest            = 1 / min_j F_j
    journalist records_at_risk    = sum_{j: 1/F_j > t} f_j / n
    journalist average (success)  = max(J / sum_j F_j, (1/n) sum_j f_j / F_j)
    marketer average              = (1/n) sum_j f_j / F_j
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from .._keys import value_key
from ..engine import Engine
from ._result import JournalistRisk, MarketerRisk

__all__ = ["JournalistRisk", "MarketerRisk", "population_risks"]


def population_risks(
    engine: Engine,
    patterns: ir.Table,
    quasi_identifiers: list[str],
    threshold: float,
    *,
    population: ir.Table | None = None,
    count_column: str = "count",
    sampling_fraction: float | None = None,
) -> tuple[JournalistRisk, MarketerRisk] | None:
    """``patterns`` has the QIs and ``__count`` (one row per equivalence class)."""
    cls = patterns.select(*quasi_identifiers, __f=patterns["__count"])
    missing_from_table = 0
    if population is not None:
        pop = population.group_by(
            [value_key(population[q]).name(f"__p{i}") for i, q in enumerate(quasi_identifiers)]
        ).agg(__popF=population[count_column].cast("float64").sum())
        left = cls.mutate(**{f"__k{i}": value_key(cls[q]) for i, q in enumerate(quasi_identifiers)})
        j = left.left_join(
            pop, [left[f"__k{i}"].identical_to(pop[f"__p{i}"]) for i in range(len(quasi_identifiers))]
        )
        F = ibis.greatest(j["__popF"].fill_null(j["__f"].cast("float64")), j["__f"].cast("float64"))
        j = j.mutate(__FF=F, __absent=j["__popF"].isnull())
        source = "table"
    else:  # with only a sampling fraction the log-linear model estimates F (_population_model.py)
        return None
    agg = j.aggregate(
        n=j["__f"].sum(),
        J=j.count(),
        minF=j["__FF"].min(),
        sumF=j["__FF"].sum(),
        marketer=(j["__f"] / j["__FF"]).sum(),
        at_risk=ibis.ifelse(1.0 / j["__FF"] > threshold, j["__f"], 0).sum(),
        absent=j["__absent"].cast("int64").sum(),
    )
    row = engine.execute(agg).iloc[0]
    n, J = float(row["n"]), float(row["J"])
    marketer = float(row["marketer"]) / n
    missing_from_table = int(row["absent"] or 0)
    journalist = JournalistRisk(
        highest=1.0 / float(row["minF"]),
        average=max(J / float(row["sumF"]), marketer),
        records_at_risk=float(row["at_risk"]) / n,
        population_source=source,
        classes_not_in_population_table=missing_from_table,
    )
    return journalist, MarketerRisk(average=marketer, population_source=source)
