"""Policy rules, one per module, registered by id. ``evaluate_policy`` turns results into checks."""

from . import (  # noqa: F401  (registration)
    profile_all_null_columns,
    reident_k_anonymity,
    reident_prosecutor_average,
    reident_prosecutor_highest,
    reident_small_classes,
)
from ._registry import Rule, evaluate_policy, register_rule, registered_rules, threshold_check

__all__ = ["Rule", "evaluate_policy", "register_rule", "registered_rules", "threshold_check"]
