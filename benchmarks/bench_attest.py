"""Attestation cost: `sign` and `verify` on a generated CSV of --rows rows against the floor (sha256 of the file).

Signing and verifying hash every data file, the scorecard, license and policy, then do two Ed25519 operations:
the cost should be the file hash plus a constant. Each run is its own process (wall time, peak RSS).

    python benchmarks/bench_attest.py --rows 1000000
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
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        gen = (
            'import duckdb; duckdb.sql("COPY (SELECT i AS id, (i*7919)%100000 AS zip5, 1930+(i%70) AS birth_year, '
            f"CASE WHEN i%2=0 THEN 'F' ELSE 'M' END AS sex, (i*31)%1000 AS charge FROM range({args.rows}) t(i)) "
            f"TO '{d}/data.csv' (HEADER)\")"
        )
        subprocess.run([sys.executable, "-c", gen], check=True)
        size = (d / "data.csv").stat().st_size
        # a minimal scorecard for the file (sign reads dataset path + sha256 + policy; no audit needed here)
        prep = f"""
import hashlib, json, os
os.chdir({str(d)!r})
from riskaudit.attest._statement import sha256_file, policy_digest_for
from pathlib import Path
h = sha256_file(Path('data.csv'))
sc = {{"schema_version": "1.0", "tool": {{"name": "riskaudit", "version": "bench"}},
      "dataset": {{"path": "data.csv", "sha256": h, "rows": {args.rows}, "columns": 5}}, "config_sha256": "0"*64,
      "policy": {{"name": "default", "sha256": policy_digest_for("default"), "rules": 1}}, "checks": [], "verdict": "pass",
      "results": {{}}}}
Path('scorecard.json').write_text(json.dumps(sc))
from riskaudit.attest import generate_keypair
generate_keypair('k/provider'); generate_keypair('k/auditor')
"""
        subprocess.run([sys.executable, "-c", prep], check=True, cwd=ROOT)
        floor = measure_python(
            f"import hashlib,time; t=time.perf_counter(); h=hashlib.sha256()\n"
            f"with open({str(d / 'data.csv')!r},'rb') as f:\n"
            f"    [h.update(c) for c in iter(lambda: f.read(1<<20), b'')]\n"
            f"report(compute_s=time.perf_counter()-t)",
            "floor: sha256 of the file",
        )
        sign = measure_python(
            f"import os,time; os.chdir({str(d)!r})\nfrom pathlib import Path\n"
            "from riskaudit.attest import sign_scorecard, load_private_key\nimport json\n"
            "t=time.perf_counter(); env=sign_scorecard(Path('scorecard.json'), [load_private_key('k/provider.key'), load_private_key('k/auditor.key')])\n"
            "Path('att.json').write_text(json.dumps(env)); report(compute_s=time.perf_counter()-t)",
            "riskaudit sign (2 keys)",
        )
        verify = measure_python(
            f"import os,time; os.chdir({str(d)!r})\nfrom pathlib import Path\n"
            "from riskaudit.attest import verify_envelope, load_public_key\n"
            "t=time.perf_counter(); v=verify_envelope(Path('att.json'), {'p': load_public_key('k/provider.pub'), 'a': load_public_key('k/auditor.pub')})\n"
            "report(compute_s=time.perf_counter()-t, ok=v.ok)",
            "riskaudit verify (2 keys)",
        )
        for m in (floor, sign, verify):
            if not m.ok:
                raise SystemExit(f"{m.label} failed: {m.stderr[-500:]}")
        print(f"rows={args.rows:,} file={size / 2**20:.1f} MiB")
        print(table([floor, sign, verify], floor="floor: sha256 of the file"))
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "bytes": size,
                    "floor_s": floor.get("compute_s"),
                    "sign_s": sign.get("compute_s"),
                    "verify_s": verify.get("compute_s"),
                }
            )
        )


if __name__ == "__main__":
    main()
