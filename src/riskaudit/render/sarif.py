"""report.sarif: SARIF 2.1.0, one result per finding (GitHub code scanning).

A finding is a warn, fail or error check. ``not_measured`` checks are omitted from ``results`` (code scanning
would show them as alerts about the data, which they are not); their keys and reasons are listed in the run's
``properties.notMeasured``. ``partialFingerprints`` are built from the check's key (rule, scanner, column,
judged column, facet) and the file, so two checks never share one.
"""

from __future__ import annotations

import json

from .._safe import MAX_MESSAGE, cap, shown_key, shown_message, shown_name, xml_clean
from ..checks import registered_rules
from ..scorecard import Scorecard
from ._common import fingerprint, repo_relative, sorted_checks
from ._registry import register_renderer

LEVEL = {"fail": "error", "error": "error", "warn": "warning", "pass": "note"}
SEVERITY = {"fail": "8.0", "error": "5.0", "warn": "4.0", "pass": "0.1"}
#: GitHub reads ``security-severity`` from the rule (reportingDescriptor) properties, as a string holding a number:
#: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. From the rule's severity in the policy.
RULE_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
#: GitHub code scanning accepts at most 25,000 results per run
MAX_RESULTS = 25_000


@register_renderer("sarif", "report.sarif")
def render_sarif(sc: Scorecard) -> str:
    rules_meta = registered_rules()
    uri = repo_relative(sc.dataset.path)
    findings = [c for c in sorted_checks(sc) if c.status not in ("pass", "not_measured")]
    checks = findings[:MAX_RESULTS]  # worst first: what is cut is the least severe
    ids = sorted({c.id for c in sc.checks})
    rules = []
    for rid in ids:
        meta = rules_meta.get(rid)
        title = meta.title if meta else rid
        mine = [c for c in sc.checks if c.id == rid]
        src = next((c.source for c in mine if c.source), None) or (meta.source if meta else None)
        severity = next((c.severity for c in mine if c.severity), None) or "medium"
        direction = getattr(meta, "direction", None)
        how = {
            "higher_is_worse": "fails when the measured value is above the threshold",
            "lower_is_worse": "fails when the measured value is below the threshold",
        }.get(direction or "", "")
        help_text = (
            f"{title}. Policy severity: {severity}."
            + (f" The check {how}." if how else "")
            + f" Source: {src or 'riskaudit policy'}. Each result names the column (if any) and the measured "
            "value; scorecard.json and report.md hold the evidence. See docs/scorecard.md."
        )
        rules.append(
            {
                "id": rid,
                "name": rid.replace(".", "_"),
                "shortDescription": {"text": title},
                "fullDescription": {"text": f"{title} ({src})" if src else title},
                "help": {
                    "text": help_text,
                    "markdown": help_text.replace("scorecard.json", "`scorecard.json`").replace(
                        "report.md", "`report.md`"
                    ),
                },
                "defaultConfiguration": {"level": "error" if severity in ("critical", "high") else "warning"},
                "properties": {
                    "tags": ["security", "data-privacy", "riskaudit", rid.split(".")[0]],
                    "security-severity": RULE_SEVERITY[severity],
                    "precision": "high",
                    "problem.severity": "error" if severity in ("critical", "high") else "warning",
                },
            }
        )
    index = {rid: i for i, rid in enumerate(ids)}
    results = []
    for c in checks:
        props = {"status": c.status, "scanner": c.scanner}
        if c.column is not None:
            props["column"] = cap(c.column, MAX_MESSAGE)
        if c.judged_by is not None:
            props["judgedBy"] = c.judged_by
        props["key"] = shown_key(c.key)
        if c.severity is not None:
            props["policySeverity"] = c.severity
        if isinstance(c.value, int | float | str) or c.value is None:
            props["value"] = c.value
        if isinstance(c.threshold, int | float | str):
            props["threshold"] = c.threshold
        props["security-severity"] = SEVERITY[c.status]
        results.append(
            {
                "ruleId": c.id,
                "ruleIndex": index[c.id],
                "level": LEVEL[c.status],
                "message": {
                    "text": (f"Column '{shown_name(c.column)}': " if c.column else "")
                    + shown_message(c.message)
                },
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            # Line 1 is the header row; the column is named in the message and properties.
                            "region": {"startLine": 1},
                        },
                        **(
                            {"logicalLocations": [{"name": cap(c.column, MAX_MESSAGE), "kind": "member"}]}
                            if c.column
                            else {}
                        ),
                    }
                ],
                "partialFingerprints": {"riskauditFinding/v2": fingerprint(c.key, uri)},
                "properties": props,
            }
        )
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": sc.tool.name,
                        "semanticVersion": sc.tool.version,
                        "informationUri": "https://github.com/riskaudit/riskaudit",
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"riskaudit/{sc.policy.name if sc.policy else 'policy'}/"},
                "artifacts": [{"location": {"uri": uri}, "hashes": {"sha-256": sc.dataset.sha256}}],
                "results": results,
                "properties": {
                    "verdict": sc.verdict,
                    "policy": sc.policy.name if sc.policy else None,
                    **(
                        {"resultsOmitted": len(findings) - len(checks)} if len(findings) > len(checks) else {}
                    ),
                    "notMeasured": [
                        {"key": shown_key(c.key), "reason": shown_message(c.reason or c.message)}
                        for c in sorted_checks(sc)
                        if c.status == "not_measured"
                    ],
                },
            }
        ],
    }
    # names capped at MAX_MESSAGE in properties/logicalLocations; no XML-illegal character
    return json.dumps(xml_clean(log), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
