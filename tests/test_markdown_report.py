"""report.md: every scanner's findings, in order, escaped, masked, deterministic; sections only when present."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from riskaudit._safe import md_code
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.render.markdown import md_escape, render_markdown
from riskaudit.scorecard import Check, DatasetInfo, Results, Scorecard, ToolInfo

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "hospital_discharges.csv"

# section header -> the result that makes it appear (None: scorecard.license)
SECTIONS = {
    "## License": None,
    "## Personal data": "pii",
    "## Re-identification risk": "reident",
    "## Linkage": "linkage",
    "## Safe Harbor evidence": "safe_harbor",
    "## Bias": "bias",
    "## Data quality": "quality",
    "## Columns": "profile",
}


@pytest.fixture(scope="module")
def scorecard() -> Scorecard:
    if not SAMPLE.exists():
        pytest.skip("sample_data/hospital_discharges.csv absent")
    cfg = load_config(
        None,
        overrides={
            "columns": {
                "protected": ["race", "sex"],
                "label": "readmitted_30d",
                "prediction": "predicted_readmit",
                "sensitive": ["primary_diagnosis"],
            },
            "reident": {"sampling_fraction": 0.01},
            "linkage": {
                "aux": str(ROOT / "sample_data" / "public_register.csv"),
                "on": ["zip5", "date_of_birth", "sex"],
                "id": "person_id",
            },
            "bias": {"n_boot": 50, "proxies": False},
            "license": str(ROOT / "configs" / "license.example.yaml"),
        },
    )
    return run_audit(str(SAMPLE), cfg, write=False).scorecard


@pytest.fixture(scope="module")
def md(scorecard) -> str:
    return render_markdown(scorecard)


def _headers(text: str) -> list[str]:
    # "## Worst findings" (the non-passing checks, worst first) precedes "## Checks" whenever there is one
    heads = [ln for ln in text.splitlines() if ln.startswith("## ")]
    if heads[:1] == ["## Worst findings"]:
        heads = heads[1:]
    return heads


def test_every_section_in_order(md):
    heads = _headers(md)
    assert heads == ["## Checks", *SECTIONS], heads
    for sub in (
        "### Free text: `clinical_note`",
        "### Sensitive attributes",
        "### Uniqueness drivers",
        "### Exact linkage",
        "### `race`",
        "### `sex`",
        "### `race x sex` (intersection)",
    ):
        assert sub in md, sub


@pytest.mark.parametrize("header", list(SECTIONS))
def test_section_absent_when_its_result_is(scorecard, header):
    field = SECTIONS[header]
    if field is None:
        sc = scorecard.model_copy(update={"license": None})
    else:
        sc = scorecard.model_copy(update={"results": scorecard.results.model_copy(update={field: None})})
    heads = _headers(render_markdown(sc))
    assert header not in heads
    assert [h for h in heads if h != "## Checks"] == [h for h in SECTIONS if h != header]


def test_no_results_only_verdict_and_checks(scorecard):
    sc = scorecard.model_copy(update={"results": Results(), "license": None})
    assert _headers(render_markdown(sc)) == ["## Checks"]


def test_injected_race_disparity_in_bias_table(md):
    race = md.split("\n### `race`\n", 1)[1].split("\n### ", 1)[0]
    assert "Model decision `predicted_readmit`" in race
    white = [ln for ln in race.splitlines() if ln.startswith("| `White` |") and "0.1807" in ln]
    assert len(white) == 1, white
    # selection rate 0.1807, impact ratio vs Black patients 0.6574 (sample_data/README.md), with intervals
    assert re.search(r"\| 0\.1807 \[[0-9.]+, [0-9.]+\] \| 0\.6574 \[[0-9.]+, [0-9.]+\] \|", white[0]), white[
        0
    ]
    # the label's group table: n, share, base rate with CI, flags for small and Unknown groups
    assert re.search(r"^\| `Unknown` \| 322 \| 1\.6% \|.*\| Unknown, small \|$", race, re.M)
    assert re.search(
        r"^\| `Native Hawaiian or Other Pacific Islander` \| 72 \| 0\.36% \|.*\| small \|$", race, re.M
    )


def test_other_sections_show_the_stored_numbers(md, scorecard):
    r = scorecard.results
    pu = r.reident.population_uniqueness
    assert pu.model.startswith(
        "loglinear-"
    )  # issue 11: the log-linear model, the Dankar rule's figure as an alternative
    assert f"population uniqueness (model: {pu.model}, rule {pu.rule})" in md
    assert "| `primary_diagnosis` | 1 |" in md  # l-diversity row
    assert "date -\\> year" in md  # generalization suggestion
    assert f"| {r.linkage.exact.matched_unique:,} (64.3% of auxiliary rows) |" in md
    assert "LicenseRef-Example-Data-License-1.0" in md and "| de-identification claim | safe\\_harbor |" in md
    assert "20,000 values finer than the year" in md
    assert "| PERSON | 219 | 219 |" in md  # free-text entity counts


def test_only_masked_evidence(md, scorecard):
    raw: dict[str, list[str]] = {"ssn": [], "email": [], "patient_name": [], "phone": []}
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if i >= 200:
                break
            for k in raw:
                if row[k]:
                    raw[k].append(row[k])
    for col, values in raw.items():
        assert values, col
        for v in values:
            assert v not in md and md_escape(v) not in md, (col, v)
            if col == "ssn":
                assert v.replace("-", "") not in md
    # the masked examples appear exactly as the PII scan stored them
    for col in ("ssn", "email", "patient_name"):
        ex = scorecard.results.pii.columns[col].examples
        assert ex and all("*" in e for e in ex)
        assert "; ".join(md_escape(e) for e in ex) in md


def test_deterministic(scorecard, md):
    assert render_markdown(scorecard) == md
    again = Scorecard.model_validate_json(scorecard.to_json())
    assert render_markdown(again) == md


# ---------------------------------------------------------------- hand-built scorecards

HOSTILE = 'we|rd <b>col</b> `tick` "q" *s* _u_ [l]'


def _hostile_scorecard(n_groups: int = 3) -> Scorecard:
    groups = [
        {
            "group": f"{HOSTILE} g{i:02d}",
            "n": 100 - i,
            "share": (100 - i) / 5000,
            "base_rate": 0.1,
            "impact_ratio": 0.5,
            "impact_ratio_ci": {"low": 0.4, "high": 0.6},
            "p_value": 0.01,
        }
        for i in range(n_groups)
    ]
    results = Results.model_validate(
        {
            "profile": {
                "rows": 10,
                "columns": {
                    HOSTILE: {
                        "type": "string",
                        "nulls": 0,
                        "null_share": 0.0,
                        "distinct": 10,
                        "unique_share": 1.0,
                    }
                },
            },
            "pii": {
                "columns": {
                    HOSTILE: {
                        "entities": {"EMAIL_ADDRESS": 1.0},
                        "confidence": 1.0,
                        "role": "direct_identifier",
                        "reason": HOSTILE,
                        "examples": ["a***@b***.com"],
                        "hipaa": ["F"],
                    }
                },
                "sample_size": 10,
                "seed": 0,
                "jurisdictions": ["US"],
                "direct_identifiers": [HOSTILE],
            },
            "reident": {
                "quasi_identifiers": [HOSTILE],
                "records": 10,
                "classes": 10,
                "k": 1,
                "k_threshold": 5,
                "class_size_histogram": {"1": 10},
                "sample_uniques": 10,
                "records_in_small_classes": 10,
                "share_in_small_classes": 1.0,
                "prosecutor": {
                    "highest": 1.0,
                    "lowest": 1.0,
                    "average": 1.0,
                    "average_records_weighted": 1.0,
                    "average_class_weighted": 1.0,
                    "threshold": 0.2,
                    "threshold_class_size": 5,
                    "records_at_risk": 1.0,
                },
            },
            "linkage": {"on": [HOSTILE], "notes": [HOSTILE]},
            "safe_harbor": {
                "geographic": {HOSTILE: {"values": 10, "more_than_3_digits": 10, "zip3_counts": {"100": 10}}}
            },
            "bias": {
                "protected": [HOSTILE],
                "rows": 5000,
                "min_group_size": 30,
                "min_group_share": 0.02,
                "four_fifths": 0.8,
                "alpha": 0.05,
                "n_boot": 10,
                "seed": 0,
                "attributes": [
                    {
                        "attribute": HOSTILE,
                        "columns": [HOSTILE],
                        "grouping": "values",
                        "rows": 5000,
                        "unknown_count": 0,
                        "groups": groups,
                        "outcome": {
                            "column": HOSTILE,
                            "positive": "1",
                            "reference_group": groups[0]["group"],
                        },
                    }
                ],
            },
            "quality": {
                "rows": 10,
                "label": HOSTILE,
                "duplicates": {
                    "columns": [HOSTILE],
                    "rows": 10,
                    "distinct_rows": 9,
                    "duplicate_rows": 1,
                    "ratio": 0.1,
                    "rows_in_duplicate_groups": 2,
                    "duplicate_groups": 1,
                    "largest_groups": [{"group_hash": "0" * 16, "size": 2, "rows": [1, 2]}],
                },
                "missing": {
                    "rows": 10,
                    "columns": {HOSTILE: {"count": 1, "share": 0.1}},
                    "cells": 1,
                    "cell_share": 0.1,
                    "rows_with_any": 1,
                    "complete_rows": 9,
                    "pattern_count": 1,
                    "patterns": [{"columns": [HOSTILE], "rows": 1, "share": 0.1}],
                },
                "columns": {
                    "constant": [HOSTILE],
                    "sentinels": {HOSTILE: [{"value": "-1", "count": 1, "share": 0.1}]},
                },
                "class_balance": {
                    "label": HOSTILE,
                    "labelled_rows": 10,
                    "unlabelled_rows": 0,
                    "classes": 2,
                    "counts": [6, 4],
                },
            },
        }
    )
    return Scorecard(
        tool=ToolInfo(version="0"),
        dataset=DatasetInfo(path=f"d{HOSTILE}.csv", sha256="0" * 64, rows=10, columns=1),
        config_sha256="0" * 64,
        verdict="fail",
        results=results,
        checks=[
            Check(
                id="pii.direct_identifiers", status="fail", value=[HOSTILE], message=HOSTILE, column=HOSTILE
            )
        ],
    )


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line.replace("\\\\", "")))


def test_hostile_column_names_escaped():
    md = render_markdown(_hostile_scorecard())
    esc = md_escape(HOSTILE)
    assert "we\\|rd \\<b\\>col\\</b\\> \\`tick\\`" in esc
    # names are code spans (a longer fence around the name's backticks): inert in every section: check, PII,
    # re-identification, linkage, Safe Harbor, bias, profile
    code = md_code(HOSTILE)
    assert code.startswith("``") and md.count(code) >= 9
    assert md.count(esc) >= 2  # the check's message and the linkage note are text, escaped
    # rendered by a CommonMark parser (tables on), no tag from the name becomes HTML
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<b>" not in html and "<em>s</em>" not in html and "<a " not in html
    assert "<code>we|rd &lt;b&gt;col&lt;/b&gt; `tick` &quot;q&quot; *s* _u_ [l]</code>" in html
    # tables keep their shape: each row has as many cell separators as its header
    width = 0
    for line in md.splitlines():
        if not line.startswith("|"):
            width = 0
            continue
        if width == 0:
            width = _unescaped_pipes(line)
        assert _unescaped_pipes(line) == width, line


def test_long_group_lists_are_capped():
    md = render_markdown(_hostile_scorecard(n_groups=25))
    assert md_code(f"{HOSTILE} g19") in md and md_code(f"{HOSTILE} g20") not in md
    assert "... 5 more groups (" in md


def test_missing_optional_fields_render():
    sc = _hostile_scorecard()
    r = sc.results.model_copy(
        update={
            "linkage": sc.results.linkage.model_copy(update={"notes": []}),
            "bias": sc.results.bias.model_copy(update={"attributes": []}),
            "pii": sc.results.pii.model_copy(update={"columns": {}}),
            "safe_harbor": sc.results.safe_harbor.model_copy(update={"geographic": {}}),
        }
    )
    md = render_markdown(sc.model_copy(update={"results": r}))
    assert "No linkage attack ran." in md and "No geographic, date or age columns found." in md
    assert _headers(md) == ["## Checks", *[h for h in SECTIONS if h != "## License"]]
