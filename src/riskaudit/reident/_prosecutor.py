"""Prosecutor-model measures from a class-size histogram (El Emam; ARX RiskModelSampleSummary)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ProsecutorRisk", "prosecutor_risk", "size_threshold"]


class ProsecutorRisk(BaseModel):
    model_config = ConfigDict(extra="allow")

    highest: float = Field(description="1 / smallest class size (1/k).")
    lowest: float = Field(description="1 / largest class size.")
    average: float = Field(description="Records-weighted average risk = classes / records (El Emam, ARX).")
    average_records_weighted: float = Field(description="Same as average; named to avoid pycanon's class-weighted mean.")
    average_class_weighted: float = Field(description="Mean over classes of 1/size (pycanon's average_rir).")
    threshold: float = Field(description="Risk threshold t for 'records at risk'.")
    threshold_class_size: int = Field(description="t translated to a class size as ARX does.")
    records_at_risk: float = Field(description="Share of records whose risk 1/size exceeds t.")


def size_threshold(t: float) -> int:
    """ARX's ParameterTranslation.getSizeThreshold: s = floor(1/t), +1 if 1/s - t >= 0.01 t.

    t=0.2 -> 5, 0.1 -> 10, 0.09 -> 12 (effective 0.0833), 0.05 -> 20, 0.33 -> 4.
    """
    s = int(1.0 / t)
    if 1.0 / s - t >= 0.01 * t:
        s += 1
    return s


def prosecutor_risk(histogram: dict[int, int], t: float, record_histogram: dict[int, int] | None = None) -> ProsecutorRisk:
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
