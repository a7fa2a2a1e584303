"""Import time of the public modules, each in a fresh interpreter (no module cache): the scorecard model should
load in well under 0.3 s (issue 14), so a gate or a renderer that only reads a scorecard starts fast.

Prints the median wall time of ``--repeat`` runs per module, and the heavy libraries each import pulled in.

    python benchmarks/bench_import.py [--repeat 5] [module ...]
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
HEAVY = ["numpy", "scipy", "pandas", "pyarrow", "ibis", "duckdb", "presidio_analyzer", "spacy", "splink", "sklearn"]

PROBE = """
import json, sys, time
t = time.perf_counter()
import {module}
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "heavy": sorted(m for m in {heavy!r} if m in sys.modules)}}))
"""


def measure(module: str, repeat: int) -> tuple[float, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    times, heavy = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", PROBE.format(module=module, heavy=HEAVY)],
                             capture_output=True, text=True, env=env, check=True)
        rec = json.loads(out.stdout.strip().splitlines()[-1])
        times.append(rec["seconds"])
        heavy = rec["heavy"]
    return statistics.median(times), heavy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("modules", nargs="*", default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"{'module':<24} {'median s':>9}  heavy libraries imported")
    for m in args.modules:
        t, heavy = measure(m, args.repeat)
        print(f"{m:<24} {t:>9.3f}  {', '.join(heavy) or '-'}")


if __name__ == "__main__":
    main()
