"""Wide tables: a whole ``run_audit`` on 1k, 10k and 30k columns against the floor.

Data: ``benchmarks/data/wide_<cols>x<rows>.csv`` (git-ignored), generated once: a survey/genomics-like CSV of
small integer codes (the cell in column j of row i is (i * 31 + j * 7) mod 10, deterministic).

Runs, each in a fresh process (``_measure``: wall time, in-process compute, peak RSS of the child):

* **floor**: one bare DuckDB connection reading the CSV and computing per-column non-null and distinct counts
  (the least any profiler must do);
* **riskaudit (duckdb)**: ``run_audit`` with the packaged default config, nothing written; also its CPU seconds
  (user + system, all threads: comparable when the shared machine is loaded). Past 10,000 columns the audit
  refuses the input (one line, exit 2 from the CLI); the run records the refusal.

    python benchmarks/bench_wide.py                      # 1k, 10k, 30k columns x 200 rows
    python benchmarks/bench_wide.py --cols 1000 --rows 200 --json benchmarks/results/wide.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _measure import measure_python, table  # noqa: E402


def generate(cols: int, rows: int) -> Path:
    path = HERE / "data" / f"wide_{cols}x{rows}.csv"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as f:
        f.write(",".join(f"q{j}" for j in range(cols)) + "\n")
        for i in range(rows):
            f.write(",".join(str((i * 31 + j * 7) % 10) for j in range(cols)) + "\n")
    tmp.replace(path)
    return path


FLOOR = """
import time, duckdb
t = time.perf_counter()
con = duckdb.connect()
cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{PATH}', sample_size=-1)").fetchall()]
con.execute(f"CREATE TEMP TABLE t AS SELECT * FROM read_csv('{PATH}', sample_size=-1)")
for i in range(0, len(cols), 500):
    part = cols[i:i + 500]
    con.execute("SELECT " + ", ".join(f'count("{c}"), approx_count_distinct("{c}")' for c in part) + " FROM t").fetchall()
report(compute_s=time.perf_counter() - t, columns=len(cols))
"""

RISKAUDIT = """
import resource, time
from riskaudit import run_audit
from riskaudit.errors import InputError
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
t, c = time.perf_counter(), cpu()
try:
    r = run_audit(PATH, write=False)
except InputError as exc:  # past the column limit: one line, exit 2 from the CLI
    report(compute_s=time.perf_counter() - t, cpu_s=round(cpu() - c, 1), refused=str(exc))
else:
    report(compute_s=time.perf_counter() - t, cpu_s=round(cpu() - c, 1), verdict=r.verdict,
           columns=r.scorecard.dataset.columns, timings={k: round(v, 2) for k, v in r.timings.items()})
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cols", type=int, nargs="*", default=[1000, 10000, 30000])
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument(
        "--json",
        type=Path,
        default=None,
        help="write the figures here (default: benchmarks/results/wide.json)",
    )
    args = ap.parse_args()
    results = []
    for cols in args.cols:
        path = generate(cols, args.rows)
        pre = f"PATH = {str(path)!r}\n"
        runs = [
            measure_python(pre + FLOOR, "floor: bare DuckDB", cwd=str(ROOT)),
            measure_python(pre + RISKAUDIT, "riskaudit audit (duckdb)", cwd=str(ROOT)),
        ]
        print(f"\n## {cols:,} columns x {args.rows} rows\n")
        print(table(runs, floor="floor: bare DuckDB"))
        for r in runs:
            if not r.ok:
                print(f"{r.label}: exit {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")
        results.append(
            {
                "columns": cols,
                "rows": args.rows,
                "runs": [
                    {
                        "label": r.label,
                        "wall_s": round(r.wall_s, 2),
                        "peak_rss_mib": round(r.peak_rss_mib),
                        "returncode": r.returncode,
                        **{k: v for k, v in r.data.items() if k != "vmhwm_mib"},
                    }
                    for r in runs
                ],
            }
        )
        out = args.json or HERE / "results" / "wide.json"
        out.write_text(
            json.dumps(
                {"machine": platform.platform(), "python": platform.python_version(), "results": results},
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
