"""The PII analysis of a small audit in a helper process (issue 20, item 4).

The analysis of the sampled values is pure Python (Presidio's regular expressions, riskaudit's list recognizers):
in a thread it would hold the GIL against the rest of the audit. So an audit of at most ``BACKGROUND_MAX_ROWS`` rows (``riskaudit._later``) starts
one helper process when it begins (``python -c`` on this same interpreter and ``sys.path``): while the audit
imports, reads the data and profiles it, the helper imports Presidio and builds the analyzer and its word lists; it
then receives the samples, analyses them with :func:`~riskaudit.pii._analysis.analyse_samples` (the very function the
audit would run itself) while the audit runs the scanners that need no column roles, and sends the result back.

* **Same result.** The helper runs the same code on the same values; nothing it computes depends on the process.
  A helper that cannot start, dies, or fails in any way is replaced by the same analysis in the audit's own
  process: the worst case is the time it cost, never a different result and never an error of its own.
* **No leak.** The values travel through an anonymous pipe between the two processes (pickled; both ends are this
  program): nothing is written to a file or a log, the helper's standard error is discarded, and it exits as soon
  as it has answered or its input closes (an audit that ends early closes it, then kills a helper still running).
* **When.** Only for a file of at least ``MIN_BYTES`` or a DataFrame of at least ``MIN_ROWS`` rows (below that the
  helper's start costs more than the analysis) and at most ``BACKGROUND_MAX_ROWS`` rows (above, the analysis is a small part of
  the step and the memory bound is the engine's). ``RISKAUDIT_PII_WORKER=off`` analyses in the audit's own process.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import threading
from typing import Any

from .._later import Later

__all__ = ["PiiWorker", "worker_enabled", "MIN_BYTES", "MIN_ROWS", "ENV"]

ENV = "RISKAUDIT_PII_WORKER"
#: inputs smaller than this (a file's bytes, a DataFrame's rows) analyse in their own process: the helper's start
#: (a new interpreter importing Presidio, about 1.3 CPU seconds) costs more than their analysis (the sample audit's
#: 6 MB, 20,000-row file is above both)
MIN_BYTES = 1 << 20
MIN_ROWS = 5_000
_HEADER = struct.Struct("!Q")
#: the helper's first message: it runs this module (not some other program behind sys.executable)
_PROTOCOL = "riskaudit-pii-worker/1"
#: how long a helper may take to say it is ready (a new interpreter and one import) before it is killed
READY_SECONDS = 30.0


def worker_enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "false", "no", "none")


def _send(stream, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream, limit: int = 1 << 31) -> Any:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    if size > limit:  # not a message of this protocol (a program writing text): never allocate for it
        return None
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class PiiWorker:
    """One helper process, for one audit: :meth:`analyse` once, then :meth:`close`."""

    def __init__(self) -> None:
        # before any import: the replies get a copy of file descriptor 1, and fd 1 itself goes where standard error
        # goes (discarded), so nothing a library prints can corrupt a reply or fill the pipe before the request
        code = (
            "import os, sys; _out = os.dup(1); os.dup2(2, 1); "
            f"sys.path[:0] = {[p for p in sys.path if p]!r}; "
            "from riskaudit.pii._worker import serve; serve(_out)"
        )
        env = {**os.environ, ENV: "off"}  # the helper never starts helpers of its own
        self._answered = False
        self._finished = False  # the exchange is over (answered or failed): the helper works no more
        self._ready = threading.Event()
        # -I (isolated): this process's sys.path only, no working directory, no PYTHON* variables
        self._proc: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-I", "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )

    def warm(self, jurisdictions: list[str], spacy_model: str | None) -> None:
        """Tell the helper what to build before the samples come (the analyzer for these jurisdictions)."""
        if self._proc is None:
            return
        try:
            _send(self._proc.stdin, ("warm", list(jurisdictions), spacy_model))
        except OSError:
            self.close()

    @classmethod
    def start(cls, jurisdictions: list[str], spacy_model: str | None) -> PiiWorker | None:
        """A started and warming helper (the one :func:`prestart` started, if any), or None when the switch is off
        or the process cannot start."""
        global _prestarted
        worker, _prestarted = _prestarted, None
        if worker is not None and not worker_enabled():  # switched off since it was started
            worker.close()
            worker = None
        worker = worker or cls._spawn()  # _spawn honours the switch too
        if worker is not None:
            worker.warm(jurisdictions, spacy_model)
        return worker if worker is not None and worker._proc is not None else None

    @classmethod
    def _spawn(cls) -> PiiWorker | None:
        if not worker_enabled() or getattr(sys, "frozen", False) or not sys.executable:
            return None  # switched off; a frozen application cannot run ``-c`` code
        try:
            worker = cls()
        except OSError:
            return None
        return worker if worker._proc is not None else None

    def analyse(self, args: tuple) -> Later:
        """Send ``args`` (those of :func:`~riskaudit.pii._analysis.analyse_samples`); the result comes back in a
        thread that waits on the pipe (no GIL held while waiting). Any failure: the analysis runs here instead."""
        from ._analysis import analyse_samples

        proc = self._proc

        def work() -> Any:
            # in the background thread: writing several MB blocks until the helper (perhaps still importing) reads
            if proc is None:
                return None
            # a helper that has not said it is ready within READY_SECONDS (not this program: an embedding server's
            # sys.executable, a broken environment) is killed, and the analysis runs here; after that it is this
            # program's analysis, which takes as long as it would here
            timer = threading.Timer(READY_SECONDS, lambda: self._ready.is_set() or _kill(proc))
            timer.daemon = True
            timer.start()
            try:
                hello = _receive(proc.stdout, limit=1024)
                if hello != ("ready", _PROTOCOL):
                    return None
                self._ready.set()
                _send(proc.stdin, ("analyse", args))
                proc.stdin.close()
                reply = _receive(proc.stdout)
            except Exception:  # a broken pipe, a cut or foreign reply: the analysis runs here instead
                return None
            finally:
                timer.cancel()
                self._finished = True
            if isinstance(reply, tuple) and len(reply) == 2 and reply[0] == "ok":
                self._answered = True
                return reply[1]
            return None

        def finish(result: Any) -> Any:
            from ._result import PiiResult

            if isinstance(result, PiiResult):
                return result
            return analyse_samples(*args)  # the helper failed: the same analysis, here

        return Later(work, finish, background=True, cleanup=self.close, interrupt=self._kill)

    @property
    def busy(self) -> bool:
        """Whether the helper may be working: started, neither closed nor done (answered or failed)."""
        return self._proc is not None and not self._answered and not self._finished

    def _kill(self) -> None:
        """Stop the helper now (the audit failed elsewhere): the thread waiting for its reply gets end of file."""
        if self._proc is not None:
            _kill(self._proc)

    def close(self) -> None:
        """End the helper: close its pipes, give it a moment to exit, then kill it."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if not self._answered:  # unused, or stopped half-way: nothing to wait for
            _kill(proc)
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.wait()


