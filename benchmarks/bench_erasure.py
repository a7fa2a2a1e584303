"""Erasure verification cost: `erasure verify` (exact + normalised stages, and with --fuzzy) on a generated
release of --rows rows against 10,000 registered requests, vs the floor: bare DuckDB hashing (sha256) the
identifier tuple of every release row and semi-joining it with the requests' hashes.

riskaudit normalises on the engine, streams the rows to Python and computes keyed HMACs there (the key never
reaches the engine), so the expected ratio is the cost of moving the rows to Python plus one HMAC-SHA256 per row
and stage. Each run is its own process (wall time, peak RSS).

    python benchmarks/bench_erasure.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _measure import measure_python, table

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=10_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        rel = (
            "SELECT 'Name' || (i*7919 % 500000) || ' Family' || (i % 3001) AS patient_name, "
            "strftime(DATE '1930-01-01' + CAST(i*13 % 25000 AS INTEGER), '%Y-%m-%d') AS date_of_birth, "
            f"lpad(CAST(i*31 % 100000 AS VARCHAR), 5, '0') AS zip5 FROM range({args.rows}) t(i)"
        )
        gen = (
            f"import duckdb; duckdb.sql(\"COPY ({rel}) TO '{d}/release.csv' (HEADER)\"); "
            f"duckdb.sql(\"COPY (SELECT upper(patient_name) AS full_name, date_of_birth, zip5 FROM '{d}/release.csv' "
            f"USING SAMPLE {args.requests} ROWS (reservoir, 7)) TO '{d}/requests.csv' (HEADER)\")"
        )
        subprocess.run([sys.executable, "-c", gen], check=True)
        prep = f"""
from riskaudit.erasure._keys import generate_erasure_key
generate_erasure_key({str(d / "e.key")!r})
"""
        subprocess.run([sys.executable, "-c", prep], check=True, cwd=ROOT)
        for fz in ("", "--fuzzy"):
            r = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from riskaudit.cli import main; sys.argv[0] = 'riskaudit'; main()",
                    "erasure",
                    "register",
                    str(d / "requests.csv"),
                    "--key",
                    str(d / "e.key"),
                    "--id-cols",
                    "full_name,date_of_birth,zip5",
                    "--out",
                    str(d / f"ledger{fz}.json"),
                    *([fz] if fz else []),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if r.returncode:
                raise SystemExit(r.stderr)
        floor = measure_python(
            "import duckdb,time; t=time.perf_counter()\n"
            f"req = duckdb.sql(\"SELECT DISTINCT sha256(lower(full_name)||chr(31)||date_of_birth||chr(31)||zip5) AS h FROM '{d}/requests.csv'\")\n"
            f"n = duckdb.sql(\"SELECT count(*) FROM '{d}/release.csv' r SEMI JOIN req ON sha256(lower(r.patient_name)||chr(31)||r.date_of_birth||chr(31)||r.zip5) = req.h\").fetchone()[0]\n"
            "report(compute_s=time.perf_counter()-t, found=n)",
            "floor: DuckDB sha256 + semi-join",
        )
        runs = [floor]
        for fz, label in (("", "riskaudit erasure verify"), ("--fuzzy", "riskaudit erasure verify --fuzzy")):
            code = (
                "import time\nfrom pathlib import Path\n"
                "from riskaudit.engine import connect\nfrom riskaudit.config import DatasetConfig\nfrom riskaudit.dataset import open_dataset\n"
                "from riskaudit.erasure._keys import load_erasure_key\nfrom riskaudit.erasure._result import Ledger\n"
                "from riskaudit.erasure._verify import verify_release\n"
                f"led = Ledger.model_validate_json(Path({str(d / f'ledger{fz}.json')!r}).read_bytes())\n"
                "t=time.perf_counter(); eng = connect()\n"
                f"ds = open_dataset({str(d / 'release.csv')!r}, DatasetConfig(), eng)\n"
                f"res = verify_release(eng, ds.text_table, led, load_erasure_key({str(d / 'e.key')!r}), release_name='r', release_sha256='x', "
                f"rows=ds.rows, ledger_sha256='y', id_cols=['patient_name','date_of_birth','zip5'], fuzzy={bool(fz)})\n"
                "report(compute_s=time.perf_counter()-t, found=res.found)"
            )
            runs.append(measure_python(code, label, cwd=str(ROOT)))
        for m in runs:
            if not m.ok:
                raise SystemExit(f"{m.label} failed: {m.stderr[-500:]}")
        print(f"rows={args.rows:,} requests={args.requests:,}")
        print(table(runs, floor="floor: DuckDB sha256 + semi-join"))
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "requests": args.requests,
                    **{m.label: {"s": m.get("compute_s"), "found": m.get("found")} for m in runs},
                }
            )
        )


if __name__ == "__main__":
    main()
