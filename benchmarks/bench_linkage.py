"""Linkage attacks: riskaudit's exact linkage against a bare DuckDB join (the floor), and riskaudit's
Anonymeter-style attacks against anonymeter 1.1.0 itself (the peer), on the same generated files.

Data (git-ignored, generated once, seeded, numpy + pyarrow, in ``benchmarks/data/``):

* ``linkage_<rows>_seed<seed>.parquet``: ``--rows`` people (``person_id``, the quasi-identifiers
  zip3 / birth_year / sex / race (~1% missing), ``income`` and the sensitive ``diagnosis``, which depends
  on age and sex). It is the audited table: the de-identified microdata the exact linkage attacks, and the
  *original* of the Anonymeter attacks.
* ``..._control.parquet``: the control split, ``rows * 3 // 7`` more people from the same distribution
  (a 70/30 split of one population) who are *not* in the original nor in the release.
* ``..._release.parquet``: the release derived row by row from the original (zip3 swapped 5%, birth year
  +-1 10%, race swapped 2%, income x (1 + N(0, 3%)), diagnosis redrawn 30%), without ``person_id``.
* ``..._aux.parquet``: the attacker's auxiliary table: a seeded subset of people (~4% of the original plus
  people from the control split, who are not in the data) with ``person_id`` and the quasi-identifiers,
  birth year (5%) and race (2%) perturbed.

Each contender runs in its own fresh process (``_measure``: wall time incl. interpreter start and imports,
in-process compute time, peak RSS of the child):

1. **floor**: one bare DuckDB query: the auxiliary table LEFT JOIN the data grouped on the quasi-identifiers
   (NULL matches NULL), counting auxiliary rows that match any / exactly one / several records, the correct
   unique matches (same ``person_id``) and the auxiliary people present in the data;
2. **riskaudit exact linkage**: ``riskaudit.linkage.scan_linkage`` with ``linkage.id = person_id`` on the
   same files (opened with ``open_dataset`` / ``open_auxiliary``, as the audit does);
3. **riskaudit Anonymeter-style attacks**: ``scan_linkage`` with the release and the control file:
   univariate singling out, linkability (aux columns split in two halves) and inference of ``diagnosis``,
   ``--n-attacks`` each, seeded; riskaudit finds each target's exact nearest rows in the whole release
   (grid-blocked joins on the engine, ``riskaudit.linkage._nearest``), or in a seeded sample of ``--ra-max-rows``
   rows when given (``linkage.anonymeter.max_rows``; then reported as lower bounds);
4. **peer: anonymeter 1.1.0** in its own venv (``benchmarks/.venvs/anonymeter``, created with ``pip install
   anonymeter`` on first use; it pins numpy<1.27, numba~=0.59, pyarrow<22): ``LinkabilityEvaluator`` with the
   same two halves, ``InferenceEvaluator`` with the same aux columns and secret, ``SinglingOutEvaluator``
   (univariate), the same ``--n-attacks``, on pandas frames read from the same files. Anonymeter is
   O(n_attacks x rows) on whole frames, so each table is capped at its first ``--peer-max-rows`` rows (rows
   are generated i.i.d., so the head is a random sample and release row i still derives from original row i).

The exact-linkage counts of the floor and riskaudit must be identical, or the script exits 1. The
Anonymeter risks (control-corrected, with confidence intervals) of riskaudit and the peer are printed side
by side; anonymeter's linkability and inference draws are unseeded, so they are not required to agree.

    python benchmarks/bench_linkage.py                          # 1,000,000 rows, 2,000 attacks
    python benchmarks/bench_linkage.py --rows 20000 --n-attacks 500
    python benchmarks/bench_linkage.py --rows 10000000 --skip-peer
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import PRELUDE, Measurement, measure_command, measure_python, table  # noqa: E402

DATA = HERE / "data"
QIS = ["zip3", "birth_year", "sex", "race"]
AUX_COLS = ["zip3", "birth_year", "sex", "race", "income"]  # what the Anonymeter attacker knows
SECRET = "diagnosis"
RACES = ["White", "Black", "Asian", "American Indian", "Pacific Islander", "Other"]
RACE_P = [0.60, 0.13, 0.06, 0.01, 0.005, 0.195]
N_DIAG = 50
CONFIDENCE = 0.95
EXACT_KEYS = ["aux_rows", "matched_any", "matched_unique", "matched_several", "correct", "aux_in_data"]


# ---------------------------------------------------------------------------------------------- data


def paths(rows: int, seed: int) -> dict[str, Path]:
    base = DATA / f"linkage_{rows}_seed{seed}"
    return {
        "data": base.with_suffix(".parquet"),
        "control": base.with_name(base.name + "_control.parquet"),
        "release": base.with_name(base.name + "_release.parquet"),
        "aux": base.with_name(base.name + "_aux.parquet"),
    }


def generate(rows: int, seed: int) -> dict[str, Path]:
    """Write the four tables (see the module docstring) unless they exist; the data file is renamed last."""
    out = paths(rows, seed)
    if all(p.exists() for p in out.values()):
        return out
    DATA.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    zips = np.array([f"{z:03d}" for z in rng.permutation(np.arange(10, 1000))[:890]], dtype=object)
    zw = 1.0 / np.arange(1, 891) ** 0.8
    zw /= zw.sum()
    years = np.arange(1930, 2010, dtype=np.int16)
    yw = np.exp(-0.5 * ((years - 1975) / 18.0) ** 2)
    yw /= yw.sum()
    dw = 1.0 / np.arange(1, N_DIAG + 1)
    dw /= dw.sum()
    diag_names = np.array([f"D{i:02d}" for i in range(N_DIAG)], dtype=object)
    race_names = np.array([*RACES, None], dtype=object)
    sex_names = np.array(["F", "M", "X"], dtype=object)
    control_rows = rows * 3 // 7
    aux_p_data, aux_p_control = 0.04, 0.01 * rows / max(control_rows, 1)  # aux: ~80% in the data, ~20% not

    def diagnosis(year: np.ndarray, sex: np.ndarray) -> np.ndarray:
        # a Zipf-like draw rotated by age decade and sex: the secret depends on the quasi-identifiers
        base = rng.choice(N_DIAG, size=len(year), p=dw)
        return (base + (2015 - year.astype(np.int64)) // 10 * 3 + sex.astype(np.int64) * 7) % N_DIAG

    def people(n: int) -> dict[str, np.ndarray]:
        year = rng.choice(years, size=n, p=yw)
        sex = rng.choice(3, size=n, p=[0.495, 0.495, 0.01])
        age = (2025 - year).astype(float)
        income = np.round(np.exp(rng.normal(10.3 + 0.012 * np.minimum(age, 60), 0.6)), -1).astype(np.int32)
        return {
            "zip": rng.choice(890, size=n, p=zw),
            "year": year,
            "sex": sex,
            "race": rng.choice(7, size=n, p=[*(np.array(RACE_P) * 0.99), 0.01]),  # 6 = missing
            "income": income,
            "diag": diagnosis(year, sex),
        }

    def arrow(p: dict[str, np.ndarray], ids: np.ndarray | None, cols: list[str]) -> pa.Table:
        full = {
            "person_id": pa.array(ids, pa.int64()) if ids is not None else None,
            "zip3": pa.array(zips[p["zip"]], pa.string()),
            "birth_year": pa.array(p["year"], pa.int16()),
            "sex": pa.array(sex_names[p["sex"]], pa.string()),
            "race": pa.array(race_names[p["race"]], pa.string()),
            "income": pa.array(p["income"], pa.int32()),
            "diagnosis": pa.array(diag_names[p["diag"]], pa.string()),
        }
        return pa.table({c: full[c] for c in cols})

    def perturb(
        p: dict[str, np.ndarray], share_zip: float, share_year: float, share_race: float
    ) -> dict[str, np.ndarray]:
        n = len(p["year"])
        q = dict(p)
        q["zip"] = np.where(rng.random(n) < share_zip, rng.choice(890, size=n, p=zw), p["zip"])
        q["year"] = np.where(
            rng.random(n) < share_year, p["year"] + rng.choice(np.array([-1, 1], np.int16), size=n), p["year"]
        )
        q["race"] = np.where(rng.random(n) < share_race, rng.choice(7, size=n), p["race"])
        return q

    tmp = {k: v.with_name(v.name + ".tmp") for k, v in out.items()}
    writers: dict[str, pq.ParquetWriter] = {}

    def write(key: str, t: pa.Table) -> None:
        if key not in writers:
            writers[key] = pq.ParquetWriter(tmp[key], t.schema, compression="zstd")
        writers[key].write_table(t)

    all_cols = ["person_id", "zip3", "birth_year", "sex", "race", "income", "diagnosis"]
    chunk = 1_000_000
    try:
        for part, total, id0, p_aux in (
            ("data", rows, 0, aux_p_data),
            ("control", control_rows, rows, aux_p_control),
        ):
            for start in range(0, total, chunk):
                n = min(chunk, total - start)
                ids = np.arange(id0 + start, id0 + start + n, dtype=np.int64)
                p = people(n)
                write(part, arrow(p, ids, all_cols))
                if part == "data":
                    rel = perturb(p, 0.05, 0.10, 0.02)
                    rel["income"] = np.round(p["income"] * (1 + rng.normal(0, 0.03, n)), -1).astype(np.int32)
                    redraw = rng.random(n) < 0.30
                    rel["diag"] = np.where(redraw, diagnosis(rel["year"], rel["sex"]), p["diag"])
                    write("release", arrow(rel, None, all_cols[1:]))
                pick = rng.random(n) < p_aux
                sub = {k: v[pick] for k, v in p.items()}
                write("aux", arrow(perturb(sub, 0.0, 0.05, 0.02), ids[pick], ["person_id", *QIS]))
    finally:
        for w in writers.values():
            w.close()
    for key in ("control", "release", "aux", "data"):
        tmp[key].replace(out[key])
    return out


# ------------------------------------------------------------------------------------------ contenders

FLOOR = """
import time
t0 = time.perf_counter()
import duckdb
imp = time.perf_counter() - t0
t = time.perf_counter()
con = duckdb.connect()
q = ", ".join(QIS)
on = " AND ".join(f"a.{c} IS NOT DISTINCT FROM d.{c}" for c in QIS)
row = con.execute(f'''
    WITH d AS (SELECT {q}, count(*) AS m, min(person_id) AS did FROM read_parquet($data) GROUP BY ALL),
         a AS (SELECT person_id, {q} FROM read_parquet($aux))
    SELECT count(*), count(*) FILTER (m >= 1), count(*) FILTER (m = 1), count(*) FILTER (m > 1),
           count(*) FILTER (m = 1 AND did = a.person_id),
           count(*) FILTER (a.person_id IN (SELECT person_id FROM read_parquet($data)))
    FROM a LEFT JOIN d ON {on}
''', {"data": DATA_PATH, "aux": AUX_PATH}).fetchone()
report(compute_s=time.perf_counter() - t, import_s=imp, **dict(zip(EXACT_KEYS, map(int, row))))
"""

RISKAUDIT_EXACT = """
import time
t0 = time.perf_counter()
from riskaudit.config import DatasetConfig, LinkageConfig
from riskaudit.dataset import open_auxiliary, open_dataset
from riskaudit.engine import connect
from riskaudit.linkage import scan_linkage
imp = time.perf_counter() - t0
t = time.perf_counter()
engine = connect()
ds = open_dataset(DATA_PATH, DatasetConfig(), engine)
aux = open_auxiliary(AUX_PATH, engine)
res = scan_linkage(engine, ds.text_table, LinkageConfig(id="person_id", seed=SEED), aux=aux.text_table, aux_name=aux.path,
                   on=QIS)
