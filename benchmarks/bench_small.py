"""The README's sample audit (20,000 rows, every scanner, fuzzy linkage, all seven formats) against a floor.

What a CI gate on a small release pays on every commit. Each run is a fresh process (``os.wait4``: wall time,
CPU time user + system of the child, peak RSS), repeated ``--repeat`` times; medians are shown with the range:

* **floor**: a bare DuckDB connection reading the same CSV (``read_csv`` with the same sniffing sample) and
  counting rows, non-null and distinct values per column: the least any tool that looks at every cell does;
* **riskaudit --help**: start-up alone (should stay well under the audit);
* **riskaudit sample audit**: ``riskaudit audit sample_data/hospital_discharges.csv -c configs/sample-hospital.yaml``
  (once first with an empty word-list cache, ``RISKAUDIT_CACHE_DIR`` a private directory, then warm)
  into a temporary directory; its per-step times come from the progress lines on stderr, and "start-up and
  imports" is the wall time before the first step ends minus that step's own time.

The scorecard's sha256 is printed per run: every run must give the same bytes (``outputs.timestamp`` is off).

    python benchmarks/bench_small.py                      # 3 runs each
    python benchmarks/bench_small.py --repeat 5 --json benchmarks/results/small.json

No timed assertion anywhere: the script prints ratios; docs/scale.md records them with the machine's load.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _proctree import TreeSampler

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "sample_data" / "hospital_discharges.csv"
CONFIG = ROOT / "configs" / "sample-hospital.yaml"
STEP = re.compile(r"^riskaudit: \[\d+\] (.+?): done in ([\d.]+) s")

FLOOR = """
import duckdb, sys
con = duckdb.connect()
rel = f"read_csv(['{path}'], header = true, sample_size = 100000, max_line_size = 33554432)"
cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {{rel}}").fetchall()]
q = lambda c: '"' + c.replace('"', '""') + '"'
aggs = ", ".join(f"count({{q(c)}}), count(DISTINCT {{q(c)}})" for c in cols)
con.execute(f"SELECT count(*), {{aggs}} FROM {{rel}}").fetchall()
"""

#: the same audit through the Python API in a fresh process, timing each step in wall and CPU seconds (CPU is the
#: figure that survives a loaded machine: other processes stretch the wall time, not the work done)
STEPS = """
import json, sys, time
w0, c0 = time.perf_counter(), time.process_time()
from riskaudit.audit import run_audit
rows = [["start-up and imports", time.perf_counter() - w0, time.process_time() - c0]]
cur = []
def progress(step):
    w, c = time.perf_counter(), time.process_time()
    if cur:
        rows.append([cur[0].replace("scanning: ", ""), w - cur[1], c - cur[2]])
    cur[:] = [step, w, c] if step else []