#: a helper the command line started before its own imports (:func:`prestart`), for the audit to take
_prestarted: PiiWorker | None = None


def big_enough_file(data: object) -> bool:
    """Whether ``data`` is one file of at least ``MIN_BYTES`` (a glob, a directory or a URL is not)."""
    if not isinstance(data, (str, os.PathLike)):
        return False
    try:
        return os.path.isfile(data) and os.path.getsize(data) >= MIN_BYTES
    except (OSError, ValueError):
        return False


def prestart(data: object) -> None:
    """Start the helper now, before the caller's own imports, when ``data`` is a file worth one: its imports
    (Presidio, about 1.2 s) then run on the core the audit leaves idle while it imports. The next
    :meth:`PiiWorker.start` takes it; :func:`discard_prestarted` ends one the audit did not take (PII off, an error
    before the scan)."""
    global _prestarted
    if _prestarted is None and big_enough_file(data):
        _prestarted = PiiWorker._spawn()


def discard_prestarted() -> None:
    global _prestarted
    worker, _prestarted = _prestarted, None
    if worker is not None:
        worker.close()


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:  # already gone
            pass


def _warm(jurisdictions: list[str], spacy_model: str | None) -> None:
    """Build what the analysis will need (the analyzer, its compiled patterns, the word lists) while the audit is
    busy elsewhere: caches only, nothing that changes a result."""
    from ._analyzer import build_analyzer, spacy_pipeline_available
    from ._column_scan import analyze_column

    jur = tuple(j.upper() for j in jurisdictions) or ("US",)
    analyzer = build_analyzer(jur, spacy_model if spacy_pipeline_available(spacy_model) else None)
    values = [
        "Jane Roe",
        "jane.roe@example.org",
        "555-010-0000",
        "1970-01-01",
        "12345",
        "1 Main Street, Springfield",
        "Springfield",
        "Ohio",
        "nurse",
        "Example Inc",
    ]
    for i, v in enumerate(values):
        analyze_column(analyzer, f"warm{i}", [v] * 3, min_score=0.5, min_prevalence=0.5)


def serve(out_fd: int) -> None:
    """The helper's main: say it is ready, warm up, answer one request, exit (no interpreter teardown). Replies go
    to ``out_fd`` (the pipe; file descriptor 1 was pointed at standard error, which is discarded)."""
    inp, out = sys.stdin.buffer, os.fdopen(out_fd, "wb")
    code = 0
    try:
        _send(out, ("ready", _PROTOCOL))
        # the imports first: a prestarted helper does them while the audit imports its own (an optimisation: the
        # analysis imports what it needs, and fails, and falls back, there)
        try:
            from . import _analysis, _analyzer, _column_scan  # noqa: F401
        except Exception:
            pass
        import gc

        gc.freeze()  # this process's imports live as long as it does: the collector's full passes skip them
        msg = _receive(inp)
        if isinstance(msg, tuple) and msg and msg[0] == "warm":
            try:
                _warm(msg[1], msg[2])
            except Exception:  # warming is an optimisation: the analysis builds what it needs
                pass
            msg = _receive(inp)
        if isinstance(msg, tuple) and msg and msg[0] == "analyse":
            from ._analysis import analyse_samples

            try:
                reply: tuple = ("ok", analyse_samples(*msg[1]))
            except BaseException as exc:  # the audit's process runs the analysis again and raises it there
                reply = ("error", type(exc).__name__)
            _send(out, reply)
    except BaseException:
        code = 1
    finally:
        try:
            out.flush()
        finally:
            os._exit(code)
