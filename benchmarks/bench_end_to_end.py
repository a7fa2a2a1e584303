"""End to end: a whole ``run_audit`` (every registered scanner + policy) against the floor and a pandas peer.

Data: ``benchmarks/data/e2e_<rows>_seed<seed>.parquet`` (git-ignored), generated once by DuckDB from a
seeded hash of the row number: a discharge-like table of 12 columns (an id, an email, five
quasi-identifiers, a diagnosis, length of stay, charges, a label and a model decision).

Runs, each in a fresh process (``_measure``: wall time, in-process compute, peak RSS of the child):

* **floor: bare DuckDB**: one bare DuckDB connection computing the same core aggregates on the same file
  (per-column non-null and distinct counts, the class-size histogram over the quasi-identifiers, selection and
  base rates per race) - kept as it was, for comparison with earlier results;
* **floor: same aggregates**: the aggregates the whole audit needs at minimum, in bare DuckDB: the above plus
  rows with any NULL (missingness), duplicate rows (GROUP BY ALL over every column but the id), the
  (quasi-identifiers, sensitive attribute) GROUP BY behind l-diversity, and the bias group counts (rows,
  predicted and actual positives, true positives) per protected attribute and their intersection (GROUPING
  SETS); the audit's ratio to it is the honest one (the first floor leaves out the quality and l-diversity
  aggregates);
* **riskaudit (duckdb)**: ``run_audit`` with the default policy, quasi-identifiers, protected attributes,
  label and prediction set; ``--memory-limit`` caps DuckDB (it spills beyond);
* **peer: pandas + fairlearn** (``--rows`` <= ``--peer-max-rows``): ``pandas.read_parquet`` of the needed
  columns, ``groupby(qis).size()`` histogram and fairlearn ``MetricFrame`` selection rate / TPR by race;
* **riskaudit (spark)** with ``--spark`` (local[2], 4 shuffle partitions): the same audit on PySpark;
  ``--spark-master 'local-cluster[2,1,2048]'`` runs it on a two-worker cluster on this machine (executors
  in their own JVMs). Spark runs report the Spark jobs each step started (``spark_jobs``) and every run its
  engine queries per step; ``tree`` is the process tree (Python, driver JVM, executor JVMs) sampled from
  /proc every 0.25 s: peak summed RSS overall and per step, and CPU seconds per role (``_proctree.py``).
  ``results_sha256`` is the sha256 of the scorecard's results: equal across engines when they agree.

    python benchmarks/bench_end_to_end.py --rows 1000000
    python benchmarks/bench_end_to_end.py --rows 10000000 --memory-limit 4GB --json benchmarks/results/e2e.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _measure import measure_python, table  # noqa: E402

QIS = ["zip3", "birth_year", "sex", "race", "ethnicity"]


def generate(rows: int, seed: int) -> Path:
    """Write the seeded table once (DuckDB, streaming; a few seconds per 10M rows)."""
    import duckdb

    path = HERE / "data" / f"e2e_{rows}_seed{seed}.parquet"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    h = lambda k: f"hash(i * 16 + {k} + {seed} * 1000003)"  # noqa: E731
    sql = f"""
    COPY (
      SELECT
        'P' || lpad(i::VARCHAR, 10, '0') AS person_id,
        'user' || ({h(1)} % 1000000000)::VARCHAR || '@example.org' AS email,
        lpad((100 + floor(890 * pow(({h(2)} % 1000000) / 1000000.0, 2.2)))::INT::VARCHAR, 3, '0') AS zip3,
        (1930 + {h(3)} % 80)::INT AS birth_year,
        CASE WHEN {h(4)} % 100 = 0 THEN 'X' WHEN {h(4)} % 2 = 0 THEN 'F' ELSE 'M' END AS sex,
        ['White', 'White', 'White', 'Black or African American', 'Asian', 'American Indian or Alaska Native',
         'Native Hawaiian or Other Pacific Islander', 'Other'][1 + ({h(5)} % 8)::INT] AS race,
        CASE WHEN {h(6)} % 5 = 0 THEN 'Hispanic or Latino' ELSE 'Not Hispanic or Latino' END AS ethnicity,
        'D' || lpad(({h(7)} % 50)::VARCHAR, 2, '0') AS primary_diagnosis,
        (1 + {h(8)} % 14)::INT AS length_of_stay,
        round(2000 + ({h(9)} % 6000000) / 100.0, 2) AS total_charges,
        ({h(10)} % 100 < 12)::INT AS readmitted_30d,
        (({h(11)} % 100) < CASE WHEN race = 'Black or African American' THEN 20 ELSE 12 END)::INT AS predicted_readmit
      FROM range({rows}) t(i)
    ) TO '{tmp.as_posix()}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)
    """
    duckdb.connect().execute(sql)
    tmp.rename(path)
    return path


FLOOR = """
import time
import duckdb
con = duckdb.connect()
if MEMORY:
    con.execute(f"SET memory_limit = '{MEMORY}'")
