"""Reading a scorecard needs no compute stack: the result models live in pydantic-only ``_result`` modules, so
``import riskaudit.scorecard`` (a gate, a renderer, a licensee's script) loads no numpy, scipy, pandas, Ibis or
DuckDB (issue 14). Behaviour checks in a fresh interpreter; the time it takes is measured in
benchmarks/bench_import.py, never asserted here."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

SRC = Path(__file__).resolve().parents[1] / "src"
HEAVY = (
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "ibis",
    "duckdb",
    "sqlglot",
    "sklearn",
    "presidio_analyzer",
    "spacy",
    "splink",
)


def _fresh(code: str) -> dict:
    """Run ``code`` in a new interpreter with this checkout's ``src`` first on the path; it sets ``out``."""
    probe = (
        f"import json, sys\nsys.path.insert(0, {str(SRC)!r})\nout = {{}}\n{code}\n"
        f"out['heavy'] = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "out['riskaudit_from'] = sys.modules['riskaudit'].__file__\n"
        "print(json.dumps(out))\n"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["riskaudit_from"].startswith(str(SRC))  # the code under test, not another install
    return out


def test_probe_sees_heavy_imports():
    # the check below could fail: a compute module does pull numpy and scipy in
    out = _fresh("import riskaudit.reident._population_model, riskaudit.reident._estimators._dankar")
    assert {"numpy", "scipy", "ibis"} <= set(out["heavy"])


@pytest.mark.parametrize(
    "module",
    [
        "riskaudit.scorecard",
        "riskaudit.scorecard.json_schema",
        # results outside the scorecard (their own receipts and reports)
        "riskaudit.marks._result",
        "riskaudit.erasure._result",
        "riskaudit.diff._model",
    ],
)
def test_importing_the_scorecard_loads_no_heavy_library(module):
    assert _fresh(f"import {module}")["heavy"] == []


def test_a_scorecard_is_built_read_and_queried_without_heavy_libraries():
    code = """
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo
from riskaudit.scorecard.json_schema import scorecard_json_schema_text
from riskaudit.linkage import ExactLinkage, LinkageResult
from riskaudit.reident import ProsecutorRisk, ReidentResult
from riskaudit.reident._result import LDiversity, RecursiveCL
from riskaudit.scanners._result import AgeColumn, ColumnProfile, DateColumn, GeoColumn, ProfileResult, SafeHarborResult
pro = ProsecutorRisk(highest=0.5, lowest=0.1, average=0.25, average_records_weighted=0.25, average_class_weighted=0.3,
                     threshold=0.2, threshold_class_size=5, records_at_risk=0.4)
div = {s: LDiversity(distinct_l=l, entropy_l=float(l), recursive=RecursiveCL(l=2, classes_with_fewer_than_l_values=0),
                     classes_below_l=0, l_threshold=2) for s, l in (("dx", 3), ("pay", 2))}
re_ = ReidentResult(quasi_identifiers=["zip", "age"], records=10, classes=4, k=2, k_threshold=5,
                    class_size_histogram={"2": 1, "8": 1}, sample_uniques=0, records_in_small_classes=2,
                    share_in_small_classes=0.2, prosecutor=pro, l_diversity=div)
ex = ExactLinkage(aux_rows=10, matched_any=6, matched_unique=4, matched_several=2, unique_match_rate=0.4,
                  correct=3, correct_rate=0.3)
sh = SafeHarborResult(geographic={"zip": GeoColumn(values=10, more_than_3_digits=10, zip3_counts={"100": 10})},
                      dates={"visit": DateColumn(values=10, finer_than_year=0)},
                      ages={"age": AgeColumn(values=10, over_89=1)})
prof = ProfileResult(rows=10, columns={"zip": ColumnProfile(type="string", nulls=0, null_share=0.0, distinct=3,
                                                            unique_share=0.3)})
sc = Scorecard(tool=ToolInfo(version="0"), dataset=DatasetInfo(path="d.csv", sha256="0" * 64, rows=10, columns=3),
               config_sha256="0" * 64, verdict="fail",
               checks=[Check(id="reident.k_anonymity", status="fail", value=2, threshold=5, message="k", scanner="reident")],
               results=Results(profile=prof, reident=re_, linkage=LinkageResult(on=["zip"], exact=ex), safe_harbor=sh))
text = sc.to_json()
back = Scorecard.model_validate_json(text)
out["roundtrip"] = back.to_json() == text
out["min_l"] = back.results.reident.min_distinct_l()
out["rates"] = back.results.linkage.linkage_rates()
out["hipaa"] = back.results.safe_harbor.hipaa_by_column()
out["key"] = back.checks[0].key
out["schema_defs"] = len(json.loads(scorecard_json_schema_text())["$defs"])
"""
    out = _fresh(code)
    assert out["heavy"] == []
    assert out["roundtrip"] is True
    assert out["min_l"] == 2.0
    assert out["rates"] == [["exact.correct_rate", 0.3]]
    assert out["hipaa"] == {"age": ["C"], "zip": ["B"]}
    assert out["key"] == "reident/reident.k_anonymity"
    assert out["schema_defs"] > 50


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    """Every pydantic model reachable from ``model``'s fields (through lists, dicts and unions)."""
    if model in seen:
        return
    seen.add(model)

    def walk(tp) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            _models(tp, seen)
        for arg in getattr(tp, "__args__", ()) or ():
            walk(arg)

    for field in model.model_fields.values():
        walk(field.annotation)


def test_every_result_model_lives_in_a_pydantic_only_module():
    from riskaudit.scorecard import Scorecard

    seen: set[type[BaseModel]] = set()
    _models(Scorecard, seen)
    modules = {m.__module__ for m in seen}
    assert {"riskaudit.reident._result", "riskaudit.linkage._result", "riskaudit.scanners._result"} <= modules
    allowed = (
        "._result",
        "._model",
    )  # scorecard/_model.py and license/_model.py (the terms) are pydantic-only too
    assert sorted(m for m in modules if not m.endswith(allowed)) == []
    # and those modules import nothing heavy (checked in a fresh interpreter)
    assert _fresh("\n".join(f"import {m}" for m in sorted(modules)))["heavy"] == []


@pytest.mark.parametrize(
    ("old", "name"),
    [
        ("riskaudit.linkage._anonymeter", "AnonymeterResult"),
        ("riskaudit.linkage._anonymeter", "AttackResult"),
        ("riskaudit.linkage._exact", "ExactLinkage"),
        ("riskaudit.linkage._fuzzy", "FuzzyLinkage"),
        ("riskaudit.linkage._stats", "Rate"),
        ("riskaudit.linkage._stats", "Risk"),
        ("riskaudit.reident._prosecutor", "ProsecutorRisk"),
        ("riskaudit.reident._closeness", "TCloseness"),
        ("riskaudit.reident._closeness", "DeltaDisclosure"),
        ("riskaudit.reident._diversity", "LDiversity"),
        ("riskaudit.reident._drivers", "Drivers"),
        ("riskaudit.reident._individual", "IndividualRisk"),
        ("riskaudit.reident._population", "JournalistRisk"),
        ("riskaudit.reident._population", "MarketerRisk"),
        ("riskaudit.reident._population_model", "PopulationModel"),
        ("riskaudit.license._load", "LicenseResult"),
        ("riskaudit.license", "LicenseResult"),
        ("riskaudit.scanners.profile", "ProfileResult"),
        ("riskaudit.scanners.profile", "ColumnProfile"),
        ("riskaudit.scanners.safe_harbor", "SafeHarborResult"),
        ("riskaudit.quality", "QualityResult"),
        ("riskaudit.quality", "scan_quality"),
        ("riskaudit.scanners", "AuditContext"),
    ],
)
def test_old_import_paths_still_give_the_same_objects(old, name):
    obj = getattr(importlib.import_module(old), name)
    if isinstance(obj, type) and issubclass(obj, BaseModel):
        home = importlib.import_module(obj.__module__)
        assert obj.__module__.endswith("._result") and getattr(home, name) is obj
    else:
        assert callable(obj)


def test_the_command_line_loads_no_heavy_library_until_a_command_runs():
    # `riskaudit --help` and `riskaudit audit --help` import the command modules only; the compute stack
    # (0.7 s of imports) loads when a command runs (before, cli/audit.py imported the renderers at the top).
    out = _fresh(
        "import riskaudit.cli\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(riskaudit.cli.app, ['audit', '--help'])\n"
        "out['code'] = r.exit_code\n"
        "out['help'] = '--config' in r.output\n"
    )
    assert out == {**out, "code": 0, "help": True}
    assert out["heavy"] == []
