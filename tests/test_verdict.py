"""A verdict that never says more than was measured (issue 12).

not_measured status; policy.require_measured; no empty policy; unique check keys (baseline, SARIF, JUnit);
unjudgeable inputs refused; worst findings ordered by status, severity and exceedance; and a property test over
random policies and random missing inputs.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import cli
from riskaudit.checks import evaluate_policy, registered_rules
from riskaudit.config import PolicyConfig, RuleConfig, load_config
from riskaudit.config._loader import resolve_policy
from riskaudit.render._common import finding_order, verdict_summary, worst_findings
from riskaudit.render.html import render_html
from riskaudit.render.junit import render_junit
from riskaudit.render.markdown import render_markdown
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo, worst
from riskaudit.scorecard.json_schema import scorecard_json_schema
from scorecard_fixtures import make_dataset

ROOT = Path(__file__).resolve().parents[1]


def _sc(checks: list[Check]) -> Scorecard:
    return Scorecard(
        tool=ToolInfo(version="t"),
        dataset=DatasetInfo(path="d.csv", sha256="0" * 64, rows=1, columns=1),
        config_sha256="0" * 64,
        checks=checks,
        verdict=worst([c.status for c in checks]),
        results=Results(),
    )


# ------------------------------------------------------------------ 1. the status and the verdict


def test_verdict_is_worst_measured_status_and_never_pass_without_a_measurement():
    assert worst([]) == "not_measured"
    assert worst(["not_measured", "not_measured"]) == "not_measured"
    assert worst(["pass", "not_measured"]) == "pass"
    assert worst(["pass", "warn", "not_measured"]) == "warn"
    assert worst(["not_measured", "fail", "warn"]) == "fail"
    assert worst(["error", "fail", "not_measured"]) == "error"


def test_schema_lists_not_measured_and_the_new_check_fields():
    schema = scorecard_json_schema()
    check = schema["$defs"]["Check"]["properties"]
    assert (
        "not_measured" in check["status"]["enum"]
        and "not_measured" in schema["properties"]["verdict"]["enum"]
    )
    for k in ("reason", "judged_by", "facet", "severity", "key"):
        assert k in check, k
    # additive: nothing that was there before became required
    assert set(schema["$defs"]["Check"].get("required", [])) <= {"id", "status", "message"}


def test_renderers_count_not_measured_apart_from_passes():
    checks = [
        Check(
            id="reident.k_anonymity",
            scanner="reident",
            status="pass",
            value=12,
            threshold=5,
            message="k is 12",
        ),
        Check(
            id="reident.population_uniqueness",
            scanner="reident",
            status="not_measured",
            message="population uniqueness: not measured: no population size",
            reason="no population size (reident.population_size)",
        ),
        Check(
            id="bias.representation_gap",
            scanner="bias",
            status="not_measured",
            message="not measured: x",
            reason="no reference population configured (bias.reference_population)",
        ),
    ]
    sc = _sc(checks)
    assert sc.verdict == "pass"
    line = verdict_summary(sc)
    assert (
        line.startswith("1 pass, 0 warn, 0 fail, 0 error, 2 not measured") and "covers the 1 measured" in line
    )
    md = render_markdown(sc)
    assert "**Verdict: PASS** (1 pass, 0 warn, 0 fail, 0 error, 2 not measured" in md
    assert md.count("| NOT MEASURED |") >= 2
    html = render_html(sc)
    page1 = html.split('<section class="page1">', 1)[1].split("</section>", 1)[0]
    assert "2 not measured" in page1 and "covers the 1 measured" in page1
    # a grey chip with a symbol and the word (never colour alone)
    assert (
        re.search(r'class="badge not_measured"><span aria-hidden="true">\?</span> NOT MEASURED<', html)
        and ".not_measured,.not_run{background:var(--nm)}" in html
    )
    assert "bias.reference_population" in page1  # the reason is on page 1
    junit = render_junit(sc)
    assert junit.count("<skipped ") == 2 and 'skipped="2"' in junit and "<failure" not in junit
    # nothing measured: the verdict says so, and so does every format
    none = _sc(checks[1:])
    assert none.verdict == "not_measured"
    assert "no check was measured" in verdict_summary(none)
    assert "**Verdict: NOT MEASURED**" in render_markdown(none)
    assert 'class="verdict not_measured">NOT MEASURED<' in render_html(none)


# ------------------------------------------------------------------ helpers: a small dataset audited end to end


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("verdict")
    p = make_dataset(d / "data.csv", n=300, seed=11)
    df = pd.read_csv(p, dtype=str)
    rng = random.Random(5)
    df["predicted"] = [str(int(rng.random() < 0.3)) for _ in range(len(df))]
    df["w"] = "40"
    df.to_csv(p, index=False)
    shutil.copytree(ROOT / "src/riskaudit/configs", d / "configs")
    return p


def _yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_sample_style_audit_reports_not_measured_not_pass(small, tmp_path):
    """The rules that used to pass with 'not measured' (population, journalist, weights, linkage, representation)."""
    cfg = _yaml(
        tmp_path / "c.yaml",
        "columns:\n  quasi_identifiers: [zip5, date_of_birth, sex]\n  protected: [race, sex]\n"
        "  label: readmitted_30d\n  positive_label: '1'\npolicy:\n  extends: [default]\n",
    )
    r = cli("audit", str(small), "-c", str(cfg), "--out", str(tmp_path / "o"), "--format", "json,junit")
    assert r.exit_code == 1, r.stderr
    sc = json.loads((tmp_path / "o" / "scorecard.json").read_text())
    by_id: dict[str, list[dict]] = {}
    for c in sc["checks"]:
        by_id.setdefault(c["id"], []).append(c)
    for rid, key in [
        ("reident.population_uniqueness", "reident.population_size"),
        ("reident.journalist_highest", "population"),
        ("reident.individual_risk", "columns.weight"),
        ("linkage.exact_reidentification", "linkage.aux"),
        ("linkage.release_attacks", "linkage.anonymeter.release"),
        ("bias.representation_gap", "bias.reference_population"),
        ("bias.equalized_odds", "columns.prediction"),
    ]:
        [c] = by_id[rid]
        assert c["status"] == "not_measured" and key in c["reason"], (rid, c)
    n_nm = sum(c["status"] == "not_measured" for c in sc["checks"])
    assert f"{n_nm} not measured" in r.stderr
    assert all(c["status"] != "pass" or "not measured" not in c["message"] for c in sc["checks"])


# ------------------------------------------------------------------ 2. require_measured


def test_require_measured_turns_not_measured_into_fail_with_the_reason(small, tmp_path):
    pol = resolve_policy(PolicyConfig(extends=["hipaa-expert-risk"]))[0]
    assert "reident.population_uniqueness" in pol.require_measured
    cfg = _yaml(
        tmp_path / "c.yaml",
        "columns:\n  quasi_identifiers: [zip5, sex]\npolicy:\n  extends: [hipaa-expert-risk]\n",
    )
    r = cli("audit", str(small), "-c", str(cfg), "--out", str(tmp_path / "o"), "--format", "json")
    sc = json.loads((tmp_path / "o" / "scorecard.json").read_text())
    [pu] = [c for c in sc["checks"] if c["id"] == "reident.population_uniqueness"]
    assert (
        pu["status"] == "fail" and "reident.population_size" in pu["message"] and "require" in pu["message"]
    )
    assert r.exit_code == 1
    # measured once a sampling fraction is given: no longer a requirement failure
    cfg2 = _yaml(
        tmp_path / "c2.yaml",
        "columns:\n  quasi_identifiers: [zip5, sex]\nreident:\n  sampling_fraction: 0.01\n"
        "policy:\n  extends: [hipaa-expert-risk]\n",
    )
    cli("audit", str(small), "-c", str(cfg2), "--out", str(tmp_path / "o2"), "--format", "json")
    sc2 = json.loads((tmp_path / "o2" / "scorecard.json").read_text())
    [pu2] = [c for c in sc2["checks"] if c["id"] == "reident.population_uniqueness"]
    assert (
        pu2["status"] in ("pass", "warn", "fail")
        and "require" not in pu2["message"]
        and pu2["value"] is not None
    )


def test_packs_require_what_their_sources_require_and_cite_them():
    want = {
        "release-gate": {
            "reident.k_anonymity",
            "reident.small_classes",
            "gdpr.singling_out",
            "pii.direct_identifiers",
        },
        "hipaa-expert-risk": {"reident.population_uniqueness", "reident.prosecutor_highest"},
        "ema-policy-0070": {
            "reident.prosecutor_highest",
            "reident.k_anonymity",
            "gdpr.singling_out",
            "gdpr.linkability",
            "gdpr.inference",
        },
    }
    for pack, ids in want.items():
        pol = resolve_policy(PolicyConfig(extends=[pack]))[0]
        assert ids <= set(pol.require_measured), pack
        text = (ROOT / "src/riskaudit/configs" / "policies" / f"{pack}.yaml").read_text()
        assert "require_measured:" in text
    # the default pack requires nothing: it reports what it could not measure
    assert resolve_policy(PolicyConfig(extends=["default"]))[0].require_measured == []


def test_require_measured_of_a_rule_not_in_the_policy_is_a_config_error():
    from riskaudit.errors import ConfigError

    with pytest.raises(ConfigError, match="require_measured: 'reident.nope'"):
        resolve_policy(PolicyConfig(extends=["default"], require_measured=["reident.nope"]))


# ------------------------------------------------------------------ 3. no empty policy


def test_config_without_policy_uses_the_default_pack(small, tmp_path):
    cfg = _yaml(tmp_path / "c.yaml", "dataset:\n  encoding: latin-1\n")
    loaded = load_config(cfg)
    assert loaded.policy.name == "default" and len(loaded.policy.rules) == len(
        resolve_policy(PolicyConfig(extends=["default"]))[0].rules
    )
    r = cli("audit", str(small), "-c", str(cfg), "--out", str(tmp_path / "o"), "--format", "json")
    sc = json.loads((tmp_path / "o" / "scorecard.json").read_text())
    assert sc["policy"]["name"] == "default" and len(sc["checks"]) > 10
    assert r.exit_code == 1 and sc["verdict"] == "fail"  # SSNs and names in the data: never a green PASS
    g = cli("gate", str(small), "-c", str(cfg))
    assert g.exit_code == 1 and "NEW FAIL pii.direct_identifiers" in g.stderr


@pytest.mark.parametrize(
    "policy",
    ["policy:\n  extends: []\n", "policy:\n  rules:\n    reident.k_anonymity: {enabled: false, fail: 5}\n"],
)
def test_policy_with_no_enabled_rule_is_exit_2_one_line(small, tmp_path, policy):
    cfg = _yaml(tmp_path / "c.yaml", policy)
    for cmd in ("audit", "gate"):
        r = cli(cmd, str(small), "-c", str(cfg), "--out", str(tmp_path / "o"))
        assert r.exit_code == 2, (cmd, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "no enabled rule" in lines[0] and "c.yaml" in lines[0], r.stderr
    assert not (tmp_path / "o").exists()


def test_python_api_without_policy_gets_the_default_pack(small, tmp_path):
    from riskaudit.audit import run_audit
    from riskaudit.config import AuditConfig

    rep = run_audit(str(small), AuditConfig(), write=False, only=["pii"])
    assert rep.scorecard.policy.name == "default" and rep.scorecard.checks
    # only the PII scan ran: the other scanners' rules are not measured, not errors and not passes
    others = [c for c in rep.scorecard.checks if c.scanner not in ("pii", "profile")]
    assert others and all(c.status == "not_measured" and c.reason for c in others)


# ------------------------------------------------------------------ 4. check identity


def test_keys_are_unique_and_separate_label_from_decision():
    a = Check(
        id="bias.four_fifths", scanner="bias", status="pass", column="race", judged_by="label", message="m"
    )
    b = Check(
        id="bias.four_fifths", scanner="bias", status="pass", column="race", judged_by="decision", message="m"
    )
    assert a.key == "bias/bias.four_fifths[race]@label" and b.key == "bias/bias.four_fifths[race]@decision"
    assert Check.model_validate_json(a.model_dump_json()).key == a.key  # round-trips


def test_gate_fails_when_the_decision_gets_worse_on_an_attribute_the_label_already_failed(
    tmp_path, monkeypatch
):
    """Label disparity baselined; then the model's decisions become disparate on the same attribute: a new failure."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY", raising=False)
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY_FILE", raising=False)
    shutil.copytree(ROOT / "configs", tmp_path / "configs")
    assert cli("keygen", "--purpose", "baseline", "--out", "k").exit_code == 0
    key = ("--baseline-key", "k.baseline-key")
    rng = random.Random(3)
    rows = []
    for i in range(2000):
        g = "A" if i % 2 else "B"
        y = int(
            rng.random() < (0.5 if g == "A" else 0.2)
        )  # label: B's rate is 0.4 of A's -> four-fifths fails
        rows.append(
            {"grp": g, "y": y, "pred": int(rng.random() < 0.4), "age_band": rng.choice(["1", "2", "3"])}
        )
    df = pd.DataFrame(rows)
    df.to_csv("d.csv", index=False)
    cfg = _yaml(
        tmp_path / "c.yaml",
        "columns:\n  quasi_identifiers: [age_band]\n  protected: [grp]\n  label: y\n"
        "  positive_label: '1'\n  prediction: pred\npolicy:\n  extends: [eeoc-four-fifths]\n",
    )
    r1 = cli("gate", "d.csv", "-c", str(cfg), "--write-baseline", "bl.json", *key)
    assert "NEW FAIL bias.four_fifths [grp]" in r1.stderr
    r2 = cli("gate", "d.csv", "-c", str(cfg), "--baseline", "bl.json", *key)
    assert r2.exit_code == 0, r2.stderr
    # the decision now copies the label's disparity
    df["pred"] = [int(rng.random() < (0.5 if g == "A" else 0.15)) for g in df["grp"]]
    df.to_csv("d.csv", index=False)
    r3 = cli(
        "gate",
        "d.csv",
        "-c",
        str(cfg),
        "--baseline",
        "bl.json",
        *key,
        "--out",
        "o",
        "--format",
        "json,sarif,junit",
    )
    assert r3.exit_code == 1, r3.stderr
    assert "NEW FAIL bias.four_fifths [grp]" in r3.stderr and "decision 'pred'" in r3.stderr
    sc = json.loads(Path("o/scorecard.json").read_text())
    ff = {c["judged_by"]: c for c in sc["checks"] if c["id"] == "bias.four_fifths" and c["column"] == "grp"}
    assert (
        ff["label"]["status"] == "fail"
        and ff["decision"]["status"] == "fail"
        and ff["label"]["key"] != ff["decision"]["key"]
    )
    sarif = json.loads(Path("o/report.sarif").read_text())
    prints = [x["partialFingerprints"]["riskauditFinding/v2"] for x in sarif["runs"][0]["results"]]
    assert len(prints) == len(set(prints))
    junit = Path("o/report.junit.xml").read_text()
    assert (
        'name="bias/bias.four_fifths[grp]@label"' in junit
        and 'name="bias/bias.four_fifths[grp]@decision"' in junit
    )


