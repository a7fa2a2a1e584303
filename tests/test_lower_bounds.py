"""A lower bound never passes a policy: release attacks that searched only part of the release (end to end)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from riskaudit.checks._registry import threshold_check
from riskaudit.config._policy import RuleConfig
from riskaudit.linkage._anonymeter import anonymeter_attacks


def _frames(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "age": rng.integers(20, 80, n).astype(str),
            "zip": rng.integers(0, 50, n).astype(str),
            "dx": rng.choice(["a", "b", "c"], n),
        }
    )


def test_partial_release_search_is_a_lower_bound_and_never_passes():
    ori, rel, ctl = _frames(300, 1), _frames(400, 2), _frames(300, 3)
    whole = anonymeter_attacks(ori, rel, ctl, ["age", "zip"], secret="dx", n_attacks=50, seed=0)
    part = anonymeter_attacks(ori, rel, ctl, ["age", "zip"], secret="dx", n_attacks=50, seed=0, max_rows=100)
    assert whole.lower_bound_reason() is None
    assert whole.rows["release_searched"] == whole.rows["release"] == 400
    why = part.lower_bound_reason()
    assert part.rows["release_searched"] == 100 and why is not None and "100 of the release's 400 rows" in why

    from riskaudit.checks._registry import registered_rules
    from riskaudit.linkage._result import LinkageResult

    rule = RuleConfig(warn=0.5, fail=0.9)
    for res, want in ((whole, "pass"), (part, "not_measured")):
        (c,) = registered_rules()["linkage.release_attacks"].evaluate(
            {"linkage": LinkageResult(anonymeter=res)}, rule
        )
        assert c.status == want, c.message
        assert (c.bound == "lower") == (want == "not_measured")


def test_threshold_check_lower_bound_both_directions():
    from riskaudit.checks._registry import registered_rules

    registered_rules()
    cfg = RuleConfig(warn=10, fail=5)
    # higher is better (k): a lower bound that passes stands (the true k is at least that) ...
    assert (
        threshold_check(
            "reident.k_anonymity", 12, cfg, what="k", direction="lower_is_worse", lower_bound="x"
        ).status
        == "pass"
    )
    # ... one that fails proves nothing
    assert (
        threshold_check(
            "reident.k_anonymity", 3, cfg, what="k", direction="lower_is_worse", lower_bound="x"
        ).status
        == "not_measured"
    )
    cfg = RuleConfig(warn=0.05, fail=0.1)
    for v, want in ((0.01, "not_measured"), (0.07, "not_measured"), (0.2, "fail")):
        c = threshold_check("linkage.release_attacks", v, cfg, what="risk", lower_bound="sampled")
        assert c.status == want and c.bound == "lower" and c.value == v
