"""Standards outputs that validate: SARIF 2.1.0 against the OASIS schema and GitHub's ingestion rules; Croissant-RAI
with mlcroissant (a test dependency)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import jsonschema
import pytest

from riskaudit.render.croissant import render_croissant
from riskaudit.render.sarif import MAX_RESULTS, render_sarif
from riskaudit.scorecard import Check, DatasetInfo, PolicyInfo, Results, Scorecard, ToolInfo, worst
from test_markdown_report import _hostile_scorecard

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())
GITHUB_BANDS = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9), "low": (0.1, 3.9)}


def _sc(checks: list[Check], path: str = "data/d.csv") -> Scorecard:
    return Scorecard(
        tool=ToolInfo(version="t"),
        dataset=DatasetInfo(path=path, sha256="a" * 64, rows=10, columns=3),
        config_sha256="0" * 64,
        policy=PolicyInfo(name="p", sha256="1" * 64, rules=4),
        checks=checks,
        verdict=worst([c.status for c in checks]),
        results=Results(),
    )


def _mixed() -> Scorecard:
    checks = (
        [
            Check(
                id="pii.direct_identifiers",
                scanner="pii",
                status="fail",
                severity="critical",
                column=f"c{i}",
                value="US_SSN",
                threshold=0,
                message="m",
            )
            for i in range(5)
        ]
        + [
            # one rule, one column, two judged columns and two facets: four checks that must not share a fingerprint
            Check(
                id="bias.four_fifths",
                scanner="bias",
                status=s,
                severity="high",
                column="race",
                judged_by=j,
                facet=f,
                value=0.5,
                threshold=0.8,
                message="m",
            )
            for s, j, f in (
                ("fail", "label", None),
                ("warn", "decision", None),
                ("fail", "label", "a1"),
                ("fail", "label", "b2"),
            )
        ]
        + [
            Check(
                id="quality.duplicates",
                scanner="quality",
                status="warn",
                severity="low",
                value=0.2,
                threshold=0.1,
                message="m",
            ),
            Check(
                id="reident.k_anonymity", scanner="reident", status="pass", value=9, threshold=5, message="m"
            ),
            Check(
                id="reident.population_uniqueness",
                scanner="reident",
                status="not_measured",
                reason="r",
                message="m",
            ),
        ]
    )
    return _sc(checks)


@pytest.mark.parametrize("make", [_mixed, lambda: _hostile_scorecard(5)])
def test_sarif_validates_and_follows_github_rules(make):
    sc = make()
    log = json.loads(render_sarif(sc))
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = [c for c in sc.checks if c.status not in ("pass", "not_measured")]
    assert len(run["results"]) == len(findings) <= MAX_RESULTS
    fps = [r["partialFingerprints"]["riskauditFinding/v2"] for r in run["results"]]
    assert len(set(fps)) == len(fps)  # unique, so GitHub never merges two alerts
    sev = {c.id: c.severity or "medium" for c in sc.checks}
    for rule in rules:
        # GitHub reads security-severity from the rule, as a string holding a number in the policy severity's band
        ss = rule["properties"]["security-severity"]
        assert isinstance(ss, str)
        lo, hi = GITHUB_BANDS[sev[rule["id"]]]
        assert lo <= float(ss) <= hi, (rule["id"], ss)
        assert "security" in rule["properties"]["tags"]
        assert len(rule["help"]["text"]) > 40 and rule["help"]["markdown"]
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
    for r in run["results"]:
        assert r["level"] == {"fail": "error", "error": "error", "warn": "warning"}[r["properties"]["status"]]
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        uri = loc["artifactLocation"]["uri"]
        assert "://" not in uri and not uri.startswith("/") and loc["region"]["startLine"] >= 1
        assert r["message"]["text"].strip()


def test_sarif_caps_results_at_githubs_limit_worst_first():
    checks = [
        Check(
            id="pii.direct_identifiers",
            scanner="pii",
            status="fail",
            severity="critical",
            column=f"c{i}",
            message="m",
        )
        for i in range(3)
    ]
    checks += [
        Check(id="quality.missing_share", scanner="quality", status="warn", column=f"q{i}", message="m")
        for i in range(MAX_RESULTS + 2)
    ]
    run = json.loads(render_sarif(_sc(checks)))["runs"][0]
    assert len(run["results"]) == MAX_RESULTS and run["properties"]["resultsOmitted"] == 5
    assert [r["level"] for r in run["results"][:3]] == ["error"] * 3


@pytest.mark.parametrize("make", [_mixed, lambda: _hostile_scorecard(5)])
def test_croissant_rai_validates_with_mlcroissant(make, tmp_path, caplog):
    mlc = pytest.importorskip("mlcroissant")
    p = tmp_path / "croissant-rai.json"
    p.write_text(render_croissant(make()))
    with caplog.at_level(logging.WARNING):
        ds = mlc.Dataset(jsonld=str(p))  # raises ValidationError on any error
    doc = json.loads(p.read_text())
    issues = ds.metadata.ctx.issues
    assert not issues.errors, issues.errors
    assert doc["conformsTo"] == [
        "http://mlcommons.org/croissant/1.1",
        "http://mlcommons.org/croissant/RAI/1.0",
    ]
    # RAI fields carry what they are for: the verdict is in the description, not in an RAI field
    assert "verdict" in doc["description"] and "verdict" not in doc["rai:dataSocialImpact"]
    assert doc["distribution"][0]["sha256"] == make().dataset.sha256