# ------------------------------------------------------------------ 5. inputs that cannot be judged


@pytest.fixture
def binary(tmp_path) -> Path:
    rng = random.Random(2)
    p = tmp_path / "b.csv"
    pd.DataFrame(
        {
            "secret_label": [rng.choice(["no_readmit", "readmit_zz"]) for _ in range(120)],
            "grp": [rng.choice("AB") for _ in range(120)],
            "const": ["only_value_qq"] * 120,
            "empty": [""] * 120,
            "y": [i % 2 for i in range(120)],
        }
    ).to_csv(p, index=False)
    return p


@pytest.mark.parametrize(
    "args, column, must",
    [
        (["--protected", "grp", "--label", "y", "--positive", "yes"], "'y'", "does not occur"),
        (
            ["--protected", "grp", "--label", "secret_label", "--positive", "maybe"],
            "'secret_label'",
            "does not occur",
        ),
        (["--protected", "grp", "--label", "const"], "'const'", "single value"),
        (["--protected", "empty", "--label", "y"], "'empty'", "holds no value"),
    ],
)
def test_unjudgeable_bias_inputs_are_refused_with_counts_only(binary, args, column, must):
    r = cli("bias", str(binary), *args, "--json")
    assert r.exit_code == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and column in lines[0] and must in lines[0]
    for value in ("no_readmit", "readmit_zz", "only_value_qq"):
        assert value not in r.stderr  # counts only, never the values
    if "does not occur" in must:
        assert "2 distinct values" in lines[0]