comp = time.perf_counter() - t
ex = res.exact
engine.close()
report(compute_s=comp, import_s=imp, **{k: getattr(ex, k) for k in EXACT_KEYS})
"""

RISKAUDIT_ATTACKS = """
import time
t0 = time.perf_counter()
from riskaudit.config import DatasetConfig, LinkageConfig
from riskaudit.dataset import open_auxiliary, open_dataset
from riskaudit.engine import connect
from riskaudit.linkage import scan_linkage
imp = time.perf_counter() - t0
t = time.perf_counter()
engine = connect()
ds = open_dataset(DATA_PATH, DatasetConfig(), engine)
rel = open_auxiliary(RELEASE_PATH, engine)
ctl = open_auxiliary(CONTROL_PATH, engine)
an = dict(aux_columns=AUX_COLS, secret=SECRET, n_attacks=N_ATTACKS, confidence_level=CONFIDENCE)
if MAX_ROWS:
    an["max_rows"] = MAX_ROWS
cfg = LinkageConfig.model_validate({"seed": SEED, "anonymeter": an})
res = scan_linkage(engine, ds.text_table, cfg, release=rel.text_table, release_name=rel.path, control=ctl.text_table)
comp = time.perf_counter() - t
engine.close()
a = res.anonymeter
def attack(r):
    if r is None:
        return None
    return {"attack": [r.attack.value, r.attack.error, r.attack.successes, r.attack.trials],
            "baseline": [r.baseline.value, r.baseline.error], "control": [r.control.value, r.control.error],
            "risk": [r.risk.value, *r.risk.ci]}
