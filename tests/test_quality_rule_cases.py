"""The YAML cases of the issue-15 data-quality rules (tests/rules/quality.*.yaml): each case's partial
``results.quality`` is merged onto a minimal valid QualityResult and judged by the rule with the case's policy
entry; the returned checks must match ``expect`` (only the keys given)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from riskaudit.checks import registered_rules
from riskaudit.config import RuleConfig
from riskaudit.quality import QualityResult

RULES = Path(__file__).parent / "rules"
FILES = sorted(RULES.glob("quality.*.yaml"))

BASE = {
    "rows": 100,
    "duplicates": {"columns": ["a"], "rows": 100, "distinct_rows": 100, "duplicate_rows": 0, "ratio": 0.0,
                   "rows_in_duplicate_groups": 0, "duplicate_groups": 0},
    "missing": {"rows": 100, "columns": {"a": {"count": 0, "share": 0.0}}, "cells": 0, "cell_share": 0.0,
                "rows_with_any": 0, "complete_rows": 100},
    "columns": {},
}


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(a[k], v) if isinstance(v, dict) and isinstance(a.get(k), dict) and v else v
    return out


def _cases():
    for f in FILES:
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            yield pytest.param(doc["rule"], doc.get("policy") or {}, case, id=f"{doc['rule']}: {case['name']}")


def test_every_issue15_rule_has_cases():
    assert {f.name[: -len(".yaml")] for f in FILES} >= {"quality.near_duplicates", "quality.mixed_types", "quality.constraints"}


@pytest.mark.parametrize(("rule_id", "policy", "case"), list(_cases()))
def test_rule_case(rule_id, policy, case):
    result = QualityResult.model_validate(_merge(BASE, case.get("quality") or {}))
    rule = registered_rules()[rule_id]
    checks = rule.evaluate({"quality": result}, RuleConfig.model_validate({**policy, **(case.get("policy") or {})}))
    assert len(checks) == len(case["expect"])
    for got, want in zip(checks, case["expect"], strict=True):
        for key, value in want.items():
            assert getattr(got, key) == value, (key, got)
        if got.status == "not_measured":
            assert got.value is None and got.reason