def test_empty_qi_is_refused(binary):
    r = cli("risk", str(binary), "--qi", "empty,grp", "--json")
    assert (
        r.exit_code == 2
        and "quasi-identifier 'empty'" in r.stderr
        and len(r.stderr.strip().splitlines()) == 1
    )


def test_audit_with_absent_positive_label_is_refused(binary, tmp_path):
    cfg = _yaml(
        tmp_path / "c.yaml",
        "columns:\n  quasi_identifiers: [grp]\n  protected: [grp]\n  label: y\n  positive_label: 'yes'\n",
    )
    r = cli("audit", str(binary), "-c", str(cfg), "--out", str(tmp_path / "o"))
    assert r.exit_code == 2 and "positive value" in r.stderr and not (tmp_path / "o").exists()


# ------------------------------------------------------------------ 6. worst findings


def test_worst_findings_order_status_severity_exceedance_across_scanners():
    checks = [
        Check(
            id="bias.small_groups",
            scanner="bias",
            status="warn",
            value=3,
            threshold=0,
            severity="low",
            column="race",
            message="m",
        ),
        Check(
            id="bias.four_fifths",
            scanner="bias",
            status="fail",
            value=0.79,
            threshold=0.8,
            severity="high",
            column="sex",
            judged_by="label",
            message="m",
        ),
        Check(
            id="reident.k_anonymity",
            scanner="reident",
            status="fail",
            value=1,
            threshold=5,
            severity="high",
            message="m",
        ),
        Check(
            id="pii.direct_identifiers",
            scanner="pii",
            status="fail",
            value="US_SSN",
            threshold=0,
            severity="critical",
            column="ssn",
            message="m",
        ),
        Check(
            id="reident.small_classes",
            scanner="reident",
            status="fail",
            value=0.9,
            threshold=0.05,
            message="m",
        ),
        Check(
            id="reident.population_uniqueness",
            scanner="reident",
            status="not_measured",
            message="m",
            reason="r",
        ),
        Check(id="profile.all_null_columns", scanner="profile", status="error", message="m"),
        Check(
            id="reident.prosecutor_highest",
            scanner="reident",
            status="pass",
            value=0.1,
            threshold=0.2,
            message="m",
        ),
    ]
    sc = _sc(list(reversed(checks)))
    got = [c.id for c in worst_findings(sc, 10)]
    # error first; then fails: critical, high (k: 1 vs 5 is 80% past; four-fifths 0.79 vs 0.8 is 1.25%), medium; then warn,
    # then not measured; never a pass
    assert got == [
        "profile.all_null_columns",
        "pii.direct_identifiers",
        "reident.k_anonymity",
        "bias.four_fifths",
        "reident.small_classes",
        "bias.small_groups",
        "reident.population_uniqueness",
    ]
    assert sorted(checks, key=finding_order)[-1].status == "pass"
    md = render_markdown(sc)
    section = md.split("## Worst findings", 1)[1].split("## Checks", 1)[0]
    assert (
        section.index("pii.direct\\_identifiers")
        < section.index("reident.k\\_anonymity")
        < section.index("bias.four\\_fifths")
    )
    page1 = render_html(sc).split('<section class="page1">', 1)[1].split("</section>", 1)[0]
    assert (
        page1.index("pii.direct_identifiers")
        < page1.index("reident.k_anonymity")
        < page1.index("bias.small_groups")
    )


