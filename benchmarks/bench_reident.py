"""Re-identification risk at scale: riskaudit's histogram, k, prosecutor risk, population-uniqueness
estimators and l-diversity against a bare DuckDB GROUP BY + histogram on the same Parquet (the floor),
and (with ``--peers``) against pycanon on Adult and on a 1,000,000-row table.

Data: ``benchmarks/data/equivalence_<rows>_seed<seed>.parquet`` (git-ignored), generated once, seeded, by
``bench_equivalence.generate``: five quasi-identifiers (zip3, birth_year, sex, race, ethnicity) and the
sensitive attribute ``diagnosis`` (50 values), plus three other columns.

Every step runs in its own fresh process (``_measure``): wall time, in-process compute time and peak RSS
(``ru_maxrss`` of the child). The goal is riskaudit's full step <= 2x the floor's wall time and < 2 GB.
pycanon pins old numpy/pandas, so ``--peers`` creates its own venv under ``benchmarks/.venvs/pycanon``
(git-ignored) with ``pip install pycanon``.

    python benchmarks/bench_reident.py                    # 50,000,000 rows
    python benchmarks/bench_reident.py --rows 5000000
    python benchmarks/bench_reident.py --rows 5000000 --peers yes
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _measure import measure_command, measure_python, table  # noqa: E402
from bench_equivalence import generate  # noqa: E402

QIS = ["zip3", "birth_year", "sex", "race", "ethnicity"]
SA = "diagnosis"

FLOOR = """
import time
import duckdb
con = duckdb.connect()
t = time.perf_counter()
rows = con.execute(
    "SELECT n, count(*) FROM (SELECT count(*) AS n FROM read_parquet(?) GROUP BY " + ", ".join(QIS) + ") GROUP BY n",
    [PATH],
).fetchall()
report(compute_s=time.perf_counter() - t, k=min(r[0] for r in rows), classes=sum(r[1] for r in rows))
"""

# what exact l-diversity needs from any engine: the (QIs, sensitive value) GROUP BY, then one row per class
FLOOR_LDIV = """
import time
import duckdb
con = duckdb.connect()
t = time.perf_counter()
q = ", ".join(QIS)
rows = con.execute(
    f"SELECT c, count(*), min(d) FROM (SELECT sum(n) AS c, count(*) AS d FROM (SELECT {q}, {SA}, count(*) AS n "
    f"FROM read_parquet(?) GROUP BY ALL) GROUP BY {q}) GROUP BY c",
    [PATH],
).fetchall()
report(compute_s=time.perf_counter() - t, k=min(r[0] for r in rows), classes=sum(r[1] for r in rows),
       l=min(r[2] for r in rows))
"""

RISKAUDIT = """
import time
from riskaudit.config import DatasetConfig, EngineConfig, ReidentConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.reident import scan_reident
t = time.perf_counter()
engine = connect(EngineConfig(memory_limit=MEMORY or None))
ds = open_dataset(PATH, DatasetConfig(), engine)
cfg = {"drivers": {"enabled": False}}
if MODE != "basic":
    cfg["sampling_fraction"] = 0.01
    cfg["diversity"] = {"closeness": MODE == "closeness"}
res = scan_reident(engine, ds.table, QIS, ReidentConfig.model_validate(cfg), sensitive=[SA] if MODE != "basic" else None)
out = dict(compute_s=time.perf_counter() - t, k=res.k, classes=res.classes)
if MODE != "basic":
    out["l"] = res.l_diversity[SA].distinct_l
    out["population_uniqueness"] = res.population_uniqueness.estimate
    out["model"] = res.population_uniqueness.model
