"""Equivalence classes at 5,000,000 rows: riskaudit against a bare DuckDB GROUP BY (the floor) and pandas.

Generates (once, seeded, numpy + pyarrow) ``benchmarks/data/equivalence_<rows>_seed<seed>.parquet`` with
five quasi-identifiers (zip3, birth_year, sex, race, ethnicity) and three other columns, shaped like the
data in ``../shared/reference/engines-and-layout.md`` §2, then runs each contender in its own fresh
process, interleaved, ``--repeat`` times, and prints medians of wall time (process start to exit,
imports included), in-process compute time and peak RSS, with ratios against the floor. Every
contender's class-size histogram must be identical, or the script exits 1.

    python benchmarks/bench_equivalence.py                 # 5M rows, 3 repetitions
    python benchmarks/bench_equivalence.py --rows 500000 --repeat 1
    python benchmarks/bench_equivalence.py --with-drivers  # also the audit's default reident config
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import Measurement, measure_python, median_of, table  # noqa: E402

QIS = ["zip3", "birth_year", "sex", "race", "ethnicity"]


def generate(path: Path, rows: int, seed: int) -> None:
    """Seeded synthetic people: skewed ZIP3 (890 values, weight 1/rank^0.8), 80 birth years, 3 sexes..."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    zips = rng.permutation(np.arange(10, 1000))[:890].astype(np.int16)
    zw = 1.0 / np.arange(1, 891) ** 0.8
    years = np.arange(1930, 2010, dtype=np.int16)
    yw = np.exp(-0.5 * ((years - 1975) / 18.0) ** 2)

    def cat(values: list[str], p: list[float], n: int) -> pa.Array:
        idx = rng.choice(len(values), size=n, p=np.array(p) / sum(p)).astype(np.int8)
        return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(values)).cast(pa.string())

    schema = None
    writer = None
    chunk = 1_000_000
    try:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            batch = pa.table(
                {
                    "zip3": pa.array(rng.choice(zips, size=n, p=zw / zw.sum())),
                    "birth_year": pa.array(rng.choice(years, size=n, p=yw / yw.sum())),
                    "sex": cat(["F", "M", "X"], [0.495, 0.495, 0.01], n),
                    "race": cat(
                        ["White", "Black", "Asian", "American Indian", "Pacific Islander", "Other"],
                        [0.60, 0.13, 0.06, 0.01, 0.005, 0.195],
                        n,
                    ),
                    "ethnicity": cat(["Hispanic", "Not Hispanic"], [0.18, 0.82], n),
                    "marital_status": cat(
                        ["single", "married", "divorced", "widowed", "separated"], [4, 5, 1.5, 1, 0.5], n
                    ),
                    "education": pa.array(rng.integers(1, 9, size=n, dtype=np.int8)),
                    "diagnosis": cat([f"D{i:02d}" for i in range(50)], list(1.0 / np.arange(1, 51)), n),
                }
            )
            if writer is None:
                schema = batch.schema
                writer = pq.ParquetWriter(tmp, schema, compression="zstd")
            writer.write_table(batch, row_group_size=chunk)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(path)


HIST = "hist = {str(int(k)): int(v) for k, v in sorted(hist.items())}"

FLOOR = (
    """
import time
t0 = time.perf_counter()
import duckdb
imp = time.perf_counter() - t0
con = duckdb.connect()
if THREADS: con.execute(f"SET threads = {THREADS}")
t = time.perf_counter()
rows = con.execute(
    "SELECT n, count(*) FROM (SELECT count(*) AS n FROM read_parquet(?) GROUP BY " + ", ".join(QIS) + ") GROUP BY n",
    [PATH],
).fetchall()
compute = time.perf_counter() - t
hist = dict(rows)
"""
    + HIST
    + """
report(compute_s=compute, import_s=imp, hist=hist)
"""
)

RISKAUDIT = (
    """
import time
t0 = time.perf_counter()
from riskaudit.config import DatasetConfig, EngineConfig, ReidentConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.reident import class_size_histogram, scan_reident
imp = time.perf_counter() - t0
t = time.perf_counter()
engine = connect(EngineConfig(threads=THREADS or None))
ds = open_dataset(PATH, DatasetConfig(), engine)
opened = time.perf_counter() - t
if MODE == "histogram":
    hist = class_size_histogram(engine, ds.table, QIS)
elif MODE == "scan":
    res = scan_reident(engine, ds.table, QIS, ReidentConfig.model_validate({"drivers": {"enabled": False}}))
    hist = res.class_size_histogram
else:
    res = scan_reident(engine, ds.table, QIS, ReidentConfig())
    hist = res.class_size_histogram
compute = time.perf_counter() - t
engine.close()
"""
    + HIST
    + """
report(compute_s=compute, open_s=opened, import_s=imp, hist=hist)
"""
)

