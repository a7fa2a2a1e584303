"""Column-level accuracy goals on FakeNameGenerator.com_3000.csv (header = truth; see benchmarks/bench_pii_accuracy.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_pii_accuracy", ROOT / "benchmarks" / "bench_pii_accuracy.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_direct_identifier_f1_goals(shared_data):
    bench = _bench()
    res = bench.column_level(shared_data.parent, with_structured=False)
    named = res["riskaudit_names"]["direct_identifiers"]
    renamed = res["riskaudit_renamed"]["direct_identifiers"]
    assert named["f1"] >= 0.95, res["riskaudit_names"]["decisions"]
    assert renamed["f1"] >= 0.9, res["riskaudit_renamed"]["decisions"]
    assert res["riskaudit_names"]["role_accuracy"] >= 0.9
