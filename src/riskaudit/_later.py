"""A result computed in a background thread while the audit goes on, or right away.

Fuzzy linkage trains Splink on a second DuckDB connection: its queries release the GIL, so on a small audit they
run beside the bias and quality scanners instead of before them. :class:`Later` holds such work: ``work`` runs in
a daemon thread (or at once when ``background`` is false), :meth:`Later.result` waits for it and turns its output
into the result with ``finish`` on the caller's thread; ``cleanup`` runs once whatever happens, and
:meth:`Later.cancel` interrupts work that is no longer wanted (an error elsewhere in the audit) and waits for it, so
the engine is never closed under a running query. Results do not depend on the timing: the work reads only tables
made for it before it starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["Later", "BACKGROUND_MAX_ROWS"]

#: an audit leaves work running in the background (Splink's training, the PII analysis) only when its tables hold at
#: most this many rows: there the fixed costs are most of the audit, while on larger tables the overlap gains little
#: and the concurrent work would sit outside, or share, the engine's memory limit
BACKGROUND_MAX_ROWS = 1_000_000

T = TypeVar("T")


class Later(Generic[T]):
    def __init__(
        self,
        work: Callable[[], Any],
        finish: Callable[[Any], T],
        *,
        background: bool,
        cleanup: Callable[[], None] | None = None,
        interrupt: Callable[[], None] | None = None,
    ) -> None:
        self._finish = finish
        self._cleanup = cleanup
        self._interrupt = interrupt
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        #: set when the work has returned or raised (not Thread.is_alive: an interrupted join can make a running
        #: thread look stopped)
        self._done = threading.Event()
        self._settled = False
        if background:
            thread = threading.Thread(target=self._run, args=(work,), name="riskaudit-later", daemon=True)
            try:
                thread.start()
            except BaseException:
                self._done.set()
                self._clean()
                raise
            self._thread = thread
        else:
            try:
                self._value = work()
            except BaseException:
                self._clean()
                raise
            finally:
                self._done.set()

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            self._value = work()
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc
        finally:
            self._done.set()

    def _clean(self) -> None:
        if not self._settled:
            self._settled = True
            if self._cleanup is not None:
                self._cleanup()

    @property
    def running(self) -> bool:
        return self._thread is not None and not self._done.is_set()

    def result(self) -> T:
        """Wait for the work, then ``finish`` its output on this thread (errors of either are raised here). Interrupted
        while waiting (Ctrl-C), nothing is cleaned up: the work may still be running, and :meth:`cancel` stops it."""
        if self._settled:
            raise RuntimeError("Later.result() called after the work was settled")
        self._done.wait()
        try:
            if self._error is not None:
                error, self._error = self._error, None
                raise error
            return self._finish(self._value)
        finally:
            self._clean()

    def cancel(self) -> None:
        """Stop the work (best effort: ``interrupt`` until it returns), wait for it and clean up; its output and
        any error it raised are dropped (the audit is already failing for another reason)."""
        while not self._done.is_set():
            if self._interrupt is not None:
                try:
                    self._interrupt()
                except Exception:  # a connection already closed: nothing left to stop
                    pass
            self._done.wait(0.05)
        self._error = None
        self._clean()
