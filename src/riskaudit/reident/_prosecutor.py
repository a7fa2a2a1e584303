"""Prosecutor-model measures from a class-size histogram (El Emam; ARX RiskModelSampleSummary)."""

from __future__ import annotations

from ._result import ProsecutorRisk

__all__ = ["ProsecutorRisk", "prosecutor_risk", "size_threshold"]


def size_threshold(t: float) -> int:
    """ARX's ParameterTranslation.getSizeThreshold: s = floor(1/t), +1 if 1/s - t >= 0.01 t.

    t=0.2 -> 5, 0.1 -> 10, 0.09 -> 12 (effective 0.0833), 0.05 -> 20, 0.33 -> 4.
    """
    s = int(1.0 / t)
    if 1.0 / s - t >= 0.01 * t:
        s += 1
    return s


def prosecutor_risk(
    histogram: dict[int, int], t: float, record_histogram: dict[int, int] | None = None
) -> ProsecutorRisk:
    """From the class-size histogram; with ``record_histogram`` (size -> records; missing: wildcard,
    where sizes are per record) the records-weighted measures use it: average = (1/n) sum_r 1/f_r."""
    classes = sum(histogram.values())
    rec = record_histogram if record_histogram is not None else {s: s * c for s, c in histogram.items()}
    records = sum(rec.values())
    k, largest = min(rec), max(rec)
    at_risk = sum(r for s, r in rec.items() if 1.0 / s > t)
    average = sum(r / s for s, r in rec.items()) / records
    return ProsecutorRisk(
        highest=1.0 / k,
        lowest=1.0 / largest,
        average=average,
        average_records_weighted=average,
        average_class_weighted=sum(c / s for s, c in histogram.items()) / classes,
        threshold=t,
        threshold_class_size=size_threshold(t),
        records_at_risk=at_risk / records,
    )
