"""Every policy rule against hand-computed cases (sqlfluff style): ``tests/rules/<rule id>.yaml``.

A case file holds ``cases``; each case gives scanner results (plain YAML, validated into the scanner's typed result
model, deep-merged over ``tests/rules/_results.yaml`` and the file's own ``results``), the rule's policy entry, and
the checks expected out (``status``, ``value``, ``threshold``, ``column`` ... compared exactly; ``message_has``:
substrings of the message), or ``error``: a substring of the ConfigError the policy entry must raise.

Format::

    models: {marks: "riskaudit.marks:MarksResult"}   # optional: result models of scanners not listed in MODELS
    results: {reident: {k: 3}}                       # optional: shared by every case of the file
    cases:
      - name: smallest class below the fail threshold
        policy: {warn: 11, fail: 5}                  # the rule's entry in a policy (a RuleConfig)
        results: {reident: {k: 3}}                   # a scanner absent here did not run (drop: [scanner] removes one)
        expect:
          - {status: fail, value: 3, threshold: 5}
        facets: [null]                               # optional: compare only the checks of these facets

A test fails when a registered rule has no case file, so every rule is tested.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from riskaudit.checks import evaluate_policy, registered_rules
from riskaudit.config import PolicyConfig, RuleConfig
from riskaudit.errors import ConfigError

HERE = Path(__file__).parent / "rules"

#: scanner name -> "module:Model" of its typed result (a case file adds others under ``models``)
MODELS = {
    "profile": "riskaudit.scanners.profile:ProfileResult",
    "pii": "riskaudit.pii:PiiResult",
    "reident": "riskaudit.reident:ReidentResult",
    "linkage": "riskaudit.linkage:LinkageResult",
    "bias": "riskaudit.bias:BiasResult",
    "quality": "riskaudit.quality:QualityResult",
    "safe_harbor": "riskaudit.scanners.safe_harbor:SafeHarborResult",
    "license": "riskaudit.license:LicenseResult",
}

BASE = yaml.safe_load((HERE / "_results.yaml").read_text(encoding="utf-8"))


def _merge(a: Any, b: Any) -> Any:
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = _merge(out[k], v) if k in out else v
        return out
    return b


def _model(spec: str):
    mod, _, name = spec.partition(":")
    return getattr(importlib.import_module(mod), name)


def _case_files() -> list[Path]:
    return sorted(p for p in HERE.glob("*.yaml") if not p.name.startswith("_"))


def _cases():
    for path in _case_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for i, case in enumerate(doc.get("cases") or []):
            yield pytest.param(path.stem, doc, case, id=f"{path.stem}::{case.get('name', i)}")


def _results(doc: dict, case: dict) -> dict[str, Any]:
    models = {**MODELS, **(doc.get("models") or {})}
    names = [
        *(doc.get("results") or {}),
        *(n for n in (case.get("results") or {}) if n not in (doc.get("results") or {})),
    ]
    out = {}
    for name in names:
        if name in (case.get("drop") or []):
            continue
        data = _merge(
            _merge(BASE.get(name) or {}, (doc.get("results") or {}).get(name) or {}),
            (case.get("results") or {}).get(name) or {},
        )
        assert name in models, (
            f"no result model for scanner '{name}': add it under 'models:' in the case file"
        )
        out[name] = _model(models[name]).model_validate(data)
    return out


@pytest.mark.parametrize(("rule_id", "doc", "case"), list(_cases()))
def test_rule_case(rule_id, doc, case):
    assert rule_id in registered_rules(), f"tests/rules/{rule_id}.yaml: no rule '{rule_id}' is registered"
    policy = PolicyConfig(
        name="case",
        rules={rule_id: RuleConfig(**(case.get("policy") or {}))},
        require_measured=case.get("require_measured") or [],
    )
    results = _results(doc, case)
    notes = case.get("notes")
    if "error" in case:
        with pytest.raises(ConfigError, match=case["error"]):
            evaluate_policy(policy, results, notes)
        return
    checks = evaluate_policy(policy, results, notes)
    if "facets" in case:  # compare only the checks of these facets (null: the rule's main check)
        checks = [c for c in checks if c.facet in case["facets"]]
    expect = case["expect"]
    assert len(checks) == len(expect), [c.model_dump(exclude_none=True) for c in checks]
    for got, want in zip(checks, expect, strict=True):
        want = dict(want)
        for sub in want.pop("message_has", []):
            assert sub in got.message, (sub, got.message)
        have = got.model_dump()
        for k, v in want.items():
            if isinstance(v, float):
                assert have[k] == pytest.approx(v, rel=1e-9, abs=1e-12), (k, have)
            else:
                assert have[k] == v, (k, have)
        assert got.id == rule_id and got.scanner == registered_rules()[rule_id].scanner
        assert got.source, f"{rule_id}: check without a source"


def test_every_registered_rule_has_cases():
    files = {p.stem for p in _case_files()}
    missing = sorted(set(registered_rules()) - files)
    assert not missing, f"rules without tests/rules/<id>.yaml cases: {missing}"
    for path in _case_files():
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        assert doc.get("cases"), f"{path.name}: no cases"


def test_base_results_are_valid():
    for name, data in BASE.items():
        _model(MODELS[name]).model_validate(data)


def test_function_rule_compatibility_path():
    """A rule module in the ``@register_rule`` function style still loads and judges; a declared params model validates."""
    from riskaudit.checks import NoParams, register_rule, threshold_check
    from riskaudit.checks._registry import _RULES

    class P(NoParams):
        limit: int = 3

    @register_rule("test.compat_rule", scanner="profile", title="compat", source="test", params=P)
    def evaluate(results, cfg):
        return [threshold_check("test.compat_rule", results["profile"].rows, cfg, what="rows", fmt="{:d}")]

    try:
        rule = registered_rules()["test.compat_rule"]
        assert (rule.scanner, rule.title, rule.source, rule.direction) == (
            "profile",
            "compat",
            "test",
            "higher_is_worse",
        )
        profile = _model(MODELS["profile"]).model_validate({"rows": 10, "columns": {}})
        pol = PolicyConfig(rules={"test.compat_rule": RuleConfig(fail=5, limit=4)})
        [c] = evaluate_policy(pol, {"profile": profile})
        assert (c.status, c.value, c.threshold, c.source) == ("fail", 10, 5, "test")
        with pytest.raises(ConfigError, match="did you mean 'limit'"):
            evaluate_policy(
                PolicyConfig(rules={"test.compat_rule": RuleConfig(limt=4)}), {"profile": profile}
            )
    finally:
        _RULES.pop("test.compat_rule", None)


def test_bad_rule_parameter_in_a_policy_file_names_file_and_line(tmp_path):
    from riskaudit.config import load_config
    from riskaudit.config._loader import resolve_policy

    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "name: p\nextends: [default]\nrules:\n  safe_harbor.zip3:\n    fail: 0\n    restricted_zip: ['036']\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError,
        match=r"pack\.yaml:6: rules\.safe_harbor\.zip3\.restricted_zip: unknown key .*did you mean 'restricted_zip3'",
    ):
        resolve_policy(PolicyConfig(extends=[str(pack)]))
    cfg = tmp_path / "audit.yaml"
    cfg.write_text(
        "policy:\n  extends: [default]\n  rules:\n    pii.special_category:\n      status: loud\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError, match=r"audit\.yaml:5: policy\.rules\.pii\.special_category\.status: must be"
    ):
        load_config(cfg)
    ok = tmp_path / "ok.yaml"
    ok.write_text(
        "policy:\n  extends: [hipaa-safe-harbor]\n  rules:\n    safe_harbor.ages: {reference_year: 2025}\n",
        encoding="utf-8",
    )
    assert load_config(ok).policy.rules["safe_harbor.ages"].model_extra == {"reference_year": 2025}


def test_every_shipped_pack_has_valid_rule_parameters():
    from riskaudit.checks import validate_rule_params
    from riskaudit.config._loader import configs_dir, resolve_policy

    for path in sorted((configs_dir() / "policies").glob("*.yaml")):
        flat = resolve_policy(PolicyConfig(extends=[path.stem]))[0]
        assert (
            validate_rule_params({rid: r.model_dump(exclude_unset=True) for rid, r in flat.rules.items()})
            == []
        ), path.name
