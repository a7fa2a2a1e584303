"""report.junit.xml: JUnit XML, one test case per check, named by the check's key (rule, column, judged column).

``failure`` = violation, ``error`` = could not be evaluated, ``skipped`` = not measured (the message says which
input would make it measurable), warnings pass with their message in ``system-out``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .._safe import shown_key, shown_message, shown_name, xml_text
from ..scorecard import Scorecard
from ._registry import register_renderer


def _clean(s: object) -> str:
    """Legal XML 1.0 text: C0 controls, U+FFFE/U+FFFF, noncharacters and lone surrogates become escapes."""
    return xml_text(s)


@register_renderer("junit", "report.junit.xml")
def render_junit(sc: Scorecard) -> str:
    failures = errors = skipped = 0
    cases = []
    suite = _clean(f"riskaudit.{sc.policy.name if sc.policy else 'policy'}")
    for c in sorted(sc.checks, key=lambda c: (c.id, c.key or "")):
        text = f"[{c.status}] {(shown_name(c.column) + ': ') if c.column else ''}{shown_message(c.message)}"
        body = ""
        if c.status == "error":
            errors += 1
            body = f'<error message={quoteattr(_clean(shown_message(c.message)))} type="not-evaluated">{escape(_clean(text))}</error>'
        elif c.status == "fail":
            failures += 1
            body = f'<failure message={quoteattr(_clean(shown_message(c.message)))} type="policy-violation">{escape(_clean(text))}</failure>'
        elif c.status == "not_measured":
            skipped += 1
            body = f"<skipped message={quoteattr(_clean('not measured: ' + shown_message(c.reason or c.message)))}/>"
        out = f"<system-out>{escape(_clean(text))}</system-out>" if c.status in ("pass", "warn") else ""
        cases.append(
            f'    <testcase classname={quoteattr(_clean(suite + "." + c.id))} name={quoteattr(_clean(shown_key(c.key)))} time="0">'
            f"{body}{out}</testcase>"
        )
    n = len(sc.checks)
    head = (
        f'  <testsuite name={quoteattr(suite)} tests="{n}" failures="{failures}" errors="{errors}" '
        f'skipped="{skipped}" time="0">'
    )
    props = (
        f'    <properties><property name="verdict" value={quoteattr(sc.verdict)}/>'
        f'<property name="dataset_sha256" value={quoteattr(sc.dataset.sha256)}/>'
        f'<property name="tool_version" value={quoteattr(sc.tool.version)}/></properties>'
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="riskaudit" tests="{n}" failures="{failures}" errors="{errors}" skipped="{skipped}">',
            head,
            props,
            *cases,
            "  </testsuite>",
            "</testsuites>",
            "",
        ]
    )
