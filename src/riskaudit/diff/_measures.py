"""The registered measures a release diff compares: where each comes from in the scorecard, which way is better,
and its default tolerance.

A tolerance is how far a measure may get worse before the diff fails: ``max(abs, rel * |old|)`` (for
``toward_one``: the growth of ``|1 - x|``). Counts and the deterministic re-identification figures default to no
tolerance at all (any worsening fails); estimates and rates that move with sampling get a small one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..scorecard import Scorecard
from ._model import Direction

__all__ = ["MEASURES", "Measure", "measure_values"]

Values = dict[str, Any]


@dataclass(frozen=True)
class Measure:
    name: str
    direction: Direction
    abs: float
    rel: float
    description: str
    extract: Callable[[Scorecard], Values]


def _reident(attr: Callable[[Any], Any]) -> Callable[[Scorecard], Any]:
    def get(sc: Scorecard) -> Any:
        r = sc.results.reident
        if r is None:
            return None
        try:
            return attr(r)
        except (AttributeError, TypeError, ValueError, ZeroDivisionError):
            return None

    return get


def _single(name: str, fn: Callable[[Scorecard], Any]) -> Callable[[Scorecard], Values]:
    return lambda sc: {name: fn(sc)}


def _bias(name: str, fn: Callable[[Any], Any]) -> Callable[[Scorecard], Values]:
    def get(sc: Scorecard) -> Values:
        b = sc.results.bias
        if b is None:
            return {}
        out: Values = {}
        for a in b.attributes:
            try:
                out[f"{name}[{a.attribute}]"] = fn(a)
            except AttributeError:
                out[f"{name}[{a.attribute}]"] = None
        if all(v is None for v in out.values()):
            return {
                name: None
            }  # no label / decision configured: one not-measured entry, not one per attribute
        return out

    return get


def _pii_count(sc: Scorecard) -> Any:
    return None if sc.results.pii is None else len(sc.results.pii.direct_identifiers)


_R: list[tuple[str, Direction, float, float, str, Callable[[Any], Any]]] = [
    ("reident.k", "up", 0, 0, "smallest equivalence class on the quasi-identifiers", lambda r: r.k),
    (
        "reident.classes",
        "down",
        0,
        0,
        "equivalence classes (a count: a larger release has more; judge the shares or set a tolerance)",
        lambda r: r.classes,
    ),
    (
        "reident.small_classes",
        "down",
        0,
        0,
        "equivalence classes smaller than the policy's k (a count)",
        lambda r: sum(
            n for size, n in r.class_size_histogram.items() if int(str(size).rstrip("+")) < r.k_threshold
        ),
    ),
    (
        "reident.mean_class_size",
        "up",
        0,
        1e-9,
        "records / equivalence classes",
        lambda r: r.records / r.classes,
    ),
    ("reident.sample_uniques", "down", 0, 0, "records alone in their class", lambda r: r.sample_uniques),
    (
        "reident.sample_uniques_share",
        "down",
        0,
        1e-9,
        "sample uniques / records",
        lambda r: r.sample_uniques / r.records,
    ),
    (
        "reident.records_in_small_classes",
        "down",
        0,
        0,
        "records in classes smaller than the policy's k",
        lambda r: r.records_in_small_classes,
    ),
    (
        "reident.share_in_small_classes",
        "down",
        0,
        1e-9,
        "share of records in classes smaller than the policy's k",
        lambda r: r.share_in_small_classes,
    ),
    (
        "reident.prosecutor_highest",
        "down",
        0,
        1e-9,
        "prosecutor risk of the most exposed record (1/k)",
        lambda r: r.prosecutor.highest,
    ),
    (
        "reident.prosecutor_average",
        "down",
        0,
        1e-9,
        "average prosecutor risk (classes / records)",
        lambda r: r.prosecutor.average,
    ),
    (
        "reident.prosecutor_records_at_risk",
        "down",
        0,
        1e-9,
        "share of records above the risk threshold",
        lambda r: r.prosecutor.records_at_risk,
    ),
    (
        "reident.journalist_highest",
        "down",
        0.001,
        0,
        "journalist risk of the most exposed record",
        lambda r: r.journalist.highest,
    ),
    (
        "reident.population_uniqueness",
        "down",
        0.005,
        0,
        "estimated share of population uniques (a model estimate)",
        lambda r: r.population_uniqueness.estimate,
    ),
]

MEASURES: dict[str, Measure] = {}
for _name, _dir, _abs, _rel, _desc, _fn in _R:
    MEASURES[_name] = Measure(_name, _dir, _abs, _rel, _desc, _single(_name, _reident(_fn)))
MEASURES["pii.direct_identifiers"] = Measure(
    "pii.direct_identifiers",
    "down",
    0,
    0,
    "columns the PII scan calls direct identifiers (count; each column is "
    "also compared: a new one is always worse)",
    _single("pii.direct_identifiers", _pii_count),
)
for _name, _dir, _desc, _fn in [
    (
        "bias.min_impact_ratio",
        "toward_one",
        "lowest impact ratio of the label over eligible groups",
        lambda a: a.outcome.min_impact_ratio,
    ),
    (
        "bias.demographic_parity_difference",
        "down",
        "max - min positive rate of the label over eligible groups",
        lambda a: a.outcome.demographic_parity_difference,
    ),
    (
        "bias.model_min_impact_ratio",
        "toward_one",
        "lowest impact ratio of the model's decision",
        lambda a: a.model.min_impact_ratio,
    ),
    (
        "bias.model_equalized_odds_difference",
        "down",
        "equalized-odds difference of the model's decision",
        lambda a: a.model.equalized_odds_difference,
    ),
]:
    MEASURES[_name] = Measure(_name, _dir, 0.02, 0, _desc, _bias(_name, _fn))


def measure_values(sc: Scorecard) -> dict[str, tuple[Measure, Any]]:
    """Every registered measure's value(s) in ``sc``: key -> (measure, value or None when not measured)."""
    out: dict[str, tuple[Measure, Any]] = {}
    for m in MEASURES.values():
        for key, value in m.extract(sc).items():
            if isinstance(value, float) and value != value:  # NaN: not measured
                value = None
            out[key] = (m, value)
    return out
