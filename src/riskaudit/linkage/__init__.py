"""Linkage attacks: exact joins on the engine, fuzzy linkage with Splink, Anonymeter-style attacks."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "AnonymeterResult": "_result",
    "AttackResult": "_result",
    "ExactLinkage": "_result",
    "FuzzyLinkage": "_result",
    "LinkageResult": "_result",
    "anonymeter_attacks": "_anonymeter",
    "default_on": "_scan",
    "exact_linkage": "_exact",
    "fuzzy_linkage": "_fuzzy",
    "residual_risk": "_stats",
    "scan_linkage": "_scan",
    "wilson": "_stats",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "AnonymeterResult",
    "AttackResult",
    "ExactLinkage",
    "FuzzyLinkage",
    "LinkageResult",
    "anonymeter_attacks",
    "default_on",
    "exact_linkage",
    "fuzzy_linkage",
    "residual_risk",
    "scan_linkage",
    "wilson",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._anonymeter import anonymeter_attacks
    from ._exact import exact_linkage
    from ._fuzzy import fuzzy_linkage
    from ._result import AnonymeterResult, AttackResult, ExactLinkage, FuzzyLinkage, LinkageResult
    from ._scan import default_on, scan_linkage
    from ._stats import residual_risk, wilson
