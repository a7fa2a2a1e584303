"""report.junit.xml: JUnit XML, one test case per policy rule (failure = violation, error = not evaluated)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .._safe import shown_message, shown_name, xml_text
from ..scorecard import Scorecard
from ._registry import register_renderer


def _clean(s: object) -> str:
    """Legal XML 1.0 text: C0 controls, U+FFFE/U+FFFF, noncharacters and lone surrogates become escapes."""
    return xml_text(s)


@register_renderer("junit", "report.junit.xml")
def render_junit(sc: Scorecard) -> str:
    by_rule: dict[str, list] = {}
    for c in sc.checks:
        by_rule.setdefault(c.id, []).append(c)
    rule_ids = sorted(by_rule)
    failures = errors = 0
    cases = []
    suite = _clean(f"riskaudit.{sc.policy.name if sc.policy else 'policy'}")
    for rid in rule_ids:
        cs = by_rule[rid]
        bad = [c for c in cs if c.status == "fail"]
        err = [c for c in cs if c.status == "error"]
        warn = [c for c in cs if c.status == "warn"]
        lines = "\n".join(f"[{c.status}] {(shown_name(c.column) + ': ') if c.column else ''}{shown_message(c.message)}" for c in cs)
        body = ""
        if err:
            errors += 1
            body = f'<error message={quoteattr(_clean(shown_message(err[0].message)))} type="not-evaluated">{escape(_clean(lines))}</error>'
        elif bad:
            failures += 1
            body = f'<failure message={quoteattr(_clean(shown_message(bad[0].message)))} type="policy-violation">{escape(_clean(lines))}</failure>'
        out = f"<system-out>{escape(_clean(lines))}</system-out>" if (warn or not body) else ""
        cases.append(f'    <testcase classname={quoteattr(suite)} name={quoteattr(_clean(rid))} time="0">{body}{out}</testcase>')
    head = (f'  <testsuite name={quoteattr(suite)} tests="{len(rule_ids)}" failures="{failures}" errors="{errors}" '
            f'skipped="0" time="0">')
    props = (f'    <properties><property name="verdict" value={quoteattr(sc.verdict)}/>'
             f'<property name="dataset_sha256" value={quoteattr(sc.dataset.sha256)}/>'
             f'<property name="tool_version" value={quoteattr(sc.tool.version)}/></properties>')
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="riskaudit" tests="{len(rule_ids)}" failures="{failures}" errors="{errors}">',
        head, props, *cases, "  </testsuite>", "</testsuites>", "",
    ])
