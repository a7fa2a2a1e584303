"""The derived-release pack: every derived rule has a case file (run by tests/test_rules.py) and a cited source."""

from __future__ import annotations

from pathlib import Path

import yaml

from riskaudit.checks import registered_rules
from riskaudit.config import PolicyConfig
from riskaudit.config._loader import resolve_policy

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted((ROOT / "tests" / "rules").glob("derived.*.yaml"))


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
