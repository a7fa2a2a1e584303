"""Report sections for near duplicates, mixed types and declared constraints: counts, row numbers and column
names from a hand-made frame (truths counted by hand here), in report.md and report.html, and never a value."""

from __future__ import annotations

import pandas as pd

from riskaudit import run_audit
from riskaudit.config import AuditConfig
from riskaudit.render.html import render_html
from riskaudit.render.markdown import render_markdown

# rows 1, 3, 5 are one record after case, whitespace and punctuation ("Ann Lee" / "ann  lee" / "ANN LEE."): 2 near
# duplicates beyond the first, none exact; code mixes 3 integers, 1 decimal, 1 date, 1 text; score violates min 0 on
# row 2 and max 10 on row 6; city has one value outside the allowed set, on row 6
NAMES = ["Ann Lee", "Bob Stone", "ann  lee", "Cy Park", "ANN LEE.", "Di Moss"]
FRAME = pd.DataFrame(
    {
        "name": NAMES,
        "code": ["17", "3.25", "17", "2021-03-04", "17", "ZQX"],
        "score": [5, -4, 5, 1, 5, 12],
        "city": ["Oslo", "Oslo", "Oslo", "Bergen", "Oslo", "Vik"],
    }
)


def _scorecard():
    cfg = AuditConfig.model_validate(
        {
            "columns": {"quasi_identifiers": ["city"]},
            "quality": {
                "constraints": {"score": {"min": 0, "max": 10}, "city": {"allowed": ["Oslo", "Bergen"]}}
            },
        }
    )
    return run_audit(FRAME, cfg, write=False, only=["profile", "quality"]).scorecard


def test_sections_show_counts_rows_and_columns_not_values():
    sc = _scorecard()
    q = sc.results.quality
    # hand-counted truths
    assert q.near_duplicates.duplicate_rows == 2 and q.near_duplicates.beyond_exact == 2
    assert [g.rows for g in q.near_duplicates.largest_groups] == [[1, 3, 5]]
    assert q.constraints["score"].violating_rows == 2 and q.constraints["score"].rows == [2, 6]
    assert q.constraints["city"].not_allowed == 1 and q.constraints["city"].rows == [6]  # Vik
    md = render_markdown(sc)
    assert "near-duplicate rows (equal after: case, whitespace, punctuation, round:2)" in md
    assert "| 2 (33.3%); 2 beyond the exact duplicates; 3 rows in 1 groups |" in md
    assert "rows: 1, 3, 5)" in md
    assert "| code | 6 | 3 | 1 | 1 | 1 | 16.7% |" in md  # values, integer, decimal, date, text, rarest kind
    assert "| score | 6 | 1 | 1 | - | - | 2 (33.3%) | 2, 6 |" in md
    assert "| city | 6 | - | - | 1 | - | 1 (16.7%) | 6 |" in md
    html = render_html(sc)
    for text in (
        "near-duplicate rows",
        "Declared constraints",
        "Text columns whose values parse as more than one kind",
    ):
        assert text in md and text in html
    values = [*NAMES, "ann lee", "ZQX", "2021-03-04", "3.25", "Vik", "Bergen", "Oslo"]
    for v in values:
        assert v not in md and v not in html, v
