"""Benchmark: riskaudit synth-privacy DCR vs SDMetrics DCROverfittingProtection (same numbers, time and memory).

SDMetrics runs in its own venv (never the shared env):
    python -m venv /tmp/sdm-venv && /tmp/sdm-venv/bin/pip install sdmetrics
    PYTHONPATH=src python benchmarks/bench_derived.py [--rows 10000 100000] [--synthetic 2000] [--sdm /tmp/sdm-venv/bin/python]

SDMetrics' cost grows with synthetic x reference rows (pandas cross joins): figures in docs/derived.md were taken with
``--rows 10000 --synthetic 2000`` and ``--rows 100000 --synthetic 200``.

Data: UCI Adult (../shared/data/adult/adult.data + adult.test), train and holdout of ``rows`` rows each drawn
with replacement (seeded), synthetic = ``synthetic`` further rows (the same rows are given to both tools, so
SDMetrics needs no subsampling). Each tool runs in a fresh process; wall time and peak RSS (ru_maxrss) are
printed with the riskaudit/SDMetrics ratios. riskaudit's time also covers its NNDR, the DOMIAS-style attack and
bootstrap intervals (attacks off), so the ratio is conservative."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "adult"
if not DATA.exists():
    DATA = Path("/work/shared/data/adult")
COLS = [
    "age",
    "workclass",
    "education",
    "education_num",
    "marital",
    "occupation",
    "relationship",
    "race",
    "sex",
    "capital_gain",
    "capital_loss",
    "hours_per_week",
    "country",
    "income",
]
NUMERIC = ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]

SDM = r"""
import json, resource, sys, time
import pandas as pd
from sdmetrics.single_table import DCROverfittingProtection
d = sys.argv[1]
num = json.loads(sys.argv[2])
tr, ho, sy = (pd.read_csv(f"{d}/{n}.csv") for n in ("train", "holdout", "syn"))
meta = {"tables": {"t": {"columns": {c: {"sdtype": "numerical" if c in num else "categorical"} for c in tr.columns}}}}
t = time.perf_counter()
r = DCROverfittingProtection.compute_breakdown(tr, sy, ho, meta, "t")
el = time.perf_counter() - t
print(json.dumps({"score": r["score"], "closer_to_training": r["synthetic_data_percentages"]["closer_to_training"],
                  "seconds": el, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

OURS = r"""
import io, json, resource, sys, time, contextlib
from riskaudit.cli import app
d = sys.argv[1]
buf = io.StringIO()
t = time.perf_counter()
with contextlib.redirect_stdout(buf):
    try:
        app(["synth-privacy", f"{d}/syn.csv", "--train", f"{d}/train.csv", "--holdout", f"{d}/holdout.csv", "--no-attacks", "--json"])
    except SystemExit:
        pass
el = time.perf_counter() - t
r = json.loads(buf.getvalue())["synthetic"]["dcr"]
print(json.dumps({"score": r["overfitting_protection"], "closer_to_training": r["closer_to_train"], "dcr_share": r["dcr_share"],
                  "search": r["search"], "seconds": el, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def load() -> pd.DataFrame:
    a = pd.read_csv(
        DATA / "adult.data", header=None, names=COLS[:2] + ["fnlwgt"] + COLS[2:], skipinitialspace=True
    )
    b = pd.read_csv(
        DATA / "adult.test",
        header=None,
        skiprows=1,
        names=COLS[:2] + ["fnlwgt"] + COLS[2:],
        skipinitialspace=True,
    )
    b["income"] = b["income"].str.rstrip(".")
    return pd.concat([a, b], ignore_index=True)[COLS]


def run(cmd: list[str], env: dict | None = None) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd[:2])}: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--synthetic", type=int, default=2000)
    ap.add_argument("--sdm", default="/tmp/sdm-venv/bin/python")
    args = ap.parse_args()
    import os

    df = load()
    rng = np.random.default_rng(0)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for n in args.rows:
        with tempfile.TemporaryDirectory() as d:
            idx = rng.integers(0, len(df), size=2 * n + args.synthetic)
            df.iloc[idx[:n]].to_csv(f"{d}/train.csv", index=False)
            df.iloc[idx[n : 2 * n]].to_csv(f"{d}/holdout.csv", index=False)
            df.iloc[idx[2 * n :]].to_csv(f"{d}/syn.csv", index=False)
            ours = run([sys.executable, "-c", OURS, d], env)
            sdm = run([args.sdm, "-c", SDM, d, json.dumps(NUMERIC)])
            same = (
                abs(ours["score"] - sdm["score"]) < 1e-9
                and abs(ours["closer_to_training"] - sdm["closer_to_training"]) < 1e-9
            )
            print(f"rows={n} synthetic={args.synthetic} search={ours['search']}")
            print(f"  score     riskaudit={ours['score']:.6f} sdmetrics={sdm['score']:.6f} same={same}")
            print(
                f"  closer    riskaudit={ours['closer_to_training']:.6f} sdmetrics={sdm['closer_to_training']:.6f} (dcr_share={ours['dcr_share']:.6f})"
            )
            print(
                f"  time s    riskaudit={ours['seconds']:.1f} sdmetrics={sdm['seconds']:.1f} ratio={ours['seconds'] / sdm['seconds']:.3f}"
            )
            print(
                f"  peak RSS  riskaudit={ours['maxrss_kb'] / 1024:.0f} MB sdmetrics={sdm['maxrss_kb'] / 1024:.0f} MB "
                f"ratio={ours['maxrss_kb'] / sdm['maxrss_kb']:.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
