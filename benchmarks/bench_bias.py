"""Group rates at 10,000,000 rows: riskaudit's bias scan against fairlearn MetricFrame on the full pandas frame,
and the floor (one bare DuckDB GROUP BY over the same Parquet file).

Generates (once, seeded, numpy + pyarrow) ``benchmarks/data/bias_<rows>_seed<seed>.parquet`` with three
protected attributes (sex with ~1% missing, race with 6 categories + ~2% missing, age band with 6 bands),
a binary label and a binary prediction whose rates depend on the attributes. Each contender runs in its own
fresh process (wall time includes imports; peak RSS is that process's high-water mark):

* ``duckdb-floor``: one GROUP BY sex, race, age_band, label, prediction -> counts (what any tool must read).
* ``riskaudit``: ``scan_bias`` for the 3 attributes and their 4 intersections: counts, base rates, impact ratios,
  parity differences, tests, 200-resample bootstrap intervals, and TPR/FPR/FNR/selection-rate model metrics
  (proxies and missingness off: they are not group rates).
* ``fairlearn``: ``pd.read_parquet`` of the three attributes + label + prediction, then 7 MetricFrames
  (3 attributes, 3 pairs, 1 triple) with count, base rate (selection_rate of the label), selection rate, TPR and
  FPR of the prediction, no bootstrap (fairlearn's row bootstrap at this size would take hours).

Every contender's group counts for the triple intersection must agree, or the script exits 1.

    python benchmarks/bench_bias.py                    # 10M rows, 1 repetition
    python benchmarks/bench_bias.py --rows 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import measure_python, median_of, table

DATA = Path(__file__).resolve().parent / "data"
RACES = ["White", "Black", "Asian", "Hispanic", "Native American", "Two or More"]
RACE_P = [0.55, 0.2, 0.08, 0.12, 0.02, 0.03]
BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]


def generate(rows: int, seed: int) -> Path:
    path = DATA / f"bias_{rows}_seed{seed}.parquet"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    tmp = path.with_suffix(".parquet.tmp")
    chunk = 1_000_000
    writer = None
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        sex_i = rng.choice(3, n, p=[0.495, 0.495, 0.01])  # 2 = missing
        race_i = rng.choice(len(RACES) + 1, n, p=[*(np.array(RACE_P) * 0.98), 0.02])
        band_i = rng.choice(len(BANDS), n)
        logit = -1.2 + 0.5 * (sex_i == 1) - 0.4 * (race_i == 1) + 0.1 * band_i
        p = 1 / (1 + np.exp(-logit))
        label = (rng.random(n) < p).astype(np.int8)
        pred = (rng.random(n) < np.clip(p + 0.1 * (race_i == 0) - 0.05, 0, 1)).astype(np.int8)
        sex = pa.array(np.array(["F", "M", None], dtype=object)[sex_i], pa.string())
        race = pa.array(np.array([*RACES, None], dtype=object)[race_i], pa.string())
        band = pa.array(np.array(BANDS, dtype=object)[band_i], pa.string())
        t = pa.table({"sex": sex, "race": race, "age_band": band, "label": label, "prediction": pred})
        if writer is None:
            writer = pq.ParquetWriter(tmp, t.schema)
        writer.write_table(t)
    assert writer is not None
    writer.close()
    tmp.replace(path)
    return path


FLOOR = """
import time, duckdb
t0 = time.perf_counter()
con = duckdb.connect()
df = con.execute("SELECT coalesce(sex,'Unknown') s, coalesce(race,'Unknown') r, age_band a, label, prediction, count(*) n "
                 "FROM read_parquet('{path}') GROUP BY ALL").df()
g = df.groupby(['s', 'r', 'a'])['n'].sum()
report(compute_s=time.perf_counter() - t0, groups=int(len(g)), checksum=sorted(int(x) for x in g.to_numpy())[:5])
"""

RISKAUDIT = """
import time
t0 = time.perf_counter()
from riskaudit.bias import scan_bias
from riskaudit.config import AuditConfig, BiasConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import connect
imp = time.perf_counter() - t0
t0 = time.perf_counter()
e = connect()
ds = open_dataset('{path}', AuditConfig().dataset, e)
res = scan_bias(e, ds.table, ['sex', 'race', 'age_band'], BiasConfig(n_boot=200, seed=0), label='label', positive='1',
                prediction='prediction', rows=ds.rows, proxies=False, missingness=False)
