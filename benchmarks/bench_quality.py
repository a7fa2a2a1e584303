"""The data-quality scan at 1M / 10M / 50M rows: riskaudit against the floor (bare DuckDB queries for the same
aggregates) and ydata-profiling (in its own venv, where it finishes).

Generates (once, seeded, numpy + pyarrow) ``benchmarks/data/quality_<rows>_seed<seed>.parquet``: 8 columns
(``age`` int, ``city`` text with case/whitespace/punctuation variants, ``score`` float, ``when`` date, ``code``
text that is mostly integers with some words and dates, ``note`` text with 10% NULL, ``amount`` float with
-1 sentinels, ``y`` a label) and 5% of rows repeated, 1% near-repeated. Each contender runs in its own fresh
process (wall time includes imports; peak RSS is that process's high-water mark); in-process timings per part:

* ``duckdb-floor``: ``dups`` = ``SELECT count(*), sum(n) FROM (SELECT <every column>, count(*) n FROM t GROUP BY ALL HAVING n > 1)`` over every
  column (rows in groups and groups); ``missing`` = one aggregate of count(c), count(DISTINCT c) per column and
  rows with any NULL; ``near`` = the same GROUP BY over lower/regexp_replace/trim/round keys; ``mixed`` = per text
  column count and sums of regexp_matches (the same integer, decimal and date patterns as riskaudit); ``constraints`` = per constrained column sums of the
  violation predicates. Counts only, no row numbers.
* ``riskaudit``: ``scan_quality`` with outliers and 1:1 pairs off (the floor has no counterpart) split in the same
  parts: ``dups`` + ``missing`` (the scan with near duplicates, mixed types and constraints off; it also lists the
  largest groups' row numbers and the missingness patterns), then ``near``, ``mixed``, ``constraints`` on their own
  (constraints list the first 20 violating row numbers).
* ``ydata-profiling``: ``ProfileReport(df, minimal=True)`` on ``pd.read_parquet`` (its duplicates, missing counts
  and alerts; it has no near duplicates, mixed types or constraints) in ``/tmp/ydp-venv``
  (``python -m venv /tmp/ydp-venv && /tmp/ydp-venv/bin/pip install ydata-profiling pyarrow``), under a time limit.

The floor's and riskaudit's duplicate, near-duplicate, mixed-type and violation counts must agree, or the script
exits 1 (ydata-profiling's duplicate count is printed next to them).

    python benchmarks/bench_quality.py --rows 1000000
    python benchmarks/bench_quality.py --rows 10000000 --skip-ydata
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import PRELUDE, Measurement, measure_command, measure_python, median_of, table

DATA = Path(__file__).resolve().parent / "data"
RESULTS = Path(__file__).resolve().parent / "results"
YDP = Path("/tmp/ydp-venv/bin/python")
CITIES = [
    "Springfield",
    "Rivertown",
    "Lakeside",
    "Hill Valley",
    "Oak Park",
    "St. Mary",
    "Northfield",
    "Fairview",
]


def generate(rows: int, seed: int) -> Path:
    path = DATA / f"quality_{rows}_seed{seed}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    tmp = path.with_suffix(".parquet.tmp")
    chunk = 1_000_000
    writer = None
    variants = np.array(
        [
            *CITIES,
            *[c.upper() for c in CITIES],
            *[f" {c.lower()} " for c in CITIES],
            *[c.replace(" ", "  ") + "." for c in CITIES],
        ],
        dtype=object,
    )
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        fresh = int(n * 0.94)
        age = rng.integers(17, 91, fresh)
        city = variants[rng.integers(0, len(CITIES), fresh)]
        score = np.round(rng.normal(50, 15, fresh), 4)
        when = (np.datetime64("2015-01-01") + rng.integers(0, 3650, fresh)).astype("datetime64[D]")
        codes = rng.integers(0, 10**6, fresh).astype(str).astype(object)
        k = rng.random(fresh)
        codes[k < 0.01] = "n/a"
        codes[(k >= 0.01) & (k < 0.015)] = "2020-06-30"
        note = np.array([f"note {i % 5000}" for i in rng.integers(0, 10**6, fresh)], dtype=object)
        note[rng.random(fresh) < 0.1] = None
        amount = np.round(rng.exponential(100, fresh), 2)
        amount[rng.random(fresh) < 0.02] = -1.0
        y = np.where(rng.random(fresh) < 0.3, "yes", "no").astype(object)
        cols = [age, city, score, when, codes, note, amount, y]
        rep = rng.integers(
            0, fresh, n - fresh
        )  # 5% exact repeats, 1% near repeats (city variant, score +-0.001)
        near = rep[: (n - fresh) // 6]
        out = []
        for j, c in enumerate(cols):
            extra = c[rep].copy()
            if j == 1:
                extra[: len(near)] = np.array([str(v).upper() for v in extra[: len(near)]], dtype=object)
            if j == 2:
                extra[: len(near)] = np.round(extra[: len(near)] + 0.001, 4)
            out.append(np.concatenate([c, extra]))
        t = pa.table(
            {
                "age": pa.array(out[0], pa.int64()),
                "city": pa.array(out[1], pa.string()),
                "score": pa.array(out[2], pa.float64()),
                "when": pa.array(out[3], pa.date32()),
                "code": pa.array(out[4], pa.string()),
                "note": pa.array(out[5], pa.string()),
                "amount": pa.array(out[6], pa.float64()),
                "y": pa.array(out[7], pa.string()),
            }
        )
        if writer is None:
            writer = pq.ParquetWriter(tmp, t.schema)
        writer.write_table(t)
    assert writer is not None
    writer.close()
    tmp.replace(path)
    return path


CONSTRAINTS = {
    "age": {"min": 18, "max": 90},
    "score": {"min": 0, "max": 100},
    "y": {"allowed": ["yes", "no"]},
    "code": {"regex": "^[0-9]+$"},
}

FLOOR = r"""
import time, duckdb
t_all = time.perf_counter()
con = duckdb.connect()
{memset}
con.execute("CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
cols = [r[0] for r in con.execute("DESCRIBE t").fetchall()]
q = lambda c: '"' + c + '"'
out = {{}}
t0 = time.perf_counter()
sel = ", ".join(q(c) for c in cols)
g, r = con.execute(f"SELECT count(*), sum(n) FROM (SELECT {{sel}}, count(*) n FROM t GROUP BY ALL HAVING count(*) > 1)").fetchone()
out['dup_rows'] = int(r) - int(g); out['dups_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
aggs = ", ".join(f"count({{q(c)}}), count(DISTINCT {{q(c)}})" for c in cols)
anyn = " OR ".join(f"{{q(c)}} IS NULL" for c in cols)
con.execute(f"SELECT {{aggs}}, sum(CASE WHEN {{anyn}} THEN 1 ELSE 0 END) FROM t").fetchone()
out['missing_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
def nk(c, typ):
    if typ == 'VARCHAR':
        return f"trim(regexp_replace(regexp_replace(lower({{q(c)}}), '[!-/:-@\\[-`{{{{-~]', '', 'g'), '[ \\t\\n\\r\\f\\x0B]+', ' ', 'g'))"
    if typ == 'DOUBLE':
        return f"round({{q(c)}}, 2)"
    return q(c)
types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE t)").fetchall())
keys = ", ".join(nk(c, types[c]) for c in cols)
g, r = con.execute(f"SELECT count(*), sum(n) FROM (SELECT count(*) n FROM t GROUP BY {{keys}} HAVING count(*) > 1)").fetchone()
out['near_rows'] = int(r) - int(g); out['near_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
text = [c for c in cols if types[c] == 'VARCHAR']
parts = []
for c in text:
    v = f"trim({{q(c)}})"
    parts += [f"count({{q(c)}})", f"sum(CASE WHEN regexp_matches({{v}}, '{int_re}') THEN 1 ELSE 0 END)",
              f"sum(CASE WHEN regexp_matches({{v}}, '{dec_re}') THEN 1 ELSE 0 END)",
              f"sum(CASE WHEN regexp_matches({{v}}, '{date_re}') AND TRY_CAST(substr({{v}}, 1, 10) AS DATE) IS NOT NULL THEN 1 ELSE 0 END)"]
mix = con.execute(f"SELECT {{', '.join(parts)}} FROM t").fetchone()
out['code_integer'] = int(mix[4 * text.index('code') + 1]); out['mixed_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
viol = con.execute("SELECT sum(CASE WHEN age < 18 OR age > 90 THEN 1 ELSE 0 END), sum(CASE WHEN score < 0 OR score > 100 THEN 1 ELSE 0 END), "
                   "sum(CASE WHEN y NOT IN ('yes', 'no') THEN 1 ELSE 0 END), sum(CASE WHEN NOT regexp_matches(code, '^[0-9]+$') THEN 1 ELSE 0 END) FROM t").fetchone()
out['violations'] = [int(x or 0) for x in viol]; out['constraints_s'] = time.perf_counter() - t0
out['compute_s'] = time.perf_counter() - t_all
report(**out)
"""

RISKAUDIT = """
import time
t0 = time.perf_counter()
from riskaudit.config import AuditConfig, QualityConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
from riskaudit.quality import scan_quality
from riskaudit.quality._expect import mixed_types, constraint_violations
from riskaudit.quality._scan import _near_duplicates
imp = time.perf_counter() - t0
t_all = time.perf_counter()
e = connect()
ds = open_dataset('{path}', AuditConfig().dataset, e)
cfg = QualityConfig(outliers=False, max_redundant_pairs=0, near_duplicates=False, mixed_types=False)
out = {{}}
t0 = time.perf_counter()
r = scan_quality(e, ds.table, cfg, rows=ds.rows)
out['dups_missing_s'] = time.perf_counter() - t0
out['dup_rows'] = r.duplicates.duplicate_rows
t0 = time.perf_counter()
near = _near_duplicates(e, ds.table, list(ds.table.columns), ds.rows, r.duplicates.duplicate_rows, QualityConfig(), 'riskaudit')
out['near_rows'] = near.duplicate_rows; out['near_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
mt = mixed_types(e, ds.table, list(ds.table.columns))
out['code_integer'] = mt['code'].integer if 'code' in mt else None; out['mixed_s'] = time.perf_counter() - t0
t0 = time.perf_counter()
qc = QualityConfig.model_validate({{'constraints': {constraints}}})
cv = constraint_violations(e, ds.table, qc.constraints, ds.rows, 20, 'data')
out['violations'] = [cv[c].violating_rows for c in ('age', 'score', 'y', 'code')]; out['constraints_s'] = time.perf_counter() - t0
out['compute_s'] = time.perf_counter() - t_all
report(import_s=imp, **out)
"""

YDATA = """
import time, warnings
warnings.filterwarnings('ignore')
t0 = time.perf_counter()
import pandas as pd
from ydata_profiling import ProfileReport
imp = time.perf_counter() - t0
t_all = time.perf_counter()
df = pd.read_parquet('{path}')
load = time.perf_counter() - t_all
p = ProfileReport(df, minimal=True, progress_bar=False, duplicates={{'head': 10}})
d = p.get_description()
n_dup = d.table.get('n_duplicates')
report(compute_s=time.perf_counter() - t_all, load_s=load, import_s=imp, dup_rows=int(n_dup) if n_dup is not None else None,
       alerts=len(d.alerts))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-ydata", action="store_true")
    ap.add_argument(
        "--bounded-floor",
        action="store_true",
        help="also run the floor under riskaudit's default memory bound (its GROUP BYs then spill too)",
    )
    ap.add_argument(
        "--only-ydata",
        action="store_true",
        help="run ydata-profiling alone (its figures next to an earlier run's)",
    )
    ap.add_argument(
        "--ydata-timeout", type=int, default=1800, help="seconds before ydata-profiling is stopped"
    )
    args = ap.parse_args()
    path = generate(args.rows, args.seed)
    print(f"data: {path} ({path.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows)")
    from riskaudit.quality._expect import DATE_RE, DECIMAL_RE, INTEGER_RE

    esc = {
        k: v.replace("{", "{{{{").replace("}", "}}}}")
        for k, v in (("int_re", INTEGER_RE), ("dec_re", DECIMAL_RE), ("date_re", DATE_RE))
    }
    contenders = [
        ("duckdb-floor", FLOOR.format(path=path.as_posix(), memset="", **esc)),
        ("riskaudit", RISKAUDIT.format(path=path.as_posix(), constraints=json.dumps(CONSTRAINTS))),
    ]
    if args.bounded_floor:
        # the floor under the memory bound riskaudit picks by default (engine/_memory.py), spilling as riskaudit does
        from riskaudit.engine._memory import default_memory_limit

        limit = f"{default_memory_limit() // 2**20}MiB"
        contenders.append(
            (
                f"duckdb-floor ({limit})",
                FLOOR.format(
                    path=path.as_posix(), memset=f"con.execute(\"SET memory_limit = '{limit}'\")", **esc
                ),
            )
        )
    if args.only_ydata:
        m = measure_command(
            [
                "timeout",
                str(args.ydata_timeout),
                str(YDP),
                "-c",
                PRELUDE + "\n" + YDATA.format(path=path.as_posix()),
            ],
            "ydata-profiling",
        )
        print(
            f"ydata-profiling: exit {m.returncode}, wall {m.wall_s:.1f} s, peak RSS {m.peak_rss_mib:.0f} MiB, {m.data}"
        )
        (RESULTS / f"quality_{args.rows}_ydata.json").write_text(
            json.dumps(
                {
                    "rows": args.rows,
                    "returncode": m.returncode,
                    "wall_s": round(m.wall_s, 2),
                    "peak_rss_mib": round(m.peak_rss_mib),
                    **{k: v for k, v in m.data.items() if k != "vmhwm_mib"},
                },
                indent=1,
                default=str,
            )
            + "\n",
            encoding="utf-8",
        )
        return 0 if m.ok else 1
    runs: dict[str, list[Measurement]] = {name: [] for name, _ in contenders}
    for _ in range(args.repeat):
        for name, code in contenders:
            m = measure_python(code, name)
            if not m.ok:
                print(f"{name} failed:\n{m.stderr[-3000:]}")
                return 1
            runs[name].append(m)
    meds = [median_of(runs[name]) for name, _ in contenders]
    ydp = None
    if not args.skip_ydata and YDP.exists():
        ydp = measure_command(
            [
                "timeout",
                str(args.ydata_timeout),
                str(YDP),
                "-c",
                PRELUDE + "\n" + YDATA.format(path=path.as_posix()),
            ],
            "ydata-profiling",
        )
        if ydp.ok:
            meds.append(ydp)
        else:
            why = (
                "timed out"
                if ydp.returncode == 124
                else f"exit {ydp.returncode}: {ydp.stderr.strip().splitlines()[-1:]}"
            )
            print(
                f"ydata-profiling did not finish ({why}) after {ydp.wall_s:.0f} s, peak RSS {ydp.peak_rss_mib:.0f} MiB"
            )
    print(table(meds, floor="duckdb-floor"))
    fl, ra = meds[0], meds[1]
    parts = [
        ("dups+missing", fl.get("dups_s") + fl.get("missing_s"), ra.get("dups_missing_s")),
        ("near", fl.get("near_s"), ra.get("near_s")),
        ("mixed", fl.get("mixed_s"), ra.get("mixed_s")),
        ("constraints", fl.get("constraints_s"), ra.get("constraints_s")),
    ]
    print("| part | floor s | riskaudit s | ratio |\n|---|---|---|---|")
    for name, a, b in parts:
        print(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    for bf in meds[2 : len(contenders)]:
        print(f"| part | {bf.label} s | riskaudit s | ratio |\n|---|---|---|---|")
        for name, a, b in (
            ("dups+missing", bf.get("dups_s") + bf.get("missing_s"), ra.get("dups_missing_s")),
            ("near", bf.get("near_s"), ra.get("near_s")),
            ("mixed", bf.get("mixed_s"), ra.get("mixed_s")),
            ("constraints", bf.get("constraints_s"), ra.get("constraints_s")),
        ):
            print(f"| {name} | {a:.2f} | {b:.2f} | {b / a:.2f}x |")
    agree = {k: (fl.get(k), ra.get(k)) for k in ("dup_rows", "near_rows", "code_integer", "violations")}
    print(
        "counts (floor, riskaudit):",
        agree,
        "ydata-profiling duplicates:",
        ydp.get("dup_rows") if ydp and ydp.ok else "-",
    )
    RESULTS.mkdir(exist_ok=True)
    rec = {
        "rows": args.rows,
        "runs": [
            {
                "label": m.label,
                "wall_s": round(m.wall_s, 2),
                "peak_rss_mib": round(m.peak_rss_mib),
                **{k: v for k, v in m.data.items() if k != "vmhwm_mib"},
            }
            for m in meds
        ],
        "ydata_profiling": "finished"
        if ydp is not None and ydp.ok
        else ("skipped" if ydp is None else "did not finish"),
    }
    (RESULTS / f"quality_{args.rows}.json").write_text(
        json.dumps(rec, indent=1, default=str) + "\n", encoding="utf-8"
    )
    if any(a != b for a, b in agree.values()):
        print("floor and riskaudit disagree")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
