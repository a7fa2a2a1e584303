"""Measure a command or a piece of Python in its own process: wall time, in-process timings, peak RSS.

Shared by the benchmark scripts. Every run is a fresh interpreter, so peak memory is that run's alone:
the peak RSS comes from ``os.wait4`` on the child (``ru_maxrss``, the kernel's high-water mark, the same
number ``/usr/bin/time -v`` prints), with the child's own ``/proc/self/status`` VmHWM as a cross-check.

Python snippets report in-process figures by calling ``report(**numbers)``; they arrive in
:attr:`Measurement.data`. Example::

    from _measure import measure_python, table
    m = measure_python("import time; t = time.perf_counter(); ...; report(compute_s=time.perf_counter() - t)", "mine")
    print(table([m], floor="mine"))
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Measurement", "measure_command", "measure_python", "median_of", "table", "PRELUDE"]

MARK = "__MEASURE__ "

#: defined in every measured snippet: report(**kw) sends numbers back; vmhwm_mib() reads the peak so far
PRELUDE = f"""
import json as _json, sys as _sys
def vmhwm_mib():
    try:
        with open("/proc/self/status") as _f:
            for _line in _f:
                if _line.startswith("VmHWM:"):
                    return int(_line.split()[1]) / 1024
    except OSError:
        return None
    return None
def report(**kw):
    kw.setdefault("vmhwm_mib", vmhwm_mib())
    _sys.stdout.write({MARK!r} + _json.dumps(kw, default=str) + "\\n")
    _sys.stdout.flush()
"""


@dataclass
class Measurement:
    label: str
    wall_s: float
    peak_rss_mib: float
    returncode: int
    data: dict[str, Any] = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def measure_command(
    cmd: Sequence[str], label: str, *, env: dict[str, str] | None = None, cwd: str | None = None
) -> Measurement:
    """Run ``cmd`` to completion; wall time from fork to exit, peak RSS of that process."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    data: dict[str, Any] = {}
    lines = []
    for line in stdout.splitlines():
        at = line.find(MARK)  # a library's progress bar may precede it on the same line
        if at >= 0:
            data.update(json.loads(line[at + len(MARK) :]))
            if at:
                lines.append(line[:at])
        else:
            lines.append(line)
    # ru_maxrss is KiB on Linux, bytes on macOS
    rss_kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return Measurement(label, wall, rss_kib / 1024, proc.returncode, data, "\n".join(lines), stderr)


def measure_python(
    code: str, label: str, *, env: dict[str, str] | None = None, cwd: str | None = None
) -> Measurement:
    """Run a Python snippet in a fresh interpreter (with :data:`PRELUDE`); see :func:`measure_command`."""
    return measure_command([sys.executable, "-c", PRELUDE + "\n" + code], label, env=env, cwd=cwd)


def median_of(runs: list[Measurement]) -> Measurement:
    """Median wall time, peak RSS and numeric in-process figures over repeated runs of one label."""
    ok = [r for r in runs if r.ok] or runs
    data: dict[str, Any] = dict(ok[-1].data)
    for key, value in ok[-1].data.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            vals = [r.data[key] for r in ok if isinstance(r.data.get(key), (int, float))]
            data[key] = statistics.median(vals)
    data["wall_s_min"] = min(r.wall_s for r in ok)
    data["wall_s_max"] = max(r.wall_s for r in ok)
    data["runs"] = len(ok)
    return Measurement(
        ok[0].label,
        statistics.median(r.wall_s for r in ok),
        statistics.median(r.peak_rss_mib for r in ok),
        max((r.returncode for r in runs), key=abs),
        data,
        ok[-1].stdout,
        ok[-1].stderr,
    )


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.2f}x"


def table(rows: list[Measurement], floor: str, compute_key: str = "compute_s") -> str:
    """A Markdown table with ratios against the row labelled ``floor``."""
    base = next(r for r in rows if r.label == floor)
    out = [
        "| run | wall s [min-max] | compute s | peak RSS MiB | wall / floor | compute / floor | RSS / floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        comp = r.get(compute_key)
        span = (
            f" [{r.get('wall_s_min', r.wall_s):.2f}-{r.get('wall_s_max', r.wall_s):.2f}]"
            if r.get("runs", 1) > 1
            else ""
        )
        out.append(
            f"| {r.label} | {r.wall_s:.2f}{span} | {comp:.2f} | {r.peak_rss_mib:.0f} | {_ratio(r.wall_s, base.wall_s)} | "
            f"{_ratio(comp, base.get(compute_key))} | {_ratio(r.peak_rss_mib, base.peak_rss_mib)} |"
            if comp is not None
            else f"| {r.label} | {r.wall_s:.2f}{span} | - | {r.peak_rss_mib:.0f} | {_ratio(r.wall_s, base.wall_s)} | - | "
            f"{_ratio(r.peak_rss_mib, base.peak_rss_mib)} |"
        )
    return "\n".join(out)
