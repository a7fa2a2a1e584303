"""Helpers the renderers share (ordering, locations). Renderers never judge: they show checks and results."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..scorecard import Check, Scorecard, count_statuses, summary_line

ORDER = {"error": 0, "fail": 1, "warn": 2, "not_measured": 3, "pass": 4}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
LABEL = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}


def exceedance(c: Check) -> float:
    """How far past its threshold a check's value is, in the rule's direction: (value - threshold) / |threshold|
    (the absolute distance when the threshold is 0); 0 when value or threshold is not a number."""
    v, th = c.value, c.threshold
    if (
        isinstance(v, bool)
        or isinstance(th, bool)
        or not isinstance(v, int | float)
        or not isinstance(th, int | float)
    ):
        return 0.0
    from ..checks import registered_rules

    rule = registered_rules().get(c.id)
    direction = rule.direction if rule is not None else "higher_is_worse"
    d = (th - v) if direction == "lower_is_worse" else (v - th)
    return float(d / abs(th)) if th else float(d)


def finding_order(c: Check) -> tuple:
    """Worst first: status (error, fail, warn, not measured, pass), then the rule's severity in the policy
    (critical, high, medium/unset, low), then how far past the threshold, then rule id and key (stable)."""
    return (ORDER[c.status], SEVERITY_ORDER.get(c.severity or "medium", 2), -exceedance(c), c.id, c.key or "")


def sorted_checks(sc: Scorecard) -> list[Check]:
    return sorted(sc.checks, key=finding_order)


def worst_findings(sc: Scorecard, n: int = 10) -> list[Check]:
    """The ``n`` worst non-passing checks across every scanner (see :func:`finding_order`)."""
    return [c for c in sorted_checks(sc) if c.status != "pass"][:n]


def verdict_summary(sc: Scorecard) -> str:
    """'24 pass, 0 warn, 21 fail, 0 error, 9 not measured', plus what the verdict covers when checks were not measured."""
    statuses = [c.status for c in sc.checks]
    line = summary_line(statuses)
    n = count_statuses(statuses)
    measured = len(statuses) - n["not_measured"]
    if sc.verdict == "not_measured":
        return line + "; no check was measured, so there is no verdict on the data"
    if n["not_measured"]:
        return line + f"; the verdict covers the {measured} measured checks only"
    return line


def repo_relative(path: str) -> str:
    """The dataset path relative to the working directory (the repository root in CI), POSIX style."""
    if path.startswith("<"):
        return "dataset"
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix().removeprefix("./")


def fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
