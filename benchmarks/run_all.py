"""Run every ``benchmarks/bench_*.py`` at each row count and keep what each printed.

For every script and every size in ``--rows`` (default 1M, 10M and 50M generated rows) the runner starts
the script in its own process, with ``--rows N`` when the script takes that option (scripts without it,
such as accuracy benchmarks on fixed reference data, run once), and writes
``benchmarks/results/<script>_<rows>.json`` with the command, exit code, the runner's own wall time and
peak RSS of the whole script (``os.wait4`` high-water mark), and the script's printed output, which holds
its table of riskaudit vs the floor and the peers with ratios. A summary goes to
``benchmarks/results/summary.json`` and a Markdown table to stdout.

    python benchmarks/run_all.py                          # everything, 1M / 10M / 50M rows
    python benchmarks/run_all.py --rows 1000000 --only end_to_end,reident
    python benchmarks/run_all.py --dry-run                # print the commands only

Runs are sequential (2 cores: parallel runs would measure each other). A run that exceeds ``--timeout``
is stopped and recorded as such.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def scripts(only: list[str] | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [p for p in found if p.stem.removeprefix("bench_") in only or p.stem in only]
    return found


def takes_option(script: Path, option: str) -> bool:
    return f'"{option}"' in script.read_text(encoding="utf-8")


def run(cmd: list[str], timeout: float) -> dict:
    with tempfile.TemporaryFile("w+") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, cwd=str(HERE.parent), start_new_session=True
        )
        deadline = t0 + timeout
        status = usage = None
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGTERM)
                _, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        out.seek(0)
        text = out.read()
    return {
        "command": cmd,
        "returncode": None if timed_out else os.waitstatus_to_exitcode(status),
        "timed_out": timed_out,
        "wall_s": round(wall, 2),
        # the script's own process; its measured children report their peaks in the output
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "output": text[-20000:],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", default="1000000,10000000,50000000", help="comma-separated row counts")
    ap.add_argument("--only", default=None, help="comma-separated script names (e.g. end_to_end,reident)")
    ap.add_argument("--timeout", type=float, default=3 * 3600, help="seconds per run")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    sizes = [int(r.replace("_", "")) for r in args.rows.split(",") if r.strip()]
    only = [o.strip() for o in args.only.split(",")] if args.only else None
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary = []
    for script in scripts(only):
        per_rows = takes_option(script, "--rows")
        for rows in sizes if per_rows else [None]:
            cmd = [sys.executable, str(script.relative_to(HERE.parent))]
            if rows is not None:
                cmd += ["--rows", str(rows)]
            name = script.stem.removeprefix("bench_") + (f"_{rows}" if rows is not None else "")
            if args.dry_run:
                print(" ".join(cmd))
                continue
            print(f"== {name}: {' '.join(cmd)}", flush=True)
            load_before = os.getloadavg()[0]
            res = run(cmd, args.timeout)
            res.update(
                {
                    # 2 cores: a 1-minute load average well above 1 before or after means the run shared the machine
                    "load_average_1m": {
                        "before": round(load_before, 2),
                        "after": round(os.getloadavg()[0], 2),
                    },
                    "benchmark": script.stem,
                    "rows": rows,
                    "finished_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                    "machine": {
                        "cores": os.cpu_count(),
                        "python": platform.python_version(),
                        "platform": platform.platform(),
                    },
                }
            )
            (RESULTS / f"{name}.json").write_text(
                json.dumps(res, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            print(res["output"][-4000:], flush=True)
            summary.append(
                {
                    k: res[k]
                    for k in ("benchmark", "rows", "returncode", "timed_out", "wall_s", "peak_rss_mib")
                }
            )
    if args.dry_run:
        return 0
    # keep the other scripts' entries from earlier runs (a run with --only updates its own)
    path = RESULTS / "summary.json"
    earlier = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    fresh = {(s["benchmark"], s["rows"]) for s in summary}
    merged = [e for e in earlier if (e["benchmark"], e["rows"]) not in fresh] + summary
    merged.sort(key=lambda e: (e["benchmark"], e["rows"] or 0))
    path.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print("| benchmark | rows | exit | wall s (whole script) |\n|---|---|---|---|")
    for s in summary:
        code = "timeout" if s["timed_out"] else s["returncode"]
        print(f"| {s['benchmark']} | {s['rows'] or '-'} | {code} | {s['wall_s']:.1f} |")
    return 0 if all(s["returncode"] == 0 for s in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
