"""Policy rules, one per module, registered by id. ``evaluate_policy`` turns results into checks."""

from . import (  # noqa: F401  (registration)
    bias_equalized_odds,
    bias_four_fifths,
    bias_representation_gap,
    bias_significant_disparity,
    bias_small_groups,
    gdpr_inference,
    gdpr_linkability,
    gdpr_singling_out,
    license_art9_basis,
    license_excluded_use,
    license_no_reidentification,
    license_safe_harbor_claim,
    license_transfer,
    linkage_exact_reidentification,
    linkage_fuzzy_reidentification,
    linkage_release_attacks,
    pii_direct_identifiers,
    pii_free_text,
    pii_hipaa_identifiers,
    pii_quasi_identifiers_confirmed,
    pii_special_category,
    profile_all_null_columns,
    quality_conflicting_labels,
    quality_constant_columns,
    quality_duplicates,
    quality_id_like_columns,
    quality_imbalance,
    quality_label_issues,
    quality_missing_share,
    quality_train_test_overlap,
    reident_individual_risk,
    reident_journalist_highest,
    reident_k_anonymity,
    reident_l_diversity,
    reident_population_uniqueness,
    reident_prosecutor_average,
    reident_prosecutor_highest,
    reident_small_classes,
    reident_t_closeness,
    safe_harbor_ages,
    safe_harbor_dates,
    safe_harbor_identifiers,
    safe_harbor_zip3,
)
from ._registry import Rule, evaluate_policy, not_measured, register_rule, registered_rules, threshold_check

__all__ = ["Rule", "evaluate_policy", "not_measured", "register_rule", "registered_rules", "threshold_check"]
from . import (  # noqa: F401  (registration)
    erasure_residual_subjects,  # issue 17: erasure
    quality_constraints,  # issue 15
    quality_mixed_types,
    quality_near_duplicates,
)
