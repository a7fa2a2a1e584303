"""The report object in a notebook: _repr_html_ is page 1; to_frame() views of checks, areas and bias groups."""

from __future__ import annotations

import pytest

from riskaudit.audit import AuditReport
from riskaudit.render._page1 import AREAS
from test_markdown_report import _hostile_scorecard


def test_repr_html_is_page1_and_frames_match_the_scorecard():
    sc = _hostile_scorecard(4)
    r = AuditReport(scorecard=sc)
    h = r._repr_html_()
    assert '<section class="page1">' in h and "By area" in h and "<b>col</b>" not in h
    checks = r.to_frame()
    assert len(checks) == len(sc.checks) and list(checks["status"]) == [c.status for c in sc.checks]
    areas = r.to_frame("areas")
    assert list(areas["area"]) == [t for _, t in AREAS]
    groups = r.to_frame("groups")
    want = [(g.group, g.n, g.impact_ratio_ci.low) for a in sc.results.bias.attributes for g in a.groups]
    assert list(zip(groups["group"], groups["n"], groups["impact_ratio_low"], strict=True)) == want
    with pytest.raises(ValueError, match="view 'nope'"):
        r.to_frame("nope")
