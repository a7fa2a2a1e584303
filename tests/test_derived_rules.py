"""The derived-release rules against their case files (tests/rules/<rule id>.yaml) and the derived-release pack."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from riskaudit.checks import evaluate_policy, registered_rules
from riskaudit.config import PolicyConfig
from riskaudit.config._loader import resolve_policy
from riskaudit.derived._result import DerivedResult
from riskaudit.license._load import LicenseResult
from riskaudit.license._model import LicenseTerms

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "tests" / "rules").glob("derived.*.yaml"))

_RATE = {"risk": 0.0, "ci": [0.0, 0.0], "attack_rate": 0.0, "baseline_rate": 0.0, "control_rate": 0.0, "trustworthy": False}
_METRICS = {"members": 10, "non_members": 10, "auc": 0.5, "auc_ci": [0.4, 0.6], "tpr_at_fpr": {"0.001": 0.0, "0.01": 0.0},
            "tpr_at_fpr_ci": {"0.001": [0, 0], "0.01": [0, 0]}, "fpr_resolution": 0.1, "bootstrap": 0, "seed": 0,
            "confidence_level": 0.95}
_BASE = {
    "synthetic": {
        "synthetic": "s.csv", "train": "t.csv", "holdout": "h.csv", "seed": 0,
        "dcr": {"columns": ["a"], "rows": {}, "equalised": False, "search": "exact",
                "dcr_train": {"mean": 0.1, "median": 0.1, "p05": 0.0}, "dcr_holdout": {"mean": 0.1, "median": 0.1, "p05": 0.0},
                "ims_train": 0.0, "ims_holdout": 0.0, "closer_to_train": 0.5, "ties": 0.0, "dcr_share": 0.5,
                "dcr_share_ci": [0.4, 0.6], "overfitting_protection": 1.0},
        "domias": {"kernel": "k", "bandwidth": 0.1, "reference_rows": 10, "synthetic_rows": 10, "metrics": _METRICS},
        "attacks": {"n_attacks": 10, "aux_columns": ["a"], "singling_out": _RATE},
    },
    "model": {"scores": "s.csv", "score_column": "score", "label_column": "member", "higher_is_member": True, "metrics": _METRICS},
}


def _merge(base, over):
    if over is None:
        return None
    if not isinstance(base, dict) or not isinstance(over, dict):
        return over
    out = copy.deepcopy(base)
    for k, v in over.items():
        if k in ("singling_out", "linkability", "inference") and isinstance(v, dict):
            out[k] = {**_RATE, **v}
        else:
            out[k] = _merge(out.get(k), v) if k in out else v
    return out


def _cases():
    for f in CASES:
        spec = yaml.safe_load(f.read_text())
        for case in spec["cases"]:
            yield pytest.param(spec["rule"], spec.get("policy") or {}, case, id=f"{spec['rule']}: {case['name']}")


@pytest.mark.parametrize(("rule_id", "policy", "case"), list(_cases()))
def test_rule_case(rule_id, policy, case):
    derived = DerivedResult.model_validate(_merge(_BASE, case["derived"]))
    results = {"derived": derived}
    if "license" in case:
        terms = LicenseTerms.model_validate({"parties": [{"name": "P", "role": "licensor"}], "dataset": {"name": "d"},
                                             "license": {"spdx_id": "CC-BY-4.0"}, "derived_artefacts": case["license"]})
        results["license"] = LicenseResult(provided=True, path="l.yaml", sha256="0" * 64, terms=terms)
    checks = evaluate_policy(PolicyConfig(name="t", rules={rule_id: policy}), results)
    checks = [c for c in checks if c.facet in (None, "synthetic_release")]
    assert len(checks) == 1, checks
    c = checks[0]
    for k, v in case["expect"].items():
        got = getattr(c, k)
        assert got == pytest.approx(v) if isinstance(v, float) else got == v, (k, got, c.message)
    if c.status == "not_measured":
        assert c.reason


def test_every_derived_rule_has_a_case_file_and_the_pack_cites_sources():
    known = registered_rules()
    derived = {r for r in known if r.startswith("derived.")}
    assert {f.name[:-5] for f in CASES} == derived
    p = resolve_policy(PolicyConfig(extends=["derived-release"]))[0]
    data = yaml.safe_load((ROOT / "src/riskaudit/configs/policies/derived-release.yaml").read_text())
    assert data["name"] == "derived-release" and data.get("extends")
    for rid in derived:
        assert rid in p.rules
        assert data["rules"][rid].get("source")
