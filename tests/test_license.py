"""License terms: schema with line-precise errors, binding into the scorecard, and terms-vs-findings rules."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import cli
from riskaudit.checks import evaluate_policy
from riskaudit.config import PolicyConfig
from riskaudit.config._loader import resolve_policy
from riskaudit.errors import ConfigError
from riskaudit.license import LicenseResult, load_license
from riskaudit.pii import PiiResult
from riskaudit.scanners.profile import ColumnProfile, ProfileResult

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "license.example.yaml"


def test_example_loads_and_summarises():
    t = load_license(EXAMPLE)
    s = t.summary()
    assert s["declared_license"] == "LicenseRef-Example-Data-License-1.0"
    assert s["deidentification_claim"] == "safe_harbor" and s["art9_basis"] == "research_archiving_statistics"
    assert "re_identification" in s["excluded_uses"] and s["no_reidentification_covenant"] is True


@pytest.mark.parametrize(
    "edit, expect",
    [
        (
            ("  transfer_mechanism: none ", "  transfer_mechanism: pinky_promise "),
            r":2\d: jurisdictions.transfer_mechanism: must be",
        ),
        (
            ("  erasure_propagation: true", "  erasure_propogation: true"),
            r":3\d: deletion.erasure_propogation: unknown key; did you mean 'erasure_propagation'",
        ),
        (("  spdx_id: LicenseRef-Example-Data-License-1.0", "  url2: x"), r":1\d: license.url2: unknown key"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, edit, expect):
    text = EXAMPLE.read_text()
    assert edit[0] in text
    p = tmp_path / "lic.yaml"
    p.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(ConfigError, match=str(p).replace(".", r"\.") + expect):
        load_license(p)


def test_licence_needs_spdx_id_or_text(tmp_path):
    p = tmp_path / "l.yaml"
    p.write_text("parties: [{name: A, role: licensor}]\ndataset: {name: d}\nlicense: {url: 'https://x'}\n")
    with pytest.raises(ConfigError, match=r"l\.yaml:3: license: Value error, give spdx_id"):
        load_license(p)
    p.write_text("parties: []\ndataset: {name: d}\nlicense: {custom_text: 'All rights reserved'}\n")
    with pytest.raises(ConfigError, match=r":1: parties: List should have at least 1 item"):
        load_license(p)


def test_cli_bad_license_is_one_line_exit_2(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("parties: [{name: A, role: owner}]\n")
    r = cli(
        "audit",
        "sample_data/hospital_discharges_deid.csv",
        "--license",
        str(p),
        "-o",
        str(tmp_path / "o"),
        "-q",
    )
    assert r.exit_code == 2 and r.stderr.startswith("error: ") and "bad.yaml:1: parties.0.role" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


def _results(tmp_path: Path, columns: list[str], **changes) -> dict:
    text = EXAMPLE.read_text()
    for old, new in changes.get("replace", []):
        assert old in text, old
        text = text.replace(old, new, 1)
    p = tmp_path / "lic.yaml"
    p.write_text(text)
    lic = LicenseResult(path=str(p), sha256=hashlib.sha256(p.read_bytes()).hexdigest(), terms=load_license(p))
    prof = ProfileResult(
        rows=10,
        columns={
            c: ColumnProfile(type="string", nulls=0, null_share=0, distinct=5, unique_share=0.5)
            for c in columns
        },
    )
    res = {"license": lic, "profile": prof}
    if "pii" in changes:  # the rules read the typed result: validate the case's columns into one
        pii = changes["pii"]
        cols = {c: {"confidence": 1.0, "reason": "test", **v} for c, v in pii["columns"].items()}
        res["pii"] = PiiResult.model_validate(
            {"sample_size": 10, "seed": 0, "jurisdictions": ["US"], **pii, "columns": cols}
        )
    return res


def _checks(results: dict, rule: str):
    p = resolve_policy(PolicyConfig(extends=["default"]))[0]
    p.rules = {rule: p.rules[rule]}
    return evaluate_policy(p, results)


def test_art9_basis_missing_fails_per_special_column(tmp_path):
    res = _results(
        tmp_path,
        ["race", "primary_diagnosis", "zip3"],
        replace=[("  art9_basis: research_archiving_statistics", "  art9_basis: null")],
    )
    cs = _checks(res, "license.art9_basis")
    assert {c.column: c.status for c in cs} == {"primary_diagnosis": "fail", "race": "fail"}
    ok = _checks(_results(tmp_path, ["race"]), "license.art9_basis")
    assert [c.status for c in ok] == ["pass"]
    none = _checks(
        _results(
            tmp_path,
            ["zip3"],
            replace=[("  art9_basis: research_archiving_statistics", "  art9_basis: null")],
        ),
        "license.art9_basis",
    )
    assert [c.status for c in none] == ["pass"]


def test_art9_basis_uses_pii_categories(tmp_path):
    pii = {"columns": {"c1": {"entities": {}, "role": "sensitive", "hipaa": [], "gdpr_special": ["health"]}}}
    res = _results(
        tmp_path,
        ["c1"],
        replace=[("  art9_basis: research_archiving_statistics", "  art9_basis: null")],
        pii=pii,
    )
    cs = _checks(res, "license.art9_basis")
    assert [(c.column, c.status) for c in cs] == [("c1", "fail")] and "health" in cs[0].message


def test_eu_origin_processing_outside_without_mechanism(tmp_path):
    eu = [("  origin: [US]", "  origin: [DE, FR]"), ("  processing: [US, DE]", "  processing: [US, DE]")]
    cs = _checks(_results(tmp_path, [], replace=eu), "license.transfer_mechanism")
    assert cs[0].status == "fail" and "US" in cs[0].message and "DE, FR" in cs[0].message
    scc = eu + [("  transfer_mechanism: none ", "  transfer_mechanism: scc ")]
    assert _checks(_results(tmp_path, [], replace=scc), "license.transfer_mechanism")[0].status == "pass"
    inside = [("  origin: [US]", "  origin: [DE]"), ("  processing: [US, DE]", "  processing: [FR, DE]")]
    assert _checks(_results(tmp_path, [], replace=inside), "license.transfer_mechanism")[0].status == "pass"
    # US origin processed in DE: not an EU transfer
    assert _checks(_results(tmp_path, []), "license.transfer_mechanism")[0].status == "pass"


def test_intended_use_the_license_excludes(tmp_path):
    bad = [
        (
            "  intended: [fine_tuning, evaluation]",
            "  intended: [fine_tuning, Model Commercialization, benchmarking]",
        )
    ]
    cs = _checks(_results(tmp_path, [], replace=bad), "license.excluded_use")
    assert {(c.value, c.status) for c in cs} == {
        ("Model Commercialization", "fail"),
        ("benchmarking", "warn"),
    }
    assert [c.status for c in _checks(_results(tmp_path, []), "license.excluded_use")] == ["pass"]


def test_safe_harbor_claim_with_identifiers_present(tmp_path):
    pii = {
        "columns": {
            "ssn": {
                "entities": {"US_SSN": 1.0},
                "role": "direct_identifier",
                "hipaa": ["G"],
                "gdpr_special": [],
            },
            "sex": {"entities": {}, "role": "quasi_identifier", "hipaa": [], "gdpr_special": []},
        }
    }
    cs = _checks(_results(tmp_path, ["ssn", "sex"], pii=pii), "license.safe_harbor_claim")
    assert [(c.column, c.status) for c in cs] == [("ssn", "fail")] and "(G) social security numbers" in cs[
        0
    ].message
    clean = {
        "columns": {"sex": {"entities": {}, "role": "quasi_identifier", "hipaa": [], "gdpr_special": []}}
    }
    assert [
        c.status for c in _checks(_results(tmp_path, ["sex"], pii=clean), "license.safe_harbor_claim")
    ] == ["pass"]
    other = [("  deidentification_claim: safe_harbor", "  deidentification_claim: expert_determination")]
    assert _checks(_results(tmp_path, ["ssn"], replace=other, pii=pii), "license.safe_harbor_claim") == []


def test_no_license_means_no_license_checks(tmp_path):
    res = {"license": LicenseResult(provided=False)}
    for rule in (
        "license.art9_basis",
        "license.transfer_mechanism",
        "license.excluded_use",
        "license.safe_harbor_claim",
    ):
        assert _checks(res, rule) == []


def test_license_bound_into_scorecard(tmp_path):
    from riskaudit.audit import run_audit
    from riskaudit.config import load_config

    cfg = load_config(None, {"license": str(EXAMPLE), "columns": {"quasi_identifiers": ["zip3", "sex"]}})
    rep = run_audit(
        ROOT / "sample_data/hospital_discharges_deid.csv", cfg, write=False, only=["license", "reident"]
    )
    lic = rep.scorecard.license
    assert lic["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert lic["declared_license"] == "LicenseRef-Example-Data-License-1.0"
    assert rep.scorecard.results.license.terms.privacy.deidentification_claim == "safe_harbor"