# ------------------------------------------------------------------ property: random policies, random missing inputs


@pytest.fixture(scope="module")
def full_results(small, tmp_path_factory) -> dict:
    """Every scanner with as many inputs as a small audit can have: the ablations below remove them."""
    from riskaudit.audit import run_audit

    d = tmp_path_factory.mktemp("full")
    cfg = load_config(
        ROOT / "src/riskaudit/configs" / "default.yaml",
        {
            "columns": {
                "quasi_identifiers": ["zip5", "date_of_birth", "sex"],
                "sensitive": ["primary_diagnosis"],
                "protected": ["race", "sex"],
                "label": "readmitted_30d",
                "positive_label": "1",
                "prediction": "predicted",
                "weight": "w",
            },
            "reident": {"population_size": 30000},
            "bias": {
                "reference_population": {"race": {"White": 0.6, "Black": 0.2, "Asian": 0.1, "Other": 0.1}}
            },
            "linkage": {"aux": str(small), "on": ["zip5", "date_of_birth", "sex"]},
            "outputs": {"formats": ["json"]},
        },
    )
    rep = run_audit(str(small), cfg, out_dir=d)
    res = rep.scorecard.results
    out = {k: getattr(res, k) for k in type(res).model_fields if getattr(res, k) is not None}
    assert {"reident", "pii", "linkage", "bias", "profile", "safe_harbor", "quality"} <= set(out)
    return out