t = time.perf_counter()
c = time.process_time()
src = f"read_parquet('{PATH}')"
cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
prof = con.execute("SELECT " + ", ".join(f'count("{c}"), count(DISTINCT "{c}")' for c in cols) + f" FROM {src}").fetchall()
hist = con.execute(
    f"SELECT n, count(*) FROM (SELECT count(*) AS n FROM {src} GROUP BY {', '.join(QIS)}) GROUP BY n"
).fetchall()
rates = con.execute(
    f"SELECT race, count(*), avg(predicted_readmit), avg(readmitted_30d) FROM {src} GROUP BY race"
).fetchall()
report(compute_s=time.perf_counter() - t, compute_cpu_s=time.process_time() - c,
       k=min(r[0] for r in hist), classes=sum(r[1] for r in hist))
"""

#: the aggregates the whole audit needs at minimum (see the module docstring), one bare DuckDB query each
FLOOR_SAME = """
import time
import duckdb
con = duckdb.connect()
if MEMORY:
    con.execute(f"SET memory_limit = '{MEMORY}'")
t = time.perf_counter()
c = time.process_time()
src = f"read_parquet('{PATH}')"
cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
q = lambda c: '"' + c + '"'
# profile + missingness: non-null and distinct counts per column, rows with any NULL (one scan)
any_null = " OR ".join(f"{q(c)} IS NULL" for c in cols)
prof = con.execute(
    "SELECT " + ", ".join(f"count({q(c)}), count(DISTINCT {q(c)})" for c in cols)
    + f", sum(CASE WHEN {any_null} THEN 1 ELSE 0 END) FROM {src}"
).fetchall()
# re-identification: class-size histogram over the quasi-identifiers
hist = con.execute(
    f"SELECT n, count(*) FROM (SELECT count(*) AS n FROM {src} GROUP BY {', '.join(QIS)}) GROUP BY n"
).fetchall()
# l-diversity: distinct sensitive values per class, from the (QIs, sensitive) GROUP BY
ldiv = con.execute(
    f"SELECT min(l), sum(CASE WHEN l < 2 THEN 1 ELSE 0 END) FROM (SELECT count(*) AS l FROM "
    f"(SELECT {', '.join(QIS)}, {SENSITIVE} FROM {src} GROUP BY ALL) GROUP BY {', '.join(QIS)})"
).fetchall()
# quality: duplicate rows, every column but the id, NULL equal to NULL (GROUP BY ALL)
dups = con.execute(
    f"SELECT count(*), coalesce(sum(n), 0) FROM (SELECT *, count(*) AS n FROM (SELECT * EXCLUDE ({ID}) FROM {src}) "
    "GROUP BY ALL HAVING count(*) > 1)"
).fetchall()
# bias: group counts per protected attribute and their intersection, in one grouped scan
groups = con.execute(
    f"SELECT {', '.join(PROTECTED)}, count(*), sum({PRED}), sum({LABEL}), sum({PRED} * {LABEL}) FROM {src} "
    f"GROUP BY GROUPING SETS ({', '.join('(' + p + ')' for p in PROTECTED)}, ({', '.join(PROTECTED)}))"
).fetchall()
report(compute_s=time.perf_counter() - t, compute_cpu_s=time.process_time() - c,
       k=min(r[0] for r in hist), classes=sum(r[1] for r in hist), duplicate_rows=int(dups[0][1]) - int(dups[0][0]),
       bias_groups=len(groups), l_min=ldiv[0][0])
"""

RISKAUDIT = """
import sys
import time
t0 = time.perf_counter()
sys.path.insert(0, "benchmarks")
from _proctree import TreeSampler
sampler = TreeSampler(0.25).start()
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.engine import connect
spark_conf = {"spark.sql.shuffle.partitions": "4", "spark.driver.memory": "8g"}
cfg = load_config(None, overrides={
    "columns": {"quasi_identifiers": QIS, "protected": ["race", "sex"], "label": "readmitted_30d",
                "positive_label": "1", "prediction": "predicted_readmit", "id": "person_id"},
    "engine": {"name": ENGINE, "memory_limit": MEMORY or None, "spark_conf": spark_conf,
               **({"spark_master": SPARK_MASTER} if SPARK_MASTER else {})},
    "outputs": {"timestamp": False},
})
if ENGINE == "spark" and not FUSE:  # --spark-unfused: the separate GROUP BYs, as before Engine.fuse_group_bys
    from riskaudit.engine._spark import SparkEngine
    SparkEngine.fuse_group_bys = False
