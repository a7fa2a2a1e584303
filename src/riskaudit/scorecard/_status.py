from __future__ import annotations

from typing import Literal

Status = Literal["pass", "warn", "fail", "error"]
SEVERITY: dict[str, int] = {"pass": 0, "warn": 1, "fail": 2, "error": 3}


def worst(statuses: list[str]) -> Status:
    """The verdict: the worst status, ``pass`` when there are no checks."""
    return max(statuses, key=SEVERITY.__getitem__, default="pass")  # type: ignore[return-value]
