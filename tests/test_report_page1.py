"""Page 1 (areas, ranked worst findings, date) and summary.md's size bound, on hand-built scorecards."""

from __future__ import annotations

import re

from riskaudit.render._page1 import AREAS, areas, ranked_findings, report_date
from riskaudit.render.markdown import SUMMARY_LIMIT, render_markdown, render_summary
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo, worst
from test_markdown_report import _hostile_scorecard


def _sc(checks: list[Check], results: Results | None = None, **kw) -> Scorecard:
    return Scorecard(
        tool=ToolInfo(version="t"),
        dataset=DatasetInfo(path="d.csv", sha256="0" * 64, rows=1, columns=1),
        config_sha256="0" * 64,
        checks=checks,
        verdict=worst([c.status for c in checks]),
        results=results or Results(),
        **kw,
    )


def _bias_fails(n: int, severity: str = "critical") -> list[Check]:
    return [
        Check(
            id="bias.four_fifths",
            scanner="bias",
            status="fail",
            value=0.1 + i / 1000,
            threshold=0.8,
            severity=severity,
            column=f"attr{i}",
            message="m",
        )
        for i in range(n)
    ]


def test_identifying_findings_lead_page1_even_below_more_severe_and_numerous_fails():
    # 30 critical bias fails would fill a "first ten failures" page; direct identifiers, k = 1 and a Safe Harbor
    # failure must still come first, and the 30 bias checks share one row
    checks = _bias_fails(30) + [
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
            id="safe_harbor.zip3",
            scanner="safe_harbor",
            status="fail",
            value=4,
            threshold=0,
            severity="medium",
            column="zip",
            message="m",
        ),
        Check(
            id="pii.direct_identifiers",
            scanner="pii",
            status="fail",
            value="US_SSN",
            threshold=0,
            severity="high",
            column="ssn",
            message="m",
        ),
        Check(
            id="pii.direct_identifiers",
            scanner="pii",
            status="fail",
            value="PERSON",
            threshold=0,
            severity="high",
            column="name",
            message="m",
        ),
        Check(
            id="reident.k_anonymity",
            scanner="reident",
            status="warn",
            value=3,
            threshold=5,
            severity="high",
            message="m",
        ),
        Check(id="quality.duplicates", scanner="quality", status="pass", value=0, threshold=0.1, message="m"),
    ]
    fs = ranked_findings(_sc(checks), 10)
    assert [f.rule for f in fs] == [
        "pii.direct_identifiers",
        "reident.k_anonymity",
        "safe_harbor.zip3",
        "bias.four_fifths",
        "reident.k_anonymity",
    ]
    assert [f.status for f in fs] == ["fail"] * 4 + ["warn"]
    assert sorted(fs[0].columns) == ["name", "ssn"] and len(fs[3].checks) == 30
    # the worst bias check (lowest ratio) represents its row
    assert fs[3].worst.column == "attr0"
    # k = 3 is not "identifies people by itself": a k = 3 fail ranks by severity like any other rule
    fs2 = ranked_findings(
        _sc(
            _bias_fails(2)
            + [
                Check(
                    id="reident.k_anonymity",
                    scanner="reident",
                    status="fail",
                    value=3,
                    threshold=5,
                    severity="high",
                    message="m",
                )
            ]
        ),
        10,
    )
    assert [f.rule for f in fs2] == ["bias.four_fifths", "reident.k_anonymity"]


def test_one_area_row_each_worst_status_and_not_measured_apart():
    checks = [
        Check(
            id="pii.direct_identifiers",
            scanner="pii",
            status="fail",
            value="US_SSN",
            threshold=0,
            column="ssn",
            message="m",
        ),
        Check(id="pii.special_category", scanner="pii", status="warn", column="race", message="m"),
        Check(
            id="reident.population_uniqueness",
            scanner="reident",
            status="not_measured",
            reason="reident.population_size",
            message="m",
        ),
        Check(
            id="bias.four_fifths",
            scanner="bias",
            status="pass",
            value=0.9,
            threshold=0.8,
            column="sex",
            message="m",
        ),
        Check(
            id="quality.duplicates", scanner="quality", status="warn", value=0.2, threshold=0.1, message="m"
        ),
    ]
    got = {a.key: a for a in areas(_sc(checks))}
    assert (
        [a.key for a in areas(_sc(checks))]
        == [k for k, _ in AREAS]
        == ["pii", "reident", "linkage", "bias", "quality", "license"]
    )
    assert {k: a.status for k, a in got.items()} == {
        "pii": "fail",
        "reident": "not_measured",
        "linkage": "not_run",
        "bias": "pass",
        "quality": "warn",
        "license": "not_run",
    }
    assert "ssn" in got["pii"].action and "reident.population_size" in got["reident"].action
    assert got["bias"].action == "Nothing to do."


def test_page1_markdown_has_date_area_table_and_ranked_rows(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    sc = _sc(
        _bias_fails(3)
        + [
            Check(
                id="pii.direct_identifiers",
                scanner="pii",
                status="fail",
                value="US_SSN",
                threshold=0,
                column="ssn",
                message="m",
            )
        ]
    )
    assert report_date(sc) == "2026-01-01"
    md = render_markdown(sc)
    head = md.split("## Checks", 1)[0]
    assert "Report date 2026-01-01" in head
    area_rows = [ln for ln in head.splitlines() if ln.startswith("| ") and "**" in ln]
    assert len(area_rows) == len(AREAS)
    worst = head.split("## Worst findings", 1)[1]
    assert worst.index("pii.direct\\_identifiers") < worst.index("bias.four\\_fifths")
    assert "(3 checks)" in worst  # three bias checks, one row
    # a recorded generation time wins over the environment
    assert report_date(_sc([], generated_at="2025-05-06T07:08:09+00:00")) == "2025-05-06"


def test_summary_stays_under_the_limit_whatever_the_data():
    # thousands of checks with long messages and a bias table with hundreds of hostile groups
    big = _hostile_scorecard(400)
    checks = [
        Check(
            id="bias.four_fifths",
            scanner="bias",
            status="fail",
            value=0.5,
            threshold=0.8,
            column=f"c{i}",
            message="x" * 900,
        )
        for i in range(3000)
    ]
    sc = big.model_copy(update={"checks": checks})
    full = render_markdown(sc)
    s = render_summary(sc)
    assert len(full) > 3 * SUMMARY_LIMIT  # the full report really is too long
    assert len(s) < SUMMARY_LIMIT
    assert "This summary is truncated" in s and "[report.md](report.md)" in s
    assert "more checks (the least severe) in the full report" in s
    # page 1 is intact in the summary
    assert s.startswith(full.split("## Checks", 1)[0].rstrip("\n"))
    # the checks kept are a prefix of the full checks table, whole rows only
    kept = [ln for ln in s.split("## Checks", 1)[1].splitlines() if ln.startswith("| FAIL")]
    rows = [ln for ln in full.split("## Checks", 1)[1].splitlines() if ln.startswith("| FAIL")]
    assert kept and kept == rows[: len(kept)]
    for limit in (20_000, 8_000):
        assert len(render_summary(sc, limit=limit)) < limit


def test_small_summary_is_the_full_report_and_says_so():
    sc = _hostile_scorecard(3)
    s = render_summary(sc)
    assert "This summary is complete" in s and "truncated" not in s
    assert re.sub(r"\n+This summary is complete.*\Z", "", s, flags=re.S) == render_markdown(sc).rstrip("\n")
