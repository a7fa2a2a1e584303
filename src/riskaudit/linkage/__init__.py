"""Linkage attacks: exact joins on the engine, fuzzy linkage with Splink, Anonymeter-style attacks."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "AnonymeterResult": "_anonymeter",
    "AttackResult": "_anonymeter",
    "ExactLinkage": "_exact",
    "FuzzyLinkage": "_fuzzy",
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
__all__ = ['AnonymeterResult', 'AttackResult', 'ExactLinkage', 'FuzzyLinkage', 'LinkageResult', 'anonymeter_attacks', 'default_on', 'exact_linkage', 'fuzzy_linkage', 'residual_risk', 'scan_linkage', 'wilson']

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._anonymeter import AnonymeterResult, AttackResult, anonymeter_attacks
    from ._exact import ExactLinkage, exact_linkage
    from ._fuzzy import FuzzyLinkage, fuzzy_linkage
    from ._result import LinkageResult
    from ._scan import default_on, scan_linkage
    from ._stats import residual_risk, wilson
