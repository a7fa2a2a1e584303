"""Demographic bias audit: representation, outcome disparities with uncertainty, intersections, model metrics,
proxies and missingness. Group counts are engine aggregations; only small results come back to Python."""

from ._groups import UNKNOWN, GroupSpec, describe_attribute, group_expr, suggest_protected
from ._result import AttributeBias, BiasResult, GroupOutcome, Interval, ModelMetrics, OutcomeSummary
from ._scan import scan_bias

__all__ = [
    "UNKNOWN",
    "AttributeBias",
    "BiasResult",
    "GroupOutcome",
    "GroupSpec",
    "Interval",
    "ModelMetrics",
    "OutcomeSummary",
    "describe_attribute",
    "group_expr",
    "scan_bias",
    "suggest_protected",
]