run_audit("{data}", "{config}", out_dir=sys.argv[1], progress=progress)
progress(None)
print("__STEPS__ " + json.dumps(rows))
"""


def run(cmd: list[str], env: dict[str, str]) -> dict:
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        tree = TreeSampler(interval=0.1, root=proc.pid).start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampled = tree.stop()
        err.seek(0)
        stderr = err.read()
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        # the audit and its PII helper process together (summed, sampled every 0.1 s; ru_maxrss is one process)
        "peak_rss_tree_mib": sampled["peak_rss_mib"].get("total", 0.0),
        "processes": sampled["processes"],
        "returncode": os.waitstatus_to_exitcode(status),
        "stderr": stderr,
    }


def steps_of(stderr: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in stderr.splitlines():
        m = STEP.match(line)
        if m:
            out[m.group(1).replace("scanning: ", "")] = float(m.group(2))
    return out


def median_runs(runs: list[dict]) -> dict:
    keys = ("wall_s", "cpu_s", "peak_rss_mib", "peak_rss_tree_mib")
    out = {k: statistics.median(r[k] for r in runs) for k in keys}
    out["wall_s_min"], out["wall_s_max"] = min(r["wall_s"] for r in runs), max(r["wall_s"] for r in runs)
    out["runs"] = len(runs)
    return out


def audit_cmd(py: str, out: Path) -> list[str]:
    # relative paths (run from the checkout's root), as in the README: the scorecard names the data by the path it
    # was given, so the digest is comparable between checkouts
    return [
        py,
        "-m",
        "riskaudit",
        "audit",
        str(DATA.relative_to(ROOT)),
        "-c",
        str(CONFIG.relative_to(ROOT)),
        "-o",
        str(out),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument(
        "--no-steps",
        dest="steps",
        action="store_false",
        help="skip the extra in-process run that times each step in wall and CPU seconds",
    )
    args = ap.parse_args()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "COLUMNS": "200",
        "TERM": "dumb",
    }
    py = sys.executable
    labels = {
        "floor": "floor: bare DuckDB read + counts",
        "help": "riskaudit --help",
        "audit_cold": "riskaudit sample audit, first run (word-list cache empty)",
        "audit": "riskaudit sample audit",
    }
    runs: dict[str, list[dict]] = {k: [] for k in labels}
    # the PII word lists are cached on disk after the first audit (pii/recognizers/_vocab_cache.py): a private cache
    # directory, empty for one first run, then warm for the repeats (what a CI runner with a kept cache pays)
    cache = tempfile.TemporaryDirectory(prefix="riskaudit-bench-cache-")
    env["RISKAUDIT_CACHE_DIR"] = cache.name
    steps: list[dict[str, float]] = []
    cpu_steps: list[dict[str, tuple[float, float]]] = []
    digests: list[str] = []
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory() as tmp:
        cold = run(audit_cmd(py, Path(tmp) / "out"), env)
        if cold["returncode"] not in (0, 1):
            print(cold["stderr"][-2000:], file=sys.stderr)
            return 2
        runs["audit_cold"].append(cold)
        digests.append(hashlib.sha256((Path(tmp) / "out" / "scorecard.json").read_bytes()).hexdigest())
    for i in range(args.repeat):  # interleaved, so a change of machine load hits every run alike
        runs["floor"].append(run([py, "-c", FLOOR.format(path=DATA.as_posix())], env))
        runs["help"].append(run([py, "-m", "riskaudit", "--help"], env))
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            r = run(audit_cmd(py, out), env)
            if r["returncode"] not in (0, 1):
                print(r["stderr"][-2000:], file=sys.stderr)
                return 2
            runs["audit"].append(r)
            digests.append(hashlib.sha256((out / "scorecard.json").read_bytes()).hexdigest())
        st = steps_of(r["stderr"])
        # what no step line covers: interpreter start-up, imports, config and policy loading, exit
        st = {"start-up and imports": max(0.0, r["wall_s"] - sum(st.values())), **st}
        steps.append(st)
        if args.steps:
            with tempfile.TemporaryDirectory() as tmp:
                code = STEPS.format(
                    data=DATA.relative_to(ROOT).as_posix(), config=CONFIG.relative_to(ROOT).as_posix()
                )
                with tempfile.TemporaryFile("w+") as out_f:
                    subprocess.run(
                        [py, "-c", code, str(Path(tmp) / "out")],
                        stdout=out_f,
                        stderr=subprocess.DEVNULL,
                        env=env,
                        cwd=ROOT,
                        check=False,
                    )
                    out_f.seek(0)
                    got = [ln for ln in out_f.read().splitlines() if ln.startswith("__STEPS__ ")]
            if got:
                cpu_steps.append({n: (w, c) for n, w, c in json.loads(got[-1][len("__STEPS__ ") :])})
        print(
            f"run {i + 1}/{args.repeat}: audit {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU; scorecard "
            f"{digests[-1][:12]}",
            file=sys.stderr,
        )
    med = {k: median_runs(v) for k, v in runs.items()}
    floor = med["floor"]
    print(
        f"\nsample audit, {args.repeat} run(s) each; {os.cpu_count()} CPUs, load average at start {load:.1f}"
        if load is not None
        else ""
    )
    print(
        "\n| run | wall s [min-max] | CPU s | peak RSS MiB (process; with helpers) | wall / floor | CPU / floor |"
    )
    print("|---|---|---|---|---|---|")
    for k, lab in labels.items():
        m = med[k]
        print(
            f"| {lab} | {m['wall_s']:.2f} [{m['wall_s_min']:.2f}-{m['wall_s_max']:.2f}] | {m['cpu_s']:.2f} | "
            f"{m['peak_rss_mib']:.0f}; {m['peak_rss_tree_mib']:.0f} | {m['wall_s'] / floor['wall_s']:.1f}x | "
            f"{m['cpu_s'] / floor['cpu_s']:.1f}x |"
        )
    names = list(dict.fromkeys(n for s in steps for n in s))
    step_med = {n: statistics.median(s.get(n, 0.0) for s in steps) for n in names}
    print("\n| step of the audit (progress lines) | wall s, median |")
    print("|---|---|")
    for n in names:
        if step_med[n] >= 0.05:
            print(f"| {n} | {step_med[n]:.2f} |")
    cpu_med: dict[str, list[float]] = {}
    if cpu_steps:
        cnames = list(dict.fromkeys(n for s in cpu_steps for n in s))
        cpu_med = {
            n: [statistics.median(s[n][i] for s in cpu_steps if n in s) for i in (0, 1)] for n in cnames
        }
        print("\n| step, in-process run (Python API) | wall s | CPU s |")
        print("|---|---|---|")
        for n, (w, c) in cpu_med.items():
            if w >= 0.05 or c >= 0.05:
                print(f"| {n} | {w:.2f} | {c:.2f} |")
        print(
            f"| total | {sum(w for w, _ in cpu_med.values()):.2f} | {sum(c for _, c in cpu_med.values()):.2f} |"
        )
    same = len(set(digests)) == 1
    print(
        f"\nscorecard.json sha256 {digests[0]} ({'identical in every run' if same else 'DIFFERS between runs'})"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "machine": {
                        "cpus": os.cpu_count(),
                        "platform": platform.platform(),
                        "load_average_at_start": load,
                    },
                    "runs": med,
                    "steps": step_med,
                    "steps_in_process_wall_cpu": cpu_med,
                    "scorecard_sha256": digests,
                    "identical": same,
                },
                indent=2,
                sort_keys=True,
            )
            + "\n"
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