t = time.perf_counter()
engine = connect(cfg.engine, source=PATH)
started = time.perf_counter() - t
c = time.process_time()
count_jobs = getattr(engine, "spark_jobs", lambda: None)
jobs = {}
queries = {}
state = {"step": "start", "jobs": count_jobs(), "queries": 0}
_execute = engine.execute
def execute(expr):
    state["queries"] += 1
    return _execute(expr)
engine.execute = execute
def progress(message):
    step = message.removeprefix("scanning: ")
    now = count_jobs()
    if now is not None and state["jobs"] is not None:
        jobs[state["step"]] = jobs.get(state["step"], 0) + now - state["jobs"]
    queries[state["step"]] = queries.get(state["step"], 0) + state["queries"]
    state.update(step=step, jobs=now, queries=0)
    sampler.mark(step)
rep = run_audit(PATH, cfg, write=False, engine=engine, progress=progress)
progress("end")
jobs.pop("start", None)
queries.pop("start", None)
engine.close()
compute_s = time.perf_counter() - t
tree = sampler.stop()
res = rep.scorecard.results
report(compute_s=compute_s, compute_cpu_s=time.process_time() - c, import_s=t - t0,
       duplicate_rows=res.quality.duplicates.duplicate_rows if res.quality else None, engine_start_s=round(started, 2), verdict=rep.scorecard.verdict,
       k=res.reident.k if res.reident else None, classes=res.reident.classes if res.reident else None,
       results_sha256=__import__("hashlib").sha256(rep.scorecard.results.model_dump_json().encode()).hexdigest(),
       timings={k: round(v, 2) for k, v in rep.timings.items()},
       spark_jobs=jobs or None, spark_jobs_total=sum(jobs.values()) if jobs else None,
       engine_queries={k: v for k, v in queries.items() if v}, tree=tree)
"""

PEER = """
import time
import pandas as pd
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate
t = time.perf_counter()
df = pd.read_parquet(PATH, columns=QIS + ["predicted_readmit", "readmitted_30d"])
sizes = df.groupby(QIS, sort=False, observed=True).size()
hist = sizes.value_counts()
mf = MetricFrame(metrics={"sel": selection_rate, "tpr": true_positive_rate}, y_true=df["readmitted_30d"],
                 y_pred=df["predicted_readmit"], sensitive_features=df["race"])
