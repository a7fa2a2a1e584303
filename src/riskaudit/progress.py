"""Progress of an audit, step by step, for a terminal, a CI log or a Python caller.

:func:`riskaudit.audit.run_audit` takes ``progress=callback``; it calls ``callback(step)`` when a step starts
("opening dataset", "scanning: pii", ..., "judging against policy"). :class:`Steps` turns those calls into
finished steps (name, elapsed seconds, rows) and hands each to ``on_step`` as it ends; the CLI builds its
displays on it: rich progress on a terminal, one plain line per step elsewhere (CI logs).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

__all__ = ["Step", "Steps", "plain_lines"]


@dataclass(frozen=True)
class Step:
    index: int
    name: str
    elapsed: float
    rows: int | None  # rows of the dataset the step went over (None until the dataset is open)


class Steps:
    """A progress callback for ``run_audit`` that times each step. ``rows`` is set by the audit once the dataset
    is open. Call :meth:`close` (or use it as a context manager) to finish the last step."""

    def __init__(
        self,
        on_step: Callable[[Step], None],
        on_start: Callable[[int, str], None] | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.on_step, self.on_start, self.clock = on_step, on_start, clock
        self.rows: int | None = None
        self.done: list[Step] = []
        self._current: tuple[str, float] | None = None

    def __call__(self, step: str) -> None:
        self._finish()
        self._current = (step, self.clock())
        if self.on_start is not None:
            self.on_start(len(self.done), step)

    def _finish(self) -> None:
        if self._current is None:
            return
        name, t0 = self._current
        self._current = None
        s = Step(index=len(self.done), name=name, elapsed=self.clock() - t0, rows=self.rows)
        self.done.append(s)
        self.on_step(s)

    def close(self) -> None:
        self._finish()

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def format_step(s: Step) -> str:
    rows = f"; {s.rows:,} rows" if s.rows is not None else ""
    return f"riskaudit: [{s.index + 1}] {s.name}: done in {s.elapsed:.1f} s{rows}"


def plain_lines(stream: TextIO) -> Steps:
    """One line per finished step on ``stream`` (flushed at once, so a CI log shows it as it happens)."""

    def emit(s: Step) -> None:
        stream.write(format_step(s) + "\n")
        stream.flush()

    return Steps(emit)
