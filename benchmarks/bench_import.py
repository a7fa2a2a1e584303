"""Import time of the public modules, each in a fresh interpreter (no module cache): the scorecard model should
load in well under 0.3 s (issue 14), so a gate or a renderer that only reads a scorecard starts fast.

Prints the median wall time and CPU time (``time.process_time``: less sensitive to other work on a shared
machine) of ``--repeat`` runs per module, and the heavy libraries each import pulled in. ``--src`` measures another
checkout (e.g. the code before a change).

    python benchmarks/bench_import.py [--repeat 5] [--src DIR] [--out results/import.json] [module ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ["riskaudit.scorecard", "riskaudit.config", "riskaudit.checks", "riskaudit", "riskaudit.audit"]
HEAVY = [
    "numpy",
    "scipy",
    "pandas",
    "pyarrow",
    "ibis",
    "duckdb",
    "presidio_analyzer",
    "spacy",
    "splink",
    "sklearn",
]

PROBE = """
import json, sys, time
t, c = time.perf_counter(), time.process_time()
import {module}
dt, dc = time.perf_counter() - t, time.process_time() - c
print(json.dumps({{"seconds": dt, "cpu": dc, "heavy": sorted(m for m in {heavy!r} if m in sys.modules)}}))
"""


def measure(module: str, repeat: int, src: Path = ROOT / "src") -> tuple[float, float, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(src) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    times, cpu, heavy = [], [], []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module, heavy=HEAVY)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        rec = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(rec["seconds"])
        cpu.append(rec["cpu"])
        heavy = rec["heavy"]
    return statistics.median(times), statistics.median(cpu), heavy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("modules", nargs="*", default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the src/ directory to import from")
    ap.add_argument(
        "--out", type=Path, help="also write the figures as JSON (with the machine's load average)"
    )
    args = ap.parse_args()
    rows = []
    print(f"{'module':<24} {'median s':>9} {'cpu s':>7}  heavy libraries imported")
    for m in args.modules:
        t, c, heavy = measure(m, args.repeat, args.src.resolve())
        print(f"{m:<24} {t:>9.3f} {c:>7.3f}  {', '.join(heavy) or '-'}")
        rows.append(
            {"module": m, "median_seconds": round(t, 4), "median_cpu_seconds": round(c, 4), "heavy": heavy}
        )
    if args.out:
        rec = {
            "repeat": args.repeat,
            "src": str(args.src),
            "python": sys.version.split()[0],
            "load_average_1min": round(os.getloadavg()[0], 2),
            "modules": rows,
        }
        args.out.write_text(json.dumps(rec, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
