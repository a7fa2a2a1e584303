"""PII scan speed on a generated 1,000,000-row x 30-column Parquet (seeded, mixed PII and non-PII columns).

Prints wall time and peak RSS of (1) riskaudit's full column scan (default config: 1,000 sampled values per
column, free text sampled), (2) the floor: a bare DuckDB seeded-hash sample of the same 1,000 rows from the same
file, and (3) presidio-structured's PandasAnalysisBuilder whole-table analysis (n=None) on the first ROWS rows,
extrapolated linearly to 1,000,000 rows (it analyses every cell, so its cost is linear in rows; stated as an
extrapolation, not a measurement). Each measurement runs in its own subprocess so peak RSS is its own.

Run: python benchmarks/bench_pii_speed.py [--rows 1000000] [--structured-rows 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"

FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "Maria",
    "Wei",
    "Aisha",
    "Carlos",
    "Yuki",
    "Olga",
    "Ahmed",
    "Fatima",
    "Lucas",
    "Emma",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
]
STREETS = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main"]
SUFFIX = ["Street", "Avenue", "Road", "Lane", "Drive", "Court", "Way", "Boulevard"]


def _lst(xs: list[str]) -> str:
    return "[" + ", ".join("'" + x + "'" for x in xs) + "]"


def generate(path: Path, rows: int) -> None:
    import duckdb

    h = "hash(i * 7919 + {k})"
    pick = lambda xs, k: f"{_lst(xs)}[1 + ({h.format(k=k)} % {len(xs)})::INT]"  # noqa: E731
    num = lambda k, m: f"({h.format(k=k)} % {m})"  # noqa: E731
    cols = {
        "record_id": "i",
        "full_name": f"{pick(FIRST, 1)} || ' ' || {pick(LAST, 2)}",
        "email": f"lower({pick(FIRST, 1)}) || '.' || lower({pick(LAST, 2)}) || {num(3, 1000)} || '@example.com'",
        "phone": f"printf('(%03d) %03d-%04d', 201 + {num(4, 700)}, 200 + {num(5, 700)}, {num(6, 10000)})",
        "ssn": f"printf('%03d-%02d-%04d', 1 + {num(7, 665)}, 1 + {num(8, 98)}, 1 + {num(9, 9998)})",
        "street_address": f"(1 + {num(10, 9999)})::VARCHAR || ' ' || {pick(STREETS, 11)} || ' ' || {pick(SUFFIX, 12)}",
        "city": pick(
            ["Springfield", "Riverside", "Franklin", "Greenville", "Bristol", "Clinton", "Salem", "Madison"],
            13,
        ),
        "state": pick(["NY", "CA", "TX", "FL", "IL", "PA", "OH", "GA"], 14),
        "zip": f"printf('%05d', 1000 + {num(15, 98000)})",
        "date_of_birth": f"(DATE '1930-01-01' + INTERVAL ({num(16, 27000)}) DAY)::DATE::VARCHAR",
        "sex": pick(["F", "M"], 17),
        "race": pick(
            ["White", "Black or African American", "Asian", "American Indian or Alaska Native", "Other"], 18
        ),
        "visit_date": f"(DATE '2023-01-01' + INTERVAL ({num(19, 700)}) DAY)::DATE::VARCHAR",
        "diagnosis_code": pick(["I50.9", "J18.9", "E11.9", "K35.80", "R07.9", "N39.0"], 20),
        "amount": f"round(({num(21, 10000000)}) / 100.0, 2)",
        "quantity": f"{num(22, 50)}",
        "score": f"round(({num(23, 10000)}) / 10000.0, 4)",
        "latitude": f"round(25 + ({num(24, 2400000)}) / 100000.0, 6)",
        "longitude": f"round(-124 + ({num(25, 5700000)}) / 100000.0, 6)",
        "tracking_number": "'1Z' || upper(substr(md5(i::VARCHAR), 1, 16))",
        "card_number": pick(
            [
                "4111111111111111",
                "5555555555554444",
                "378282246310005",
                "6011111111111117",
                "4012888888881881",
                "5105105105105100",
            ],
            41,
        ),
        "ip_address": f"printf('%d.%d.%d.%d', 10 + {num(26, 200)}, {num(27, 255)}, {num(28, 255)}, 1 + {num(29, 253)})",
        "mrn": f"printf('MRN%08d', {num(30, 100000000)})",
        "plan_id": f"printf('HP-%09d', {num(31, 1000000000)})",
        "category": pick(["a", "b", "c", "d"], 32),
        "flag": f"({num(33, 2)})::BOOLEAN",
        "count_visits": f"{num(34, 20)}",
        "product_code": f"printf('SKU-%05d', {num(35, 99999)})",
        "uuid": "regexp_replace(md5('u' || i::VARCHAR), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\\1-\\2-\\3-\\4-\\5')",
        "note": f"'Patient seen for follow-up; ' || CASE WHEN {num(36, 10)} = 0 THEN 'spoke with ' || {pick(FIRST, 37)} || ' ' || "
        f"{pick(LAST, 38)} || ' at ' || printf('(%03d) %03d-%04d', 201 + {num(39, 700)}, 555, {num(40, 10000)}) ELSE "
        "'stable, tolerating diet and ambulating; discharge planned with outpatient follow-up in one week.' END",
    }
    assert len(cols) == 30
    select = ", ".join(f"{expr} AS {name}" for name, expr in cols.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    con.execute(f"COPY (SELECT {select} FROM range({rows}) t(i)) TO '{path.as_posix()}' (FORMAT parquet)")
    con.close()


_CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
what, path, extra = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
if what == "riskaudit":
    from riskaudit.config import load_config
    from riskaudit.dataset import open_dataset
    from riskaudit.engine import connect
    from riskaudit.pii import scan_pii
    cfg = load_config(None)
    e = connect(cfg.engine)
    ds = open_dataset(path, cfg.dataset, e)
    t0 = time.perf_counter()  # the scan itself (opening counts rows, which every command does)
    res = scan_pii(e, ds.text_table, cfg.pii, cfg.columns)
    info = {"direct": res.direct_identifiers, "qi": res.suggested_quasi_identifiers,
            "decisions": {c: p.decision for c, p in res.columns.items()}}
elif what == "floor":
    import duckdb
    con = duckdb.connect()
    cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
    key = " || '\x1f' || ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in cols)
    t0 = time.perf_counter()
    n = len(con.execute(f"SELECT * FROM read_parquet('{path}') ORDER BY md5('s' || {key}) LIMIT 1000").fetchall())
    info = {"rows": n}
else:
    import pandas as pd
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_structured import PandasAnalysisBuilder
    import pyarrow.parquet as pq
    # the first rows only: pd.read_parquet(path).head() would load all 50M rows (8.7 GB) first
    df = next(pq.ParquetFile(path).iter_batches(batch_size=extra)).to_pandas().head(extra).astype(str)
    nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "no_op", "models": [{"lang_code": "en", "model_name": "no_op"}]}).create_engine()
    an = AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"])
    t0 = time.perf_counter()
    mapping = PandasAnalysisBuilder(analyzer=an).generate_analysis(df, n=None).entity_mapping
    info = {"rows": extra, "mapping": dict(mapping)}
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **info}))
"""