def _bias_without(r, *, label: bool = False, decision: bool = False, reference: bool = False):
    attrs = []
    for a in r.attributes:
        up = {}
        if label:
            up["outcome"] = None
            up["one_vs_rest"] = []
            if a.model is not None:
                up["model"] = a.model.model_copy(
                    update={"equalized_odds_difference": None, "equalized_odds_difference_ci": None}
                )
        if decision:
            up["model"] = None
        if reference:
            up["representation"] = None
        attrs.append(a.model_copy(update=up))
    top = {"attributes": attrs}
    if label:
        top.update(label=None, label_kind=None)
    if decision:
        top.update(prediction=None, score=None)
    return r.model_copy(update=top)


# name -> (apply to the results dict, rules whose inputs are then absent)
ABLATIONS = {
    "no_reident": (lambda R: R.pop("reident"), {"reident.*", "gdpr.singling_out", "gdpr.inference"}),
    "no_population": (
        lambda R: R.__setitem__(
            "reident", R["reident"].model_copy(update={"population_uniqueness": None, "journalist": None})
        ),
        {"reident.population_uniqueness", "reident.journalist_highest"},
    ),
    "no_weight": (
        lambda R: R.__setitem__("reident", R["reident"].model_copy(update={"individual_risk": None})),
        {"reident.individual_risk"},
    ),
    "no_sensitive": (
        lambda R: R.__setitem__(
            "reident", R["reident"].model_copy(update={"l_diversity": {}, "t_closeness": {}})
        ),
        {"reident.l_diversity", "reident.t_closeness", "gdpr.inference"},
    ),
    "no_linkage": (lambda R: R.pop("linkage"), {"linkage.*", "gdpr.linkability"}),
    "no_aux": (
        lambda R: R.__setitem__(
            "linkage", R["linkage"].model_copy(update={"exact": None, "fuzzy": None, "anonymeter": None})
        ),
        {"linkage.*", "gdpr.linkability"},
    ),
    "no_bias": (lambda R: R.pop("bias"), {"bias.*"}),
    "no_label": (
        lambda R: R.__setitem__("bias", _bias_without(R["bias"], label=True)),
        {"bias.significant_disparity", "bias.equalized_odds"},
    ),
    "no_decision": (
        lambda R: R.__setitem__("bias", _bias_without(R["bias"], decision=True)),
        {"bias.equalized_odds"},
    ),
    "no_reference": (
        lambda R: R.__setitem__("bias", _bias_without(R["bias"], reference=True)),
        {"bias.representation_gap"},
    ),
    "no_pii": (lambda R: R.pop("pii"), {"pii.*", "safe_harbor.identifiers"}),
    "no_safe_harbor": (
        lambda R: R.pop("safe_harbor"),
        {"safe_harbor.zip3", "safe_harbor.dates", "safe_harbor.ages"},
    ),
    "no_profile": (lambda R: R.pop("profile"), {"profile.*"}),
    "no_quality": (lambda R: R.pop("quality"), {"quality.*"}),
}
# the four-fifths rule needs a label or a decision: absent only when both are
BOTH = ("no_label", "no_decision")


