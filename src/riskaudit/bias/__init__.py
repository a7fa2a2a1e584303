"""Demographic bias audit: representation, outcome disparities with uncertainty, intersections, model metrics,
proxies and missingness. Group counts are engine aggregations; only small results come back to Python."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "AttributeBias": "_result",
    "BiasResult": "_result",
    "GroupOutcome": "_result",
    "GroupSpec": "_groups",
    "Interval": "_result",
    "ModelMetrics": "_result",
    "OutcomeSummary": "_result",
    "UNKNOWN": "_groups",
    "describe_attribute": "_groups",
    "group_expr": "_groups",
    "scan_bias": "_scan",
    "resolve_protected": "_groups",
    "suggest_protected": "_groups",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "AttributeBias",
    "BiasResult",
    "GroupOutcome",
    "GroupSpec",
    "Interval",
    "ModelMetrics",
    "OutcomeSummary",
    "UNKNOWN",
    "describe_attribute",
    "group_expr",
    "resolve_protected",
    "scan_bias",
    "suggest_protected",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._groups import (
        UNKNOWN,
        GroupSpec,
        describe_attribute,
        group_expr,
        resolve_protected,
        suggest_protected,
    )
    from ._result import AttributeBias, BiasResult, GroupOutcome, Interval, ModelMetrics, OutcomeSummary
    from ._scan import scan_bias
