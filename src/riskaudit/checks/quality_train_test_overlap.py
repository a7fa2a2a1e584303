"""quality.train_test_overlap: share of test rows whose feature values occur in the training data (leakage)."""

from ._quality import not_measured
from ._registry import register_rule, threshold_check

ID = "quality.train_test_overlap"


@register_rule(ID, scanner="quality", title="train/test overlap",
               source="Deepchecks TrainTestSamplesMix (default condition: at most 0.05 of test samples in train)")
def evaluate(results, cfg):
    tt = results["quality"].train_test
    if tt is None:
        return [not_measured(ID, cfg, "train/test overlap", "no test split given (--test or quality.test)")]
    return [threshold_check(ID, tt.feature_overlap_ratio, cfg, fmt="{:.4g}",
                            what=f"share of test rows found in train ({tt.feature_overlap_rows:,} of {tt.test_rows:,})")]