def _absent(rule_id: str, applied: set[str]) -> bool:
    pats = set().union(*(ABLATIONS[a][1] for a in applied)) if applied else set()
    if rule_id == "bias.four_fifths" and set(BOTH) <= applied:
        return True
    return any(p == rule_id or (p.endswith(".*") and rule_id.startswith(p[:-1])) for p in pats)


JUDGED = sorted(
    r for r in registered_rules() if not r.startswith("license.")
)  # license rules judge a bound license only
ORDER_OF_POPS = {
    "no_reident",
    "no_linkage",
    "no_bias",
    "no_pii",
    "no_safe_harbor",
    "no_profile",
    "no_quality",
}


def _judge(full_results: dict, pol: PolicyConfig, ablations: set[str]) -> list[Check]:
    R = dict(full_results)
    # apply the model edits before removing whole scanners (an edit needs its scanner's result)
    for a in sorted(ablations, key=lambda a: (a in ORDER_OF_POPS, a)):
        ABLATIONS[a][0](R)
    return evaluate_policy(
        pol, R, {"reident": "reident not run", "linkage": "linkage not run", "bias": "bias not run"}
    )


def _every_rule() -> PolicyConfig:
    base = resolve_policy(PolicyConfig(extends=["gdpr-anonymisation", "hipaa-safe-harbor"]))[0]
    return PolicyConfig(name="every", rules={rid: base.rules.get(rid, RuleConfig()) for rid in JUDGED})