report(compute_s=comp, import_s=imp, rows_used=a.rows, max_rows=cfg.anonymeter.max_rows, notes=a.notes,
       lower_bound={k: getattr(getattr(a, k), "lower_bound", False) for k in ("linkability", "inference") if getattr(a, k)},
       singling_out=attack(a.singling_out), linkability=attack(a.linkability), inference=attack(a.inference))
"""

PEER = """
import time, warnings
t0 = time.perf_counter()
import pyarrow as pa
import pyarrow.parquet as pq
from anonymeter.evaluators import InferenceEvaluator, LinkabilityEvaluator, SinglingOutEvaluator
imp = time.perf_counter() - t0
warnings.filterwarnings("ignore")  # "Attack is as good or worse as baseline": the numbers say it too
cols = list(dict.fromkeys(AUX_COLS + [SECRET]))
def head(path):
    pf = pq.ParquetFile(path)
    batches, n = [], 0
    for b in pf.iter_batches(batch_size=65536, columns=cols):
        batches.append(b.slice(0, MAX_ROWS - n))
        n += len(batches[-1])
        if n >= MAX_ROWS:
            break
    df = pa.Table.from_batches(batches).to_pandas()
    # anonymeter's encoders want one dtype per column: plain object strings, missing as NaN
    for c in df.columns:
        if not (df[c].dtype.kind in "iuf"):
            df[c] = df[c].astype(object)
    return df, pf.metadata.num_rows