comp = time.perf_counter() - t0
tri = next(a for a in res.attributes if len(a.columns) == 3)
report(compute_s=comp, import_s=imp, groups=len(tri.groups), checksum=sorted(g.n for g in tri.groups)[:5],
       attributes=len(res.attributes))
"""

FAIRLEARN = """
import time
t0 = time.perf_counter()
import pandas as pd
from fairlearn.metrics import MetricFrame, count, selection_rate, true_positive_rate, false_positive_rate
imp = time.perf_counter() - t0
t0 = time.perf_counter()
df = pd.read_parquet('{path}')
for c in ['sex', 'race']:
    df[c] = df[c].fillna('Unknown')
for c in ['sex', 'race', 'age_band']:
    df[c] = df[c].astype('category')
load = time.perf_counter() - t0
t0 = time.perf_counter()
sets = [['sex'], ['race'], ['age_band'], ['sex', 'race'], ['sex', 'age_band'], ['race', 'age_band'], ['sex', 'race', 'age_band']]
def base_rate(y_true, y_pred):
    return y_true.mean()
for s in sets:
    mf = MetricFrame(metrics={{'n': count, 'base_rate': base_rate, 'sel': selection_rate, 'tpr': true_positive_rate,
                               'fpr': false_positive_rate}}, y_true=df['label'], y_pred=df['prediction'], sensitive_features=df[s])
    by = mf.by_group
    mf.ratio(); mf.difference()
comp = time.perf_counter() - t0
report(compute_s=load + comp, load_s=load, metrics_s=comp, import_s=imp, groups=int((by['n'] > 0).sum()),
       checksum=sorted(int(x) for x in by['n'][by['n'] > 0])[:5])
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--skip-fairlearn", action="store_true")
    ap.add_argument(
        "--fairlearn-max-rows",
        type=int,
        default=1_000_000,
        help="skip fairlearn above this (1M rows took 136 s; at 10M it had not finished after 32 min)",
    )
    args = ap.parse_args()
    if not args.skip_fairlearn and args.rows > args.fairlearn_max_rows:
        print(
            f"fairlearn skipped: {args.rows:,} rows > --fairlearn-max-rows {args.fairlearn_max_rows:,} "
            "(MetricFrame over the full pandas frame; see the 1M run for its ratio)"
        )
        args.skip_fairlearn = True
    path = generate(args.rows, args.seed)
    print(f"data: {path} ({path.stat().st_size / 2**20:.0f} MiB, {args.rows:,} rows)")
    contenders = [("duckdb-floor", FLOOR), ("riskaudit", RISKAUDIT)] + (
        [] if args.skip_fairlearn else [("fairlearn", FAIRLEARN)]
    )
    runs: dict[str, list] = {name: [] for name, _ in contenders}
    for _ in range(args.repeat):
        for name, code in contenders:
            m = measure_python(code.format(path=path.as_posix()), name)
            if not m.ok:
                print(f"{name} failed:\n{m.stderr[-2000:]}")
                return 1
            runs[name].append(m)
    meds = [median_of(runs[name]) for name, _ in contenders]
    print(table(meds, floor="duckdb-floor"))
    for m in meds:
        extra = ", ".join(
            f"{k}={m.get(k):.2f}s" for k in ("import_s", "load_s", "metrics_s") if m.get(k) is not None
        )
        print(f"{m.label}: {extra}  groups(triple)={m.get('groups')}")
    sums = {m.label: (m.get("groups"), m.get("checksum")) for m in meds}
    if len(set(map(str, sums.values()))) != 1:
        print(f"group counts disagree: {sums}")
        return 1
    if not args.skip_fairlearn:
        ra, fl = meds[1], meds[2]
        print(
            f"riskaudit vs fairlearn: wall {fl.wall_s / ra.wall_s:.2f}x faster, peak RSS {fl.peak_rss_mib / ra.peak_rss_mib:.2f}x smaller"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
