"""SARIF 2.1.0: validated against the OASIS JSON schema (vendored in tests/schemas), one result per finding."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest

from scorecard_fixtures import audit_all_formats

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return audit_all_formats(tmp_path_factory.mktemp("sarif"))


def test_sarif_validates_against_the_2_1_0_schema(out):
    log = json.loads((out / "report.sarif").read_text())
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    assert log["version"] == "2.1.0"


def test_one_result_per_finding_with_rule_ids_and_relative_locations(out):
    log = json.loads((out / "report.sarif").read_text())
    sc = json.loads((out / "scorecard.json").read_text())
    run = log["runs"][0]
    findings = [c for c in sc["checks"] if c["status"] not in ("pass", "not_measured")]
    assert len(run["results"]) == len(findings) > 0
    # not-measured checks are not results (they say nothing about the data); the run lists them
    nm = [c["key"] for c in sc["checks"] if c["status"] == "not_measured"]
    assert sorted(x["key"] for x in run["properties"]["notMeasured"]) == sorted(nm) and nm
    prints = [r["partialFingerprints"]["riskauditFinding/v2"] for r in run["results"]]
    assert len(prints) == len(set(prints))
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert sorted(rule_ids) == sorted({c["id"] for c in sc["checks"]})
    for res in run["results"]:
        assert rule_ids[res["ruleIndex"]] == res["ruleId"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "data.csv" and not uri.startswith("/")
        assert res["level"] in ("error", "warning")
    by_level = {r["level"] for r in run["results"] if r["ruleId"] == "safe_harbor.zip3"}
    assert by_level == {"error"}
    assert run["artifacts"][0]["hashes"]["sha-256"] == sc["dataset"]["sha256"]


def test_junit_one_testcase_per_check_named_by_key(out):
    sc = json.loads((out / "scorecard.json").read_text())
    tree = ElementTree.parse(out / "report.junit.xml").getroot()
    cases = tree.findall(".//testcase")
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)) and sorted(names) == sorted(c["key"] for c in sc["checks"])
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    errored = {c.get("name") for c in cases if c.find("error") is not None}
    skipped = {c.get("name") for c in cases if c.find("skipped") is not None}
    assert failed == {c["key"] for c in sc["checks"] if c["status"] == "fail"}
    assert any(k.startswith("safe_harbor/safe_harbor.dates") for k in failed)
    assert errored == {c["key"] for c in sc["checks"] if c["status"] == "error"}
    assert skipped == {c["key"] for c in sc["checks"] if c["status"] == "not_measured"} and skipped
    suite = tree.find("testsuite")
    assert int(suite.get("failures")) == len(failed) and int(suite.get("tests")) == len(cases)
    assert int(suite.get("skipped")) == len(skipped)


def test_outputs_are_byte_reproducible(out, tmp_path):
    again = audit_all_formats(tmp_path)
    for name in (
        "scorecard.json",
        "report.sarif",
        "report.junit.xml",
        "dataset.spdx.json",
        "croissant-rai.json",
        "report.html",
        "report.md",
    ):
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