engine.close()
report(**out)
"""

PYCANON = """
import time
import pandas as pd
from pycanon import anonymity
df = pd.read_csv(CSV, skipinitialspace=True)
t = time.perf_counter()
k = anonymity.k_anonymity(df, QIS)
tk = time.perf_counter() - t
l = anonymity.l_diversity(df, QIS, [SA])
report(compute_s=time.perf_counter() - t, k_s=tk, k=int(k), l=int(l))
"""

RISKAUDIT_CSV = """
import time
from riskaudit.config import DatasetConfig, ReidentConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.reident import scan_reident
t = time.perf_counter()
engine = connect()
ds = open_dataset(CSV, DatasetConfig(), engine)
res = scan_reident(engine, ds.table, QIS, ReidentConfig.model_validate({"drivers": {"enabled": False}}), sensitive=[SA])
report(compute_s=time.perf_counter() - t, k=res.k, l=res.l_diversity[SA].distinct_l)
engine.close()
"""


def _code(template: str, **consts) -> str:
    head = "".join(f"{k} = {v!r}\n" for k, v in consts.items())
    return head + template


def pycanon_python() -> Path:
    venv = HERE / ".venvs" / "pycanon"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "pycanon"], check=True)
    return py


def peers(parquet: Path, memory: str | None) -> None:
    py = pycanon_python()
    shared = Path(os.environ.get("RISKAUDIT_SHARED", ROOT.parent / "shared")) / "data"
    cases = []
    adult = shared / "pycanon" / "adult_raw.csv"
    if adult.exists():
        cases.append(
            (
                "Adult (32,561 rows)",
                adult,
                ["age", "education", "occupation", "relationship", "sex", "native-country"],
                "salary-class",
            )
        )
    else:
        print(f"(skipping Adult: {adult} is absent)")
    big = HERE / "data" / "reident_1m.csv"
    if not big.exists():
        import duckdb

        duckdb.sql(
            f"COPY (SELECT {', '.join(QIS)}, {SA} FROM read_parquet('{parquet}') LIMIT 1000000) TO '{big}' (HEADER)"
        )
    cases.append(("generated (1,000,000 rows)", big, QIS, SA))
    for name, csv, qis, sa in cases:
        ra = measure_python(_code(RISKAUDIT_CSV, CSV=str(csv), QIS=qis, SA=sa), "riskaudit k + l-diversity")
        pc = measure_command(
            [
                str(py),
                "-c",
                __import__("_measure").PRELUDE + "\n" + _code(PYCANON, CSV=str(csv), QIS=qis, SA=sa),
            ],
            "pycanon k + l-diversity",
        )
        print(f"\n### {name}: k and distinct l-diversity\n")
        for m in (ra, pc):
            if not m.ok:
                print(f"{m.label} failed:\n{m.stderr[-2000:]}")
        if ra.ok and pc.ok:
            print(table([ra, pc], floor="riskaudit k + l-diversity"))
            print(
                f"\nresults agree: k {ra.get('k')} vs {pc.get('k')}, l {ra.get('l')} vs {pc.get('l')}; "
                f"pycanon / riskaudit wall = {pc.wall_s / ra.wall_s:.2f}x, compute = "
                f"{pc.get('compute_s') / ra.get('compute_s'):.2f}x"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=50_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--memory-limit", default=None, help="DuckDB memory_limit for riskaudit (e.g. 1GB)")
    ap.add_argument(
        "--peers",
        choices=["auto", "yes", "no"],
        default="auto",
        help="also run pycanon on Adult and on 1M rows (own venv under benchmarks/.venvs); "
        "auto: when --rows <= 1,000,000, so run_all.py measures it once",
    )
    args = ap.parse_args()
    args.peers = args.peers == "yes" or (args.peers == "auto" and args.rows <= 1_000_000)
    path = HERE / "data" / f"equivalence_{args.rows}_seed{args.seed}.parquet"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.rows, args.seed)
    print(
        f"{args.rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB parquet; {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; python {platform.python_version()}\n"
    )
    consts = dict(PATH=str(path), QIS=QIS, SA=SA, MEMORY=args.memory_limit)
    runs = [
        measure_python(_code(FLOOR, **consts), "duckdb GROUP BY + histogram (floor)"),
        measure_python(
            _code(FLOOR_LDIV, **consts), "duckdb (QIs, SA) GROUP BY -> classes, distinct l (l-div floor)"
        ),
        measure_python(_code(RISKAUDIT, MODE="basic", **consts), "riskaudit histogram, k, prosecutor"),
        measure_python(_code(RISKAUDIT, MODE="full", **consts), "riskaudit + estimators + l-diversity"),
        measure_python(
            _code(RISKAUDIT, MODE="closeness", **consts),
            "riskaudit + estimators + l-div + t-closeness + delta",
        ),
    ]
    bad = [r for r in runs if not r.ok]
    for r in bad:
        print(f"{r.label} failed:\n{r.stderr[-3000:]}")
    if bad:
        return 1
    print(table(runs, floor="duckdb GROUP BY + histogram (floor)"))
    ks = {r.label: (r.get("k"), r.get("classes")) for r in runs}
    print("\n(k, classes) per run:", json.dumps(ks))
    full, ldiv_floor = runs[3], runs[1]
    print(
        f"full run: distinct l = {full.get('l')}, population uniqueness = {full.get('population_uniqueness')} ({full.get('model')})"
    )
    ratio = full.wall_s / runs[0].wall_s
    cratio = full.get("compute_s") / runs[0].get("compute_s")
    print(
        f"\ngoal (histogram, k, prosecutor, estimators, l-diversity): compute {cratio:.2f}x the floor "
        f"{'OK' if cratio <= 2 else 'MISSED'}; wall incl. interpreter start and imports {ratio:.2f}x; "
        f"peak RSS {full.peak_rss_mib:.0f} MiB {'OK' if full.peak_rss_mib < 2048 else 'MISSED'} (< 2048)"
    )
    basic = runs[2].get("compute_s") / runs[0].get("compute_s")
    print(
        f"histogram, k, prosecutor alone: compute {basic:.2f}x the floor {'OK' if basic <= 2 else 'MISSED'}; "
        f"exact l-diversity needs the (QIs, SA) GROUP BY, which bare DuckDB runs in "
        f"{ldiv_floor.get('compute_s') / runs[0].get('compute_s'):.2f}x the floor; riskaudit's full step is "
        f"{full.get('compute_s') / ldiv_floor.get('compute_s'):.2f}x that bare query "
        f"({ldiv_floor.peak_rss_mib:.0f} MiB peak there)"
    )
    if len({v for v in ks.values()}) != 1:
        print("error: runs disagree on (k, classes)")
        return 1
    if args.peers:
        peers(path, args.memory_limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
