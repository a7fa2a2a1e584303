"""quality.train_test_overlap: share of test rows whose feature values occur in the training data (leakage)."""

from ._registry import Rule


class TrainTestOverlap(Rule):
    id = "quality.train_test_overlap"
    scanner = "quality"
    title = "train/test overlap"
    source = "Deepchecks TrainTestSamplesMix (default condition: at most 0.05 of test samples in train)"

    def check(self, results, cfg, params):
        tt = results["quality"].train_test
        if tt is None:
            return [self.not_measured(cfg, reason="no test split given (--test or quality.test)")]
        return [
            self.threshold(
                tt.feature_overlap_ratio,
                cfg,
                fmt="{:.4g}",
                what=f"share of test rows found in train ({tt.feature_overlap_rows:,} of {tt.test_rows:,})",
            )
        ]