t = time.perf_counter()
ori, n_ori = head(DATA_PATH)
syn, n_syn = head(RELEASE_PATH)
ctl, n_ctl = head(CONTROL_PATH)
load = time.perf_counter() - t
def attack(ev, trials):
    r = ev.results(confidence_level=CONFIDENCE)
    risk = ev.risk(confidence_level=CONFIDENCE)
    return {"attack": [r.attack_rate.value, r.attack_rate.error, int(r.n_success), trials],
            "baseline": [r.baseline_rate.value, r.baseline_rate.error],
            "control": [r.control_rate.value, r.control_rate.error], "risk": [risk.value, *risk.ci]}
n = min(N_ATTACKS, len(ori), len(ctl))
half = len(AUX_COLS) // 2
times = {}
t1 = time.perf_counter()
so = SinglingOutEvaluator(ori=ori[AUX_COLS], syn=syn[AUX_COLS], n_attacks=N_ATTACKS, control=ctl[AUX_COLS], seed=SEED)
so.evaluate(mode="univariate")
times["singling_out_s"] = time.perf_counter() - t1
t1 = time.perf_counter()
link = LinkabilityEvaluator(ori=ori, syn=syn, aux_cols=(AUX_COLS[:half], AUX_COLS[half:]), n_attacks=n, control=ctl)
link.evaluate(n_jobs=N_JOBS)
times["linkability_s"] = time.perf_counter() - t1
t1 = time.perf_counter()
inf = InferenceEvaluator(ori=ori, syn=syn, aux_cols=[c for c in AUX_COLS if c != SECRET], secret=SECRET, n_attacks=n,
                         control=ctl)
inf.evaluate(n_jobs=N_JOBS)
times["inference_s"] = time.perf_counter() - t1
comp = time.perf_counter() - t
report(compute_s=comp, import_s=imp, load_s=load, **times, rows_used={"original": len(ori), "release": len(syn),
       "control": len(ctl)}, rows_in_files=[n_ori, n_syn, n_ctl],
       n_so_success_queries=len(so.queries()),
       singling_out=attack(so, N_ATTACKS), linkability=attack(link, n), inference=attack(inf, n))
"""


def _code(template: str, **consts) -> str:
    return "".join(f"{k} = {v!r}\n" for k, v in consts.items()) + template


def anonymeter_python() -> Path:
    """The peer's interpreter: ``benchmarks/.venvs/anonymeter``, created on first use."""
    venv = HERE / ".venvs" / "anonymeter"
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"creating {venv} (pip install anonymeter) ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "anonymeter==1.1.0"], check=True)
    return py


# --------------------------------------------------------------------------------------------- output


def _rate(v: list | None) -> str:
    return "-" if not v else f"{v[0]:.4f} +- {v[1]:.4f}"


def _risk(v: list | None) -> str:
    return "-" if not v else f"{v[0]:.4f} [{v[1]:.4f}, {v[2]:.4f}]"


