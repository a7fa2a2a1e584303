"""Where the quality step of the whole audit spends its time: queries, wall and CPU seconds per sub-part.

Runs ``run_audit(only=["profile", "quality"])`` with the end-to-end benchmark's config on its generated table and
wraps the engine's ``execute``, ``materialize`` and (DuckDB) ``_raw``: every query is attributed to the quality
function on the call stack that issued it (duplicates, near duplicates, the column pass, patterns, redundant
pairs, mixed types, outliers, class table, conflicting labels, label issues, train/test). CPU seconds are the
process's (DuckDB's threads included), so they are comparable on a loaded machine where wall seconds are not.

    python benchmarks/bench_end_to_end.py --rows 1000000   # generates benchmarks/data/e2e_1000000_seed0.parquet
    python benchmarks/profile_quality_step.py benchmarks/data/e2e_1000000_seed0.parquet [--json out.json]

Run it with ``PYTHONPATH`` pointing at another checkout's ``src`` to compare two versions on the same file;
``quality_sha256`` (of the quality block's JSON) must then agree.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import inspect
import json
import os
import sys
import time

PARTS = {
    "_duplicates",
    "_missing_and_columns",
    "_patterns",
    "redundant_pairs",
    "_near_duplicates",
    "mixed_types",
    "outlier_counts",
    "_class_table",
    "_conflicts",
    "scan_label_issues",
    "_train_test",
    "constraint_violations",
    "scan_profile",
}
QIS = ["zip3", "birth_year", "sex", "race", "ethnicity"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data")
    ap.add_argument("--json", default=None)
    ap.add_argument("--note", default=None)
    args = ap.parse_args()

    from riskaudit.audit import run_audit
    from riskaudit.config import load_config
    from riskaudit.engine import _base, _duckdb

    cfg = load_config(
        None,
        overrides={
            "columns": {
                "quasi_identifiers": QIS,
                "protected": ["race", "sex"],
                "label": "readmitted_30d",
                "positive_label": "1",
                "prediction": "predicted_readmit",
                "id": "person_id",
            },
            "outputs": {"timestamp": False},
        },
    )
    stats: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0, 0.0])

    def part() -> str:
        for f in inspect.stack()[2:]:
            if f.function in PARTS:
                return f.function
        return "other"

    def wrap(cls, name):
        orig = getattr(cls, name)

        def w(self, *a, **k):
            p = part()
            t, c = time.perf_counter(), time.process_time()
            try:
                return orig(self, *a, **k)
            finally:
                s = stats[p]
                s[0] += 1
                s[1] += time.perf_counter() - t
                s[2] += time.process_time() - c

        setattr(cls, name, w)

    for cls, name in (
        (_base.Engine, "execute"),
        (_base.Engine, "materialize"),
        (_duckdb.DuckDBEngine, "_raw"),
    ):
        wrap(cls, name)
    load = os.getloadavg()
    t, c = time.perf_counter(), time.process_time()
    rep = run_audit(args.data, cfg, write=False, only=["profile", "quality"])
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    q = rep.scorecard.results.quality
    parts = {
        p: {"queries": int(n), "wall_s": round(w, 2), "cpu_s": round(cc, 2)}
        for p, (n, w, cc) in sorted(stats.items(), key=lambda kv: -kv[1][2])
    }
    quality_cpu = round(sum(v["cpu_s"] for p, v in parts.items() if p not in ("scan_profile", "other")), 2)
    out = {
        "data": os.path.basename(args.data),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "quality_queries_cpu_s": quality_cpu,
        "quality_queries": sum(v["queries"] for p, v in parts.items() if p not in ("scan_profile", "other")),
        "timings": {k: round(v, 2) for k, v in rep.timings.items()},
        "parts": parts,
        "quality_sha256": hashlib.sha256(q.model_dump_json().encode()).hexdigest() if q else None,
        "load_average_before": [round(x, 2) for x in load],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "note": args.note,
    }
    print(json.dumps(out, indent=2))
    if args.json:
        with open(args.json, "w") as fh:
            fh.write(json.dumps(out, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