report(compute_s=time.perf_counter() - t, k=int(sizes.min()), classes=int(hist.sum()))
"""


def _prelude(
    path: Path, memory: str | None, engine: str = "duckdb", master: str | None = None, fuse: bool = True
) -> str:
    return (
        f"PATH = {str(path)!r}\nMEMORY = {memory!r}\nQIS = {QIS!r}\nENGINE = {engine!r}\n"
        f"SPARK_MASTER = {master!r}\nFUSE = {fuse!r}\n"
        "SENSITIVE = 'primary_diagnosis'\nPROTECTED = ['race', 'sex']\nID = 'person_id'\n"
        "PRED = 'predicted_readmit'\nLABEL = 'readmitted_30d'\n"
    )


def _ratios(runs: list) -> dict:
    """Each riskaudit run's compute time (wall and CPU) over each floor's."""
    floors = [r for r in runs if r.ok and r.label.startswith("floor")]
    out: dict = {}
    for r in runs:
        if not r.ok or r.label.startswith("floor"):
            continue
        for f in floors:
            for key in ("compute_s", "compute_cpu_s"):
                a, b = r.get(key), f.get(key)
                if a is not None and b:
                    out[f"{r.label} / {f.label} ({key})"] = round(a / b, 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--memory-limit", default=None, help="DuckDB memory_limit for the floor and riskaudit (e.g. 4GB)"
    )
    ap.add_argument("--peer-max-rows", type=int, default=10_000_000, help="skip the pandas peer above this")
    ap.add_argument("--spark", action="store_true", help="also run riskaudit on Spark (local[2])")
    ap.add_argument(
        "--spark-master",
        default=None,
        help="also run riskaudit on Spark at this master, e.g. 'local-cluster[2,1,2048]' (two executor JVMs "
        "of 1 core and 2048 MiB; the engine sets the executors' memory to match)",
    )
    ap.add_argument(
        "--spark-unfused",
        action="store_true",
        help="with --spark-master, also run it with Engine.fuse_group_bys off (one GROUP BY per subset/candidate)",
    )
    ap.add_argument("--skip-floor-and-duckdb", action="store_true", help="run only the Spark runs")
    ap.add_argument("--skip-peer", action="store_true", help="do not run the pandas + fairlearn peer")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("--note", default=None, help="a note stored in the JSON (branch, machine load)")
    args = ap.parse_args()

    path = generate(args.rows, args.seed)
    print(
        f"data: {path.name} ({path.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows), "
        f"{os.cpu_count()} cores, python {platform.python_version()}"
    )
    load_before = os.getloadavg()
    runs = []
    if not args.skip_floor_and_duckdb:
        runs.append(
            measure_python(_prelude(path, args.memory_limit) + FLOOR, "floor: bare DuckDB", cwd=str(ROOT))
        )
        runs.append(
            measure_python(
                _prelude(path, args.memory_limit) + FLOOR_SAME, "floor: same aggregates", cwd=str(ROOT)
            )
        )
        runs.append(
            measure_python(
                _prelude(path, args.memory_limit) + RISKAUDIT, "riskaudit audit (duckdb)", cwd=str(ROOT)
            )
        )
    if args.rows <= args.peer_max_rows and not args.skip_peer:
        runs.append(measure_python(_prelude(path, None) + PEER, "peer: pandas + fairlearn", cwd=str(ROOT)))
    if args.spark or args.spark_master:
        for master in ["local[2]"] if args.spark else []:
            runs.append(
                measure_python(
                    _prelude(path, None, "spark") + RISKAUDIT,
                    f"riskaudit audit (spark {master})",
                    cwd=str(ROOT),
                )
            )
        if args.spark_master:
            for fuse in [True, False] if args.spark_unfused else [True]:
                runs.append(
                    measure_python(
                        _prelude(path, None, "spark", args.spark_master, fuse) + RISKAUDIT,
                        f"riskaudit audit (spark {args.spark_master}{'' if fuse else ', unfused'})",
                        cwd=str(ROOT),
                    )
                )
    for r in runs:
        if not r.ok:
            print(f"{r.label}: exit {r.returncode}: {r.stderr.strip().splitlines()[-1:]}")
    shown = [r for r in runs if r.ok] or runs
    floor = "floor: bare DuckDB" if any(r.label == "floor: bare DuckDB" for r in shown) else shown[0].label
    print(table(shown, floor=floor))
    ratios = _ratios(runs)
    print("\nratios (compute wall s; compute CPU s) to each floor:", json.dumps(ratios))
    print(f"load average (1, 5, 15 min) before: {load_before}, after: {os.getloadavg()}")
    print("\n(k, classes) per run:", json.dumps({r.label: (r.get("k"), r.get("classes")) for r in runs}))
    for ra in runs:
        if ra.label.startswith("riskaudit") and ra.get("timings"):
            print(f"{ra.label} per step (s):", json.dumps(ra.get("timings")))
            if ra.get("spark_jobs"):
                print(
                    f"{ra.label} Spark jobs per step ({ra.get('spark_jobs_total')} in all):",
                    json.dumps(ra.get("spark_jobs")),
                )
            tree = ra.get("tree") or {}
            print(
                f"{ra.label} process tree: peak RSS MiB",
                json.dumps(tree.get("peak_rss_mib")),
                "CPU s",
                json.dumps(tree.get("cpu_s")),
            )
    shas = {r.label: r.get("results_sha256") for r in runs if r.get("results_sha256")}
    if shas:
        print("scorecard results identical across engines:", len(set(shas.values())) == 1)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "benchmark": "end_to_end",
                    "rows": args.rows,
                    "seed": args.seed,
                    "memory_limit": args.memory_limit,
                    "cores": os.cpu_count(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                    "ratios": ratios,
                    "note": args.note,
                    "runs": [
                        {
                            "label": r.label,
                            "wall_s": round(r.wall_s, 3),
                            "peak_rss_mib": round(r.peak_rss_mib, 1),
                            "returncode": r.returncode,
                            **{k: v for k, v in r.data.items()},
                        }
                        for r in runs
                    ],
                },
                indent=2,
                sort_keys=True,
                default=str,
            )
            + "\n"
        )
    return 0 if all(r.ok for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