def exact_table(floor: Measurement, ra: Measurement) -> str:
    out = ["| exact linkage | floor | riskaudit |", "|---|---|---|"]
    for k in EXACT_KEYS:
        out.append(f"| {k} | {floor.get(k):,} | {ra.get(k):,} |")
    shares = [
        ("unique match rate (matched_unique / aux_rows)", "matched_unique", "aux_rows"),
        ("correct re-identification rate (correct / aux_rows)", "correct", "aux_rows"),
        ("precision (correct / matched_unique)", "correct", "matched_unique"),
        ("correct share of aux people in the data (correct / aux_in_data)", "correct", "aux_in_data"),
    ]
    for name, num, den in shares:
        vals = [m.get(num) / m.get(den) if m.get(den) else None for m in (floor, ra)]
        out.append(f"| {name} | " + " | ".join("-" if v is None else f"{v:.4f}" for v in vals) + " |")
    return "\n".join(out)


def attacks_table(runs: list[Measurement]) -> str:
    out = [
        "| attack | contender | attacks | attack rate +- err | baseline | control | risk [CI] |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("singling_out", "linkability", "inference"):
        for m in runs:
            r, tool = m.get(name), m.label.split(" (")[0]
            if r is None:
                out.append(f"| {name} | {tool} | - | - | - | - | - |")
                continue
            out.append(
                f"| {name} | {tool} | {r['attack'][3]:,} | {_rate(r['attack'])} | {_rate(r['baseline'])} | "
                f"{_rate(r['control'])} | {_risk(r['risk'])} |"
            )
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="people in the original (audited) table")
    ap.add_argument("--seed", type=int, default=0, help="data generation and riskaudit's attack seed")
    ap.add_argument("--n-attacks", type=int, default=2000, help="attacks per Anonymeter attack, both tools")
    ap.add_argument(
        "--ra-max-rows",
        type=int,
        default=None,
        help="riskaudit's linkage.anonymeter.max_rows (a seeded sample of the release; default: the whole release)",
    )
    ap.add_argument(
        "--peer-max-rows",
        type=int,
        default=200_000,
        help="anonymeter reads the first N rows of each table (O(n_attacks x rows): 20,000 rows took 31 s)",
    )
    ap.add_argument(
        "--peer-jobs", type=int, default=-2, help="anonymeter n_jobs (its default -2: all cores but one)"
    )
    ap.add_argument("--skip-peer", action="store_true", help="do not run anonymeter (nor create its venv)")
    ap.add_argument(
        "--peer",
        choices=["auto", "yes"],
        default="auto",
        help="auto: run anonymeter only when --rows <= 1,000,000 (it reads the first --peer-max-rows rows, "
        "so larger runs would repeat the same measurement)",
    )
    args = ap.parse_args()

    files = paths(args.rows, args.seed)
    if not all(p.exists() for p in files.values()):
        print(f"generating {files['data'].name} (+ control, release, aux) ...", flush=True)
        generate(args.rows, args.seed)
    sizes = {k: pq.ParquetFile(p).metadata.num_rows for k, p in files.items()}
    mib = sum(p.stat().st_size for p in files.values()) / 2**20
    print(
        f"{args.rows:,} rows; original {sizes['data']:,}, control {sizes['control']:,}, release {sizes['release']:,}, "
        f"aux {sizes['aux']:,} rows ({mib:.0f} MiB parquet); {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs; python {platform.python_version()}"
    )
    print(
        f"exact linkage on {QIS}; attacks: {args.n_attacks:,} each, aux columns {AUX_COLS}, secret {SECRET!r}\n",
        flush=True,
    )

    consts = dict(
        DATA_PATH=str(files["data"]),
        AUX_PATH=str(files["aux"]),
        RELEASE_PATH=str(files["release"]),
        CONTROL_PATH=str(files["control"]),
        QIS=QIS,
        AUX_COLS=AUX_COLS,
        SECRET=SECRET,
        SEED=args.seed,
        N_ATTACKS=args.n_attacks,
        CONFIDENCE=CONFIDENCE,
        EXACT_KEYS=EXACT_KEYS,
    )
    floor_label = "floor: duckdb join + aggregate"
    runs = [
        measure_python(_code(FLOOR, **consts), floor_label),
        measure_python(_code(RISKAUDIT_EXACT, **consts), "riskaudit exact linkage (+ correct share)"),
        measure_python(
            _code(RISKAUDIT_ATTACKS, MAX_ROWS=args.ra_max_rows, **consts),
            "riskaudit Anonymeter-style (singling out, linkability, inference)",
        ),
    ]
    peer_note = None
    if args.peer == "auto" and args.rows > 1_000_000 and not args.skip_peer:
        args.skip_peer = True
        skip_why = "its capped run is the same at every size: see the 1M run, or pass --peer yes"
    else:
        skip_why = "--skip-peer"
    if args.skip_peer:
        peer_note = f"peer anonymeter 1.1.0: skipped ({skip_why})"
    elif args.peer_max_rows <= 0:
        peer_note = "peer anonymeter 1.1.0: skipped (--peer-max-rows 0)"
    else:
        py = anonymeter_python()
        code = PRELUDE + "\n" + _code(PEER, MAX_ROWS=args.peer_max_rows, N_JOBS=args.peer_jobs, **consts)
        runs.append(
            measure_command(
                [str(py), "-c", code], "peer: anonymeter 1.1.0 (singling out, linkability, inference)"
            )
        )
        capped = [
            f"{k} {min(sizes[k], args.peer_max_rows):,} of {sizes[k]:,}"
            for k in ("data", "release", "control")
            if sizes[k] > args.peer_max_rows
        ]
        peer_note = (
            (
                f"peer anonymeter 1.1.0: CAPPED at --peer-max-rows {args.peer_max_rows:,} (first rows of: "
                + "; ".join(capped)
                + ")"
            )
            if capped
            else "peer anonymeter 1.1.0: whole tables (not capped)"
        )
    bad = [r for r in runs if not r.ok]
    for r in bad:
        print(f"{r.label} failed (exit {r.returncode}):\n{r.stderr[-3000:]}")
    if bad:
        return 1

    print(table(runs, floor=floor_label))
    print()
    for m in runs:
        extra = ", ".join(
            f"{k}={m.get(k):.2f}s"
            for k in ("import_s", "load_s", "singling_out_s", "linkability_s", "inference_s")
            if m.get(k) is not None
        )
        print(f"- {m.label}: {extra}")
    print(f"\n{peer_note}")

    floor, ra = runs[0], runs[1]
    print("\n### Exact linkage (auxiliary rows against the data)\n")
    print(exact_table(floor, ra))
    same = all(floor.get(k) == ra.get(k) for k in EXACT_KEYS)

    attack_runs = runs[2:]
    ra_att = runs[2]
    print(
        f"\n### Anonymeter attacks ({int(CONFIDENCE * 100)}% intervals; risk = (attack - control) / (1 - control))\n"
    )
    print(attacks_table(attack_runs))
    cap = ra_att.get("max_rows")
    print(
        f"\nrows attacked: riskaudit {ra_att.get('rows_used')} (release searched: "
        + ("the whole release" if cap is None else f"up to max_rows {cap:,}")
        + f"; lower bound: {ra_att.get('lower_bound')})"
        + (f"; peer {attack_runs[1].get('rows_used')}" if len(attack_runs) > 1 else "")
    )
    used = ra_att.get("rows_used") or {}
    if used.get("release_searched", sizes["release"]) < sizes["release"]:
        print(
            f"caution: riskaudit searched {used['release_searched']:,} of {sizes['release']:,} release rows "
            "(max_rows): its linkability and inference risks are lower bounds"
        )
    for note in ra_att.get("notes") or []:
        print(f"riskaudit note: {note}")
    if len(attack_runs) > 1:
        pa_, pe = attack_runs
        print(
            f"singling out differs by definition: anonymeter builds at most n distinct univariate queries (here "
            f"{pe.get('n_so_success_queries'):,} singled out a record; missing queries count as failures) and rescales "
            "the control count with a fitted model when control and original differ in size; riskaudit draws n "
            "predicates with replacement and rescales the control's successes to the original's size with "
            "P(w, n) = n w (1 - w)^(n - 1), w estimated per predicate from the control"
        )
        print(
            f"peer / riskaudit attacks: wall {pe.wall_s / pa_.wall_s:.2f}x, compute "
            f"{pe.get('compute_s') / pa_.get('compute_s'):.2f}x, peak RSS {pe.peak_rss_mib / pa_.peak_rss_mib:.2f}x; "
            "anonymeter's linkability and inference draws are unseeded (singling out gets --seed), so its rates vary "
            "run to run"
        )

    if not same:
        print("\nerror: the floor and riskaudit disagree on the exact-linkage counts")
        return 1
    print("\nexact-linkage counts: floor and riskaudit identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
