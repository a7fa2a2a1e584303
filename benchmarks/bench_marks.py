"""Marks at scale: `riskaudit mark` and `riskaudit detect` against the floor, a bare DuckDB copy and a semi-join.

Data (git-ignored, generated once by DuckDB, seeded, in ``benchmarks/data/``): ``marks_<rows>.csv`` with an id
(``P`` + 7..9 digits), zip3, birth year, sex, race, length of stay and charges with 2 decimals.

Each contender runs in its own fresh process (``_measure``: wall time incl. interpreter start and imports,
in-process compute time, peak RSS):

1. **floor: copy**: ``COPY (SELECT * FROM read_csv(DATA, all_varchar)) TO OUT (HEADER)`` in bare DuckDB;
2. **mark**: ``riskaudit.marks.mark_dataset`` (0.1 % traps, watermark ``charges:2,los:0``, key ``id``,
   gamma 10): one aggregate pass (counts, commitment), the trap queries, one streamed COPY of the marked rows;
3. **floor: semi-join**: the marked copy read by DuckDB, each row's sha256(id) semi-joined with 1,000 hashes;
4. **detect**: ``riskaudit.marks.detect_marks`` on the marked copy with its receipt (watermark re-selection
   and one trap semi-join).

    python benchmarks/bench_marks.py                 # 1,000,000 rows
    python benchmarks/bench_marks.py --rows 10000000
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _measure import measure_python, table  # noqa: E402

DATA = HERE / "data"
SRC = str(HERE.parent / "src")


def generate(rows: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"marks_{rows}.csv"
    if path.exists():
        return path
    import duckdb

    con = duckdb.connect()
    con.execute("SELECT setseed(0.16)")
    con.execute(f"""COPY (SELECT 'P' || lpad(CAST(i AS VARCHAR), 9, '0') AS id,
        lpad(CAST(CAST(floor(random() * 900) AS INT) + 10 AS VARCHAR), 3, '0') AS zip3,
        CAST(1930 + floor(random() * 75) AS INT) AS birth_year,
        CASE WHEN random() < 0.5 THEN 'F' ELSE 'M' END AS sex,
        (['White', 'Black', 'Asian', 'Other'])[1 + CAST(floor(random() * 4) AS INT)] AS race,
        CAST(1 + floor(random() * 20) AS INT) AS los,
        printf('%.2f', 500 + random() * 60000) AS charges
        FROM range({rows}) t(i)) TO '{path}' (HEADER)""")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=HERE / "results")
    args = ap.parse_args()
    data = generate(args.rows)
    work = DATA / f"marks_{args.rows}_work"
    work.mkdir(exist_ok=True)
    env_path = f"import sys; sys.path.insert(0, {SRC!r})\n"
    floor_copy = measure_python(
        env_path
        + f"""
import time, duckdb
t = time.perf_counter()
con = duckdb.connect()
con.execute("COPY (SELECT * FROM read_csv('{data}', all_varchar=true)) TO '{work}/floor.csv' (HEADER)")
report(compute_s=time.perf_counter() - t)
""",
        "floor: DuckDB copy",
    )
    mark = measure_python(
        env_path
        + f"""
import time, json
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
from riskaudit.marks import mark_dataset, parse_watermarks
key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
t = time.perf_counter()
res, env = mark_dataset('{data}', key, 'ACME', Path('{work}/marked.csv'), watermark=parse_watermarks('charges:2,los:0'),
                        key_columns=['id'], gamma=10)
Path('{work}/receipt.json').write_text(json.dumps(env))
report(compute_s=time.perf_counter() - t, traps=len(res.traps), marks=sum(res.marks.values()))
""",
        "riskaudit mark",
    )
    floor_join = measure_python(
        env_path
        + f"""
import time, duckdb, hashlib
t = time.perf_counter()
con = duckdb.connect()
con.execute("CREATE TABLE k AS SELECT sha256('P' || lpad(CAST(i * 997 AS VARCHAR), 9, '0')) AS h FROM range(1000) t(i)")
n = con.execute("SELECT count(*) FROM read_csv('{work}/marked.csv', all_varchar=true) s SEMI JOIN k ON sha256(s.id) = k.h").fetchone()[0]
report(compute_s=time.perf_counter() - t, found=n)
""",
        "floor: DuckDB semi-join",
    )
    detect = measure_python(
        env_path
        + f"""
import time
from pathlib import Path
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from riskaudit.marks import detect_marks
key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
t = time.perf_counter()
res = detect_marks('{work}/marked.csv', key, [Path('{work}/receipt.json')])
r = res.receipts[0]
report(compute_s=time.perf_counter() - t, detected=res.detected, marks=r.watermark.marks, matches=r.watermark.matches,
       traps_found=r.traps.exact)
""",
        "riskaudit detect",
    )
    runs = [floor_copy, mark, floor_join, detect]
    for m in runs:
        if not m.ok:
            print(f"{m.label} failed:\n{m.stderr[-2000:]}", file=sys.stderr)
            return 1
    print(f"## marks, {args.rows:,} rows\n")
    print("marking vs the copy floor:\n")
    print(table([floor_copy, mark], floor="floor: DuckDB copy"))
    print("\ndetection vs the semi-join floor:\n")
    print(table([floor_join, detect], floor="floor: DuckDB semi-join"))
    print(
        f"\nmark: {mark.get('marks')} marks, {mark.get('traps')} traps; detect: detected={detect.get('detected')} "
        f"{detect.get('matches')}/{detect.get('marks')} matches, {detect.get('traps_found')} traps found"
    )
    args.out.mkdir(exist_ok=True)
    (args.out / f"marks_{args.rows}.json").write_text(
        json.dumps(
            {m.label: {"wall_s": m.wall_s, "peak_rss_mib": m.peak_rss_mib, **m.data} for m in runs},
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
