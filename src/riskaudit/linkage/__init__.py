"""Linkage attacks: exact joins on the engine, fuzzy linkage with Splink, Anonymeter-style attacks."""

from ._anonymeter import AnonymeterResult, AttackResult, anonymeter_attacks
from ._exact import ExactLinkage, exact_linkage
from ._fuzzy import FuzzyLinkage, fuzzy_linkage
from ._result import LinkageResult
from ._scan import default_on, scan_linkage
from ._stats import residual_risk, wilson

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