def test_full_results_measure_every_rule(full_results):
    """The base of the property test measures what the ablations take away (else removing it proves nothing)."""
    checks = _judge(full_results, _every_rule(), set())
    nm = sorted({c.id for c in checks if c.status == "not_measured"})
    # fuzzy linkage and release attacks are not configured; the quality scan has no test split / label-issue run
    # no synthetic release or membership scores either (derived.*), no erasure ledger (erasure.*), no declared
    # constraints (quality.constraints)
    assert set(nm) - {r for r in nm if r.startswith(("derived.", "erasure."))} <= {
        "linkage.fuzzy_reidentification",
        "linkage.release_attacks",
        "quality.train_test_overlap",
        "quality.label_issues",
        "quality.constraints",
    }, nm


@pytest.mark.parametrize("ablation", sorted(ABLATIONS))
def test_each_missing_input_alone_is_never_pass(full_results, ablation):
    checks = _judge(full_results, _every_rule(), {ablation})
    hit = [c for c in checks if _absent(c.id, {ablation})]
    assert hit, ablation
    assert all(c.status == "not_measured" and c.reason for c in hit), [
        (c.key, c.status) for c in hit if c.status != "not_measured"
    ]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    left_out=st.sets(st.sampled_from(JUDGED), max_size=6),
    thresholds=st.lists(
        st.tuples(
            st.none() | st.floats(-1, 20, allow_nan=False),
            st.none() | st.floats(-1, 20, allow_nan=False),
            st.sampled_from([True, True, True, False]),
            st.sampled_from([None, "critical", "high", "medium", "low"]),
        ),
        min_size=len(JUDGED),
        max_size=len(JUDGED),
    ),
    ablations=st.sets(st.sampled_from(sorted(ABLATIONS))),
    required=st.sets(st.sampled_from(JUDGED)),
)
def test_property_absent_inputs_are_never_pass(full_results, left_out, thresholds, ablations, required):
    cfgs = {}
    for rid, (warn, fail, enabled, sev) in zip(JUDGED, thresholds, strict=True):
        if rid not in left_out:
            cfgs[rid] = RuleConfig(warn=warn, fail=fail, enabled=enabled, severity=sev)
    pol = PolicyConfig(name="random", rules=cfgs, require_measured=sorted(required & set(cfgs)))
    checks = _judge(full_results, pol, ablations)
    keys = [c.key for c in checks]
    assert len(keys) == len(set(keys))
    for c in checks:
        if _absent(c.id, ablations):
            assert c.status != "pass", (c.id, ablations, c.message)
            if c.id in pol.require_measured:
                assert c.status in ("fail", "error"), c
            else:
                assert c.status in ("not_measured", "error"), c
        if c.status == "not_measured":
            assert c.reason and "not measured" in c.message
    verdict = worst([c.status for c in checks])
    if not any(c.status in ("pass", "warn", "fail", "error") for c in checks):
        assert verdict == "not_measured"
    assert verdict != "pass" or any(c.status == "pass" for c in checks)


def test_nothing_measured_is_not_a_pass_for_audit_or_gate(small, tmp_path, monkeypatch):
    """Only rules whose inputs are absent: verdict not_measured, exit 1 (audit and gate), said on the verdict line."""
    monkeypatch.delenv("RISKAUDIT_BASELINE_KEY", raising=False)
    cfg = _yaml(
        tmp_path / "c.yaml",
        "columns:\n  quasi_identifiers: [zip5, sex]\npolicy:\n  rules:\n"
        "    reident.population_uniqueness: {fail: 0.05}\n    reident.individual_risk: {fail: 0.05}\n",
    )
    r = cli("audit", str(small), "-c", str(cfg), "--out", str(tmp_path / "o"), "--format", "json,md")
    sc = json.loads((tmp_path / "o" / "scorecard.json").read_text())
    assert sc["verdict"] == "not_measured" and {c["status"] for c in sc["checks"]} == {"not_measured"}
    assert (
        r.exit_code == 1
        and "0 pass, 0 warn, 0 fail, 0 error, 2 not measured; no check was measured" in r.stderr
    )
    assert "**Verdict: NOT MEASURED**" in (tmp_path / "o" / "report.md").read_text()
    g = cli("gate", str(small), "-c", str(cfg))
    assert g.exit_code == 1 and "gate FAILED" in g.stderr and "2 new not measured" in g.stderr