def run(what: str, path: Path, extra: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(path), str(extra)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--structured-rows", type=int, default=2000)
    ap.add_argument("--no-structured", action="store_true")
    a = ap.parse_args(argv)
    path = DATA / f"pii_speed_{a.rows}x30.parquet"
    if not path.exists():
        t = time.perf_counter()
        generate(path, a.rows)
        print(
            f"generated {path.relative_to(ROOT)} in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    floor = run("floor", path)
    ours = run("riskaudit", path)
    print(
        f"floor (bare DuckDB seeded 1,000-row sample): {floor['seconds']:.2f} s, peak RSS {floor['peak_rss_mb']:.0f} MB"
    )
    print(
        f"riskaudit full column scan:                  {ours['seconds']:.2f} s, peak RSS {ours['peak_rss_mb']:.0f} MB "
        f"({ours['seconds'] / floor['seconds']:.1f}x the floor); goal <= 15 s"
    )
    print(f"  direct identifiers: {', '.join(ours['direct'])}")
    print(f"  suggested QIs: {', '.join(ours['qi'])}")
    if not a.no_structured:
        st = run("structured", path, a.structured_rows)
        per_row = st["seconds"] / st["rows"]
        extrap = per_row * a.rows
        print(
            f"presidio-structured whole table on {st['rows']:,} rows: {st['seconds']:.1f} s, peak RSS {st['peak_rss_mb']:.0f} MB; "
            f"LINEAR EXTRAPOLATION to {a.rows:,} rows: {extrap:,.0f} s ({extrap / 3600:.1f} h)"
        )
        print(
            f"ratio (presidio-structured extrapolated / riskaudit): {extrap / ours['seconds']:,.0f}x; goal >= 10x"
        )
        print(f"  presidio-structured mapping: {st['mapping']}")
    print(f"  riskaudit decisions: {ours['decisions']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
