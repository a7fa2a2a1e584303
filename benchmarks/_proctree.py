"""Memory and CPU of a process *and its descendants*, sampled from /proc (Linux; no psutil needed).

A Spark audit is several processes: the Python driver, the driver JVM it launches (``SparkSubmit``),
and on a ``local-cluster`` master one executor JVM per worker (``CoarseGrainedExecutorBackend``), plus
PySpark's Python workers when a step runs Python on the executors. ``ru_maxrss`` of the benchmark's child
is the peak of one process only, so :class:`TreeSampler` walks the process tree every ``interval``
seconds and keeps, per step (:meth:`TreeSampler.mark`) and overall, the peak of the *summed* RSS and of
each role's sum, and the CPU seconds (user + system) each process had used when last seen. Figures are
samples: a peak shorter than ``interval`` can be missed, and the CPU of a process that ends between
two samples is counted up to its last sample.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

__all__ = ["TreeSampler"]

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("latin-1")
        except OSError:
            continue
        rest = stat[stat.rfind(")") + 2 :].split()
        kids.setdefault(int(rest[1]), []).append(int(entry))
    return kids


def _role(pid: int, root: int) -> str:
    if pid == root:
        return "python"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("latin-1")
    except OSError:
        return "other"
    if "CoarseGrainedExecutorBackend" in cmd:
        return "executor_jvm"
    if "java" in cmd and ("SparkSubmit" in cmd or "org.apache.spark" in cmd):
        return "driver_jvm"
    if "pyspark" in cmd or "python" in cmd:
        return "python_workers"
    return "other"


def _rss_and_cpu(pid: int) -> tuple[int, float] | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            rss = int(f.read().split()[1]) * _PAGE
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode("latin-1")
    except (OSError, IndexError, ValueError):
        return None
    rest = stat[stat.rfind(")") + 2 :].split()
    cpu = (int(rest[11]) + int(rest[12])) / _TICK  # utime + stime
    return rss, cpu


class TreeSampler:
    """Sample ``root`` (default: this process) and its descendants in a daemon thread."""

    def __init__(self, interval: float = 0.25, root: int | None = None) -> None:
        self.interval = interval
        self.root = root or os.getpid()
        self._roles: dict[int, str] = {}
        self._cpu: dict[int, tuple[str, float]] = {}
        self._lock = threading.Lock()
        self._step = "start"
        self._steps: dict[str, dict[str, float]] = {}
        self._peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self.samples = 0

    def start(self) -> TreeSampler:
        self.sample()
        self._thread.start()
        return self

    def mark(self, step: str) -> None:
        """Samples from now on count towards ``step`` (one sample is taken at the boundary)."""
        self.sample()
        with self._lock:
            self._step = step

    def _tree(self) -> list[int]:
        kids = _children_map()
        out, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(kids.get(pid, []))
        return out

    def sample(self) -> None:
        sums: dict[str, float] = {}
        for pid in self._tree():
            got = _rss_and_cpu(pid)
            if got is None:
                continue
            # classified on every sample: a launcher script (bin/spark-class) exec's the JVM under its own pid
            role = self._roles[pid] = _role(pid, self.root)
            rss, cpu = got
            sums[role] = sums.get(role, 0.0) + rss / 2**20
            self._cpu[pid] = (role, cpu)
        sums["total"] = sum(sums.values())
        with self._lock:
            self.samples += 1
            step = self._steps.setdefault(self._step, {})
            for k, v in sums.items():
                step[k] = max(step.get(k, 0.0), v)
                self._peak[k] = max(self._peak.get(k, 0.0), v)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.sample()
            except Exception:  # a process vanished mid-walk: the next sample is fine
                pass

    def stop(self) -> dict[str, Any]:
        """Stop sampling; the peaks (MiB: total and per role, overall and per step) and CPU seconds."""
        self.sample()
        self._stop.set()
        self._thread.join(timeout=5)
        cpu: dict[str, float] = {}
        for role, seconds in self._cpu.values():
            cpu[role] = cpu.get(role, 0.0) + seconds
        cpu["total"] = sum(cpu.values())
        return {
            "interval_s": self.interval,
            "samples": self.samples,
            "peak_rss_mib": {k: round(v, 1) for k, v in sorted(self._peak.items())},
            "peak_rss_mib_per_step": {
                s: {k: round(v, 1) for k, v in sorted(d.items())} for s, d in self._steps.items()
            },
            "cpu_s": {k: round(v, 2) for k, v in sorted(cpu.items())},
            "processes": len(self._cpu),
        }


if __name__ == "__main__":  # a quick self-check: the tree of a shell that sleeps
    import subprocess

    s = TreeSampler(0.1).start()
    p = subprocess.Popen(["sh", "-c", "sleep 0.5"])
    time.sleep(0.3)
    p.wait()
    print(s.stop())