PANDAS = (
    """
import time
t0 = time.perf_counter()
import pandas as pd
imp = time.perf_counter() - t0
t = time.perf_counter()
df = pd.read_parquet(PATH, columns=QIS)
read = time.perf_counter() - t
sizes = df.groupby(QIS, sort=False, observed=True, dropna=False).size()
hist = sizes.value_counts().to_dict()
compute = time.perf_counter() - t
"""
    + HIST
    + """
report(compute_s=compute, read_s=read, import_s=imp, hist=hist)
"""
)


def snippet(body: str, path: Path, threads: int, mode: str = "") -> str:
    head = f"PATH = {str(path)!r}\nQIS = {QIS!r}\nTHREADS = {threads!r}\nMODE = {mode!r}\n"
    return head + body


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--threads",
        type=int,
        default=0,
        help="DuckDB threads for the floor and riskaudit (0 = DuckDB's default)",
    )
    ap.add_argument(
        "--with-drivers",
        action="store_true",
        help="also time scan_reident with the default config (uniqueness drivers)",
    )
    ap.add_argument("--json", type=Path, help="also write the medians here")
    args = ap.parse_args(argv)

    path = HERE / "data" / f"equivalence_{args.rows}_seed{args.seed}.parquet"
    if not path.exists():
        t = time.perf_counter()
        generate(path, args.rows, args.seed)
        print(
            f"generated {path} ({path.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - t:.1f} s",
            file=sys.stderr,
        )

    contenders = [
        ("duckdb GROUP BY (floor)", snippet(FLOOR, path, args.threads)),
        ("riskaudit class_size_histogram", snippet(RISKAUDIT, path, args.threads, "histogram")),
        ("riskaudit scan_reident", snippet(RISKAUDIT, path, args.threads, "scan")),
        ("pandas groupby", snippet(PANDAS, path, args.threads)),
    ]
    if args.with_drivers:
        contenders.append(
            ("riskaudit scan_reident + drivers", snippet(RISKAUDIT, path, args.threads, "full"))
        )
    env = dict(os.environ)
    src = str(HERE.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    runs: dict[str, list[Measurement]] = {label: [] for label, _ in contenders}
    for i in range(args.repeat):
        for label, code in contenders:  # interleaved, so drift on a shared machine hits everyone alike
            m = measure_python(code, label, env=env)
            if not m.ok:
                print(f"{label} failed (exit {m.returncode}):\n{m.stderr[-2000:]}", file=sys.stderr)
                return 2
            runs[label].append(m)
            print(
                f"  run {i + 1}/{args.repeat} {label}: {m.wall_s:.2f} s wall, {m.get('compute_s'):.2f} s compute, "
                f"{m.peak_rss_mib:.0f} MiB",
                file=sys.stderr,
            )
    med = [median_of(rs) for rs in runs.values()]

    hists = {m.label: m.get("hist") for m in med}
    reference = hists["duckdb GROUP BY (floor)"]
    agree = all(h == reference for h in hists.values())
    classes = sum(reference.values())
    records = sum(int(s) * c for s, c in reference.items())
    small = sum(int(s) * c for s, c in reference.items() if int(s) < 5)

    print(f"# Equivalence classes over {len(QIS)} quasi-identifiers ({', '.join(QIS)})\n")
    print(
        f"{records:,} rows, {classes:,} classes, {reference.get('1', 0):,} sample uniques, "
        f"{small:,} records in classes < 5; histograms identical across contenders: {'yes' if agree else 'NO'}"
    )
    print(
        f"file {path.name} ({path.stat().st_size / 2**20:.1f} MiB); python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, median of {args.repeat} fresh processes each; wall includes interpreter start "
        "and imports; compute = open + group-by + histogram in-process\n"
    )
    print(table(med, floor="duckdb GROUP BY (floor)"))
    extra = []
    for m in med:
        parts = [f"import {m.get('import_s'):.2f} s"]
        if m.get("open_s") is not None:
            parts.append(f"open_dataset {m.get('open_s'):.2f} s")
        if m.get("read_s") is not None:
            parts.append(f"read_parquet {m.get('read_s'):.2f} s")
        extra.append(f"- {m.label}: " + ", ".join(parts))
    print("\n" + "\n".join(extra))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "rows": records,
            "classes": classes,
            "agree": agree,
            "file": path.name,
            "runs": [
                {
                    "label": m.label,
                    "wall_s": m.wall_s,
                    "peak_rss_mib": m.peak_rss_mib,
                    **{k: v for k, v in m.data.items() if k != "hist"},
                }
                for m in med
            ],
        }
        args.json.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
