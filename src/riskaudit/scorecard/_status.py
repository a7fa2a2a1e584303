from __future__ import annotations

from typing import Literal

Status = Literal["pass", "warn", "fail", "error", "not_measured"]
# Severity of the measured statuses; ``not_measured`` says nothing about the data and never decides the verdict.
SEVERITY: dict[str, int] = {"not_measured": -1, "pass": 0, "warn": 1, "fail": 2, "error": 3}
MEASURED = ("pass", "warn", "fail", "error")
STATUSES = ("pass", "warn", "fail", "error", "not_measured")


def worst(statuses: list[str]) -> Status:
    """The verdict: the worst of pass/warn/fail/error over the measured checks.

    ``not_measured`` checks are left out; with no measured check at all (no checks, or every check not
    measured) the verdict is ``not_measured``, never ``pass``.
    """
    measured = [s for s in statuses if s != "not_measured"]
    if not measured:
        return "not_measured"
    return max(measured, key=SEVERITY.__getitem__)  # type: ignore[return-value]


def count_statuses(statuses: list[str]) -> dict[str, int]:
    """Number of checks per status, every status present (zero when none)."""
    return {s: sum(1 for x in statuses if x == s) for s in STATUSES}


def summary_line(statuses: list[str]) -> str:
    """'24 pass, 3 warn, 21 fail, 0 error, 9 not measured'."""
    n = count_statuses(statuses)
    return (
        f"{n['pass']} pass, {n['warn']} warn, {n['fail']} fail, {n['error']} error, "
        f"{n['not_measured']} not measured"
    )
