"""Sources: every input form gives the same answer, detection works, overrides win, odd names survive."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from adult import ADULT_COLS
from helpers import cli
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.dataset import open_dataset
from riskaudit.engine import DuckDBEngine, connect, resolve_source
from riskaudit.errors import EngineError
from riskaudit.reident import class_size_histogram, scan_reident

QIS = ["zip5", "birth_year", "sex"]


def people(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    """A small seeded table: skewed ZIPs with leading zeros, birth years, sex with a few missing."""
    rng = np.random.default_rng(seed)
    zips = [f"{z:05d}" for z in rng.choice(np.arange(1000, 99999), size=40, replace=False)]
    w = 1.0 / np.arange(1, 41) ** 0.9
    sex = rng.choice(np.array(["F", "M", None], dtype=object), size=n, p=[0.49, 0.49, 0.02])
    return pd.DataFrame(
        {
            "person_id": np.arange(n),
            "zip5": rng.choice(zips, size=n, p=w / w.sum()),
            "birth_year": rng.integers(1930, 2005, size=n),
            "sex": sex,
            "diagnosis": rng.choice([f"I{i:02d}" for i in range(12)], size=n),
        }
    )


def expected_reident(df: pd.DataFrame, qis: list[str], k: int = 5) -> dict:
    """An independent pandas group-by (NULL is its own value)."""
    sizes = df.astype({c: str for c in qis}).groupby(qis, dropna=False).size()
    hist = sizes.value_counts().sort_index()
    return {
        "records": len(df),
        "classes": len(sizes),
        "k": int(sizes.min()),
        "class_size_histogram": {str(int(s)): int(c) for s, c in hist.items()},
        "records_in_small_classes": int(sizes[sizes < k].sum()),
    }


def reident_of(sc: dict) -> dict:
    r = sc["results"]["reident"]
    return {k: r[k] for k in ("records", "classes", "k", "class_size_histogram", "records_in_small_classes")}


def config(**overrides):
    over = {"columns": {"quasi_identifiers": list(QIS)}}
    for k, v in overrides.items():
        over.setdefault(k, {}).update(v)
    return load_config(None, overrides=over)


def audit_json(data, tmp_path: Path, **overrides) -> dict:
    out = tmp_path / "out"
    # profile + reident only: the other scanners have their own tests, and this file is about reading
    report = run_audit(data, config(**overrides), out_dir=out, only=["reident"])
    assert (out / "scorecard.json").is_file() and (out / "report.md").is_file()
    sc = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
    assert sc == json.loads(report.scorecard.to_json())
    return sc


# ------------------------------------------------------------------------------- every input form


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return people()


@pytest.fixture(scope="module")
def want(frame) -> dict:
    return expected_reident(frame, QIS)


def _write(frame: pd.DataFrame, kind: str, d: Path) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    if kind == "csv":
        frame.to_csv(d / "people.csv", index=False)
        return d / "people.csv"
    if kind == "tsv":
        frame.to_csv(d / "people.tsv", index=False, sep="\t")
        return d / "people.tsv"
    if kind == "parquet":
        frame.to_parquet(d / "people.parquet", index=False)
        return d / "people.parquet"
    if kind == "jsonl":
        frame.to_json(d / "people.jsonl", orient="records", lines=True)
        return d / "people.jsonl"
    parts = np.array_split(np.arange(len(frame)), 3)
    if kind == "glob":
        for i, idx in enumerate(parts):
            frame.iloc[idx].to_csv(d / f"part-{i}.csv", index=False)
        return d / "part-*.csv"
    if kind == "directory":
        sub = d / "people_dir"
        (sub / "nested").mkdir(parents=True)
        for i, idx in enumerate(parts):
            target = sub / "nested" if i == 2 else sub
            frame.iloc[idx].to_parquet(target / f"part-{i}.parquet", index=False)
        (sub / "README.md").write_text("not data; ignored\n")
        return sub
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["csv", "tsv", "parquet", "jsonl", "glob", "directory"])
def test_every_file_form_gives_the_pandas_answer(kind, frame, want, tmp_path):
    data = _write(frame, kind, tmp_path / "in")
    sc = audit_json(str(data), tmp_path)
    assert sc["dataset"]["rows"] == len(frame)
    assert sc["dataset"]["columns"] == frame.shape[1]
    assert reident_of(sc) == want
    prof = sc["results"]["profile"]["columns"]
    assert sorted(prof) == sorted(frame.columns)
    assert prof["sex"]["nulls"] == int(frame["sex"].isna().sum())
    assert prof["zip5"]["distinct"] == frame["zip5"].nunique()
    expected_format = {"glob": "csv", "directory": "parquet"}.get(kind, kind)
    assert sc["dataset"]["format"] == expected_format
    if kind in ("glob", "directory"):
        files = sc["dataset"]["files"]
        assert len(files) == 3 and all(len(f["sha256"]) == 64 for f in files)
        assert [f["path"] for f in files] == sorted(f["path"] for f in files)


def test_dataframe_source(frame, want, tmp_path):
    sc = audit_json(frame, tmp_path)
    assert sc["dataset"]["path"] == "<DataFrame>" and sc["dataset"]["format"] == "pandas"
    assert reident_of(sc) == want
    again = audit_json(frame.copy(), tmp_path / "again")
    assert again["dataset"]["sha256"] == sc["dataset"]["sha256"]


def test_cli_reads_parquet_and_jsonl(frame, want, tmp_path):
    for kind in ("parquet", "jsonl"):
        data = _write(frame, kind, tmp_path / kind)
        r = cli("risk", str(data), "--qi", ",".join(QIS), "--json")
        assert r.exit_code == 0, r.stderr
        got = json.loads(r.stdout)
        assert {k: got[k] for k in want} == want


def test_glob_sha256_binds_every_file(frame, tmp_path):
    data = _write(frame, "glob", tmp_path / "in")
    a = resolve_source(str(data))
    (tmp_path / "in" / "part-1.csv").write_text(
        "person_id,zip5,birth_year,sex,diagnosis\n1,00001,1950,F,I01\n"
    )
    b = resolve_source(str(data))
    assert a.sha256 != b.sha256 and len(a.digests) == 3
    assert a.digests[0].sha256 == b.digests[0].sha256


# -------------------------------------------------------------------------- detection and overrides


@pytest.mark.parametrize("delim", [";", "|", "\t"])
def test_delimiter_detected(delim, frame, tmp_path):
    p = tmp_path / "people.csv"
    frame.to_csv(p, index=False, sep=delim)
    spec = resolve_source(str(p))
    assert spec.delimiter == delim and spec.header is True
    sc = audit_json(str(p), tmp_path)
    assert reident_of(sc) == expected_reident(frame, QIS)


def test_delimiter_override_wins(tmp_path):
    # ',' and '|' both split every line evenly; whichever is detected, the configured one wins
    p = tmp_path / "odd.csv"
    p.write_text("a,b|c\n1,2|3\n4,5|6\n7,8|9\n")
    sniffed = resolve_source(str(p)).delimiter
    assert sniffed in (",", "|")
    other = "|" if sniffed == "," else ","
    assert resolve_source(str(p), delimiter=other).delimiter == other
    engine = DuckDBEngine()
    ds = open_dataset(str(p), config(dataset={"delimiter": other}).dataset, engine)
    assert ds.columns == (["a,b", "c"] if other == "|" else ["a", "b|c"])
    assert ds.rows == 3


def test_latin1_with_encoding_override(tmp_path):
    p = tmp_path / "latin.csv"
    rows = ["name,city,zip5"] + [f"Jos\xe9 {i},Bogot\xe1,{10000 + i % 3}" for i in range(30)]
    p.write_bytes(("\n".join(rows) + "\n").encode("latin-1"))
    engine = DuckDBEngine()
    ds = open_dataset(str(p), config(dataset={"encoding": "latin-1"}).dataset, engine)
    assert ds.rows == 30
    cities = set(engine.execute(ds.text_table.city))
    assert cities == {"Bogotá"}


def test_utf16_detected_by_bom(tmp_path):
    p = tmp_path / "wide.csv"
    p.write_bytes("zip5,sex\n10001,F\n10002,M\n10001,F\n".encode("utf-16"))
    spec = resolve_source(str(p))
    assert spec.encoding == "utf-16"
    engine = DuckDBEngine()
    ds = open_dataset(str(p), config().dataset, engine)
    assert ds.columns == ["zip5", "sex"] and ds.rows == 3


def test_headerless_file_with_column_names(tmp_path):
    p = tmp_path / "noheader.csv"
    p.write_text("10001,1970,F\n10002,1980,M\n10001,1970,F\n")
    assert resolve_source(str(p)).header is False  # all-numeric first line: detected as data
    cfg = config(dataset={"header": False, "column_names": ["zip5", "birth_year", "sex"]})
    sc = audit_json(
        str(p), tmp_path, dataset={"header": False, "column_names": ["zip5", "birth_year", "sex"]}
    )
    assert cfg.dataset.header is False
    assert sc["dataset"]["rows"] == 3
    assert reident_of(sc)["class_size_histogram"] == {"1": 1, "2": 1}


def test_header_false_keeps_first_line_as_data(tmp_path):
    p = tmp_path / "words.csv"
    p.write_text("alpha,beta\ngamma,delta\n")
    engine = DuckDBEngine()
    ds = open_dataset(str(p), config(dataset={"header": False, "column_names": ["a", "b"]}).dataset, engine)
    assert ds.rows == 2 and sorted(engine.execute(ds.text_table.a)) == ["alpha", "gamma"]


def test_null_markers(tmp_path):
    p = tmp_path / "nulls.csv"
    p.write_text("zip5,sex,race\n10001,F,-\n10002,?,White\n10003,M,n/a\n10004,F,White\n10005, ,Asian\n")
    engine = DuckDBEngine()
    # defaults: "", "?" and friends are missing; "-" and "n/a" are values
    ds = open_dataset(str(p), config().dataset, engine)
    qis = {"quasi_identifiers": ["zip5", "sex"]}
    sc = run_audit(str(p), config(columns=qis), write=False, only=["reident"]).scorecard
    cols = sc.results.profile.columns
    assert (cols["sex"].nulls, cols["race"].nulls) == (2, 0)
    assert ds.rows == 5
    # override: a custom list replaces the defaults
    over = {"null_values": ["-", "n/a"]}
    sc = run_audit(str(p), config(dataset=over, columns=qis), write=False, only=["reident"]).scorecard
    cols = sc.results.profile.columns
    assert (cols["sex"].nulls, cols["race"].nulls) == (0, 2)


def test_adult_data_with_column_names(shared_data, tmp_path):
    """UCI Adult: no header, ", " separated, "?" missing; published counts and rates."""
    names = list(ADULT_COLS)
    cfg = config(dataset={"column_names": names})
    spec = resolve_source(str(shared_data / "adult/adult.data"), column_names=names)
    assert spec.header is False and spec.delimiter == ","
    engine = DuckDBEngine()
    ds = open_dataset(str(shared_data / "adult/adult.data"), cfg.dataset, engine)
    assert ds.rows == 32561 and ds.columns == names
    t = ds.table
    nulls = engine.execute(
        t.aggregate([t[c].isnull().sum().name(c) for c in ("workclass", "occupation", "native-country")])
    )
    assert nulls.iloc[0].to_dict() == {"workclass": 1836, "occupation": 1843, "native-country": 583}
    rates = engine.execute(
        t.group_by("sex").agg(n=t.count(), rich=(t.income == ">50K").mean()).order_by("sex")
    )
    assert rates["sex"].tolist() == ["Female", "Male"]  # ", " separator: values trimmed
    assert rates["n"].tolist() == [10771, 21790]
    assert [round(x, 4) for x in rates["rich"]] == [0.1095, 0.3057]
    assert round(rates["rich"][0] / rates["rich"][1], 3) == 0.358
    assert str(t.schema()["age"]).startswith("int")


def test_fakenamegenerator_bom_is_not_in_the_first_name(shared_data, tmp_path):
    for f in ("FakeNameGenerator.com_100.csv", "FakeNameGenerator.com_3000.csv"):
        path = shared_data / "pii" / f
        assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
        engine = DuckDBEngine()
        ds = open_dataset(str(path), config().dataset, engine)
        assert ds.columns[0] == "Number"
        assert all("\ufeff" not in c for c in ds.columns)
    r = cli("risk", str(shared_data / "pii/FakeNameGenerator.com_100.csv"), "--qi", "Number", "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["records"] == 100


# ---------------------------------------------------------------------------------- awkward names

ODD = ["zip code", "Geburtsjahr (ñ/é/生年)", 'he said "sex"', "<b>race</b> & co", "last, first"]


def test_awkward_column_names_everywhere(tmp_path):
    rng = np.random.default_rng(3)
    n = 500
    df = pd.DataFrame(
        {
            ODD[0]: rng.choice(["10001", "10002", "02134"], size=n),
            ODD[1]: rng.integers(1950, 1960, size=n),
            ODD[2]: rng.choice(["F", "M"], size=n),
            ODD[3]: rng.choice(["White", "Black", "Asian"], size=n),
            ODD[4]: [f"name {i}" for i in range(n)],
        }
    )
    p = tmp_path / "odd names.csv"
    df.to_csv(p, index=False)
    cfg_path = tmp_path / "odd.yaml"
    cfg_path.write_text(
        "columns:\n  quasi_identifiers:\n"
        + "".join(f"    - {json.dumps(c, ensure_ascii=False)}\n" for c in ODD[:4]),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = cli("audit", str(p), "--config", str(cfg_path), "--out", str(out), "--quiet")
    assert r.exit_code in (0, 1), r.stderr
    sc = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))
    assert sorted(sc["results"]["profile"]["columns"]) == sorted(ODD)
    assert sc["results"]["reident"]["quasi_identifiers"] == ODD[:4]
    assert reident_of(sc) == expected_reident(df, ODD[:4])
    md = (out / "report.md").read_text(encoding="utf-8")
    # names are inert code spans in report.md (rendered: <code>&lt;b&gt;race...</code>, no <b> tag)
    from markdown_it import MarkdownIt

    assert "`<b>race</b> & co`" in md
    assert "<b>" not in MarkdownIt("commonmark").enable("table").render(md)
    assert "Geburtsjahr (ñ/é/生年)" in md
    # the risk command (QIs from the config) and the engine's sampling accept the same names
    r = cli("risk", str(p), "--config", str(cfg_path), "--json")
    assert r.exit_code == 0, r.stderr
    risk = json.loads(r.stdout)
    assert risk["quasi_identifiers"] == ODD[:4] and risk["classes"] == sc["results"]["reident"]["classes"]
    engine = connect()
    ds = open_dataset(str(p), config().dataset, engine)
    res = scan_reident(engine, ds.table, ODD[:4])
    assert res.classes == sc["results"]["reident"]["classes"]
    from riskaudit.engine import sample_values

    vals = sample_values(engine, ds.text_table, ODD[3], 5, seed=0)
    assert len(vals) == 5 and set(vals) <= {"White", "Black", "Asian"}


def test_awkward_names_from_dataframe(tmp_path):
    df = pd.DataFrame({c: ["a", "b", "a"] for c in ODD})
    sc = audit_json(df, tmp_path, columns={"quasi_identifiers": ODD[:2]})
    assert sorted(sc["results"]["profile"]["columns"]) == sorted(ODD)
    assert sc["results"]["reident"]["k"] == 1


# ---------------------------------------------------------------------------- engine resources


def test_memory_limit_threads_and_spill_directory(tmp_path):
    """A 20 MB cap on ~1.5M classes: DuckDB must spill to temp_directory and still count right."""
    n = 1_500_000
    rng = np.random.default_rng(11)
    df = pd.DataFrame(
        {
            "a": rng.integers(0, 2000, size=n),
            "b": rng.integers(0, 2000, size=n),
            "c": rng.choice(["F", "M"], size=n),
        }
    )
    p = tmp_path / "big.parquet"
    df.to_parquet(p, index=False, row_group_size=100_000)
    spill = tmp_path / "spill"
    cfg = config(engine={"memory_limit": "20MB", "threads": 1, "temp_directory": str(spill)})
    engine = connect(cfg.engine)
    assert isinstance(engine, DuckDBEngine)
    settings = dict(
        engine.raw.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('memory_limit', 'threads', 'temp_directory')"
        ).fetchall()
    )
    assert settings["threads"] == "1" and settings["temp_directory"] == str(spill)
    assert settings["memory_limit"].replace(" ", "").upper().startswith(("19.0MIB", "20.0MB", "19.0MB"))
    ds = open_dataset(str(p), cfg.dataset, engine)
    hist = class_size_histogram(engine, ds.table, ["a", "b", "c"])
    sizes = df.groupby(["a", "b", "c"]).size()
    assert sum(hist.values()) == len(sizes) and sum(s * c for s, c in hist.items()) == n
    assert hist == {int(s): int(c) for s, c in sizes.value_counts().sort_index().items()}
    assert spill.is_dir()
    engine.close()
    assert spill.is_dir(), "a configured temp_directory belongs to the user: never removed"
    # the same cap with spilling switched off cannot hold the classes: proof the run above spilled
    capped = DuckDBEngine(memory_limit="20MB", threads=1)
    capped.raw.execute("SET temp_directory = ''")
    ds2 = open_dataset(str(p), cfg.dataset, capped)
    with pytest.raises(EngineError, match=r"out of memory .*engine\.temp_directory"):
        class_size_histogram(capped, ds2.table, ["a", "b", "c"])


# ---------------------------------------------------------------------------- input never modified


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_input_never_modified(kind, frame, tmp_path):
    data = _write(frame, kind, tmp_path / "in")
    os.utime(data, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    before = (hashlib.sha256(data.read_bytes()).hexdigest(), data.stat().st_mtime_ns, data.stat().st_size)
    listing = sorted(os.listdir(data.parent))
    r = cli("audit", str(data), "--out", str(tmp_path / "out"), "--quiet")
    assert r.exit_code in (0, 1), r.stderr
    r = cli("risk", str(data), "--qi", ",".join(QIS))
    assert r.exit_code == 0, r.stderr
    after = (hashlib.sha256(data.read_bytes()).hexdigest(), data.stat().st_mtime_ns, data.stat().st_size)
    assert after == before
    # nothing written next to the input either (no sidecar, no cache, no spill files)
    assert sorted(os.listdir(data.parent)) == listing
    sc = json.loads((tmp_path / "out" / "scorecard.json").read_text())
    assert sc["dataset"]["sha256"] == before[0]


def test_default_spill_directory_is_private_and_removed(tmp_path, monkeypatch):
    """Without engine.temp_directory, spill files go to a private temp dir, not DuckDB's ./.tmp."""
    monkeypatch.chdir(tmp_path)
    engine = connect(config().engine)
    spill = engine.raw.execute(
        "SELECT value FROM duckdb_settings() WHERE name = 'temp_directory'"
    ).fetchone()[0]
    assert Path(spill).is_dir() and not Path(spill).is_relative_to(tmp_path)
    assert Path(spill).stat().st_mode & 0o077 == 0
    engine.close()
    assert not Path(spill).exists()
    assert list(tmp_path.iterdir()) == []


def test_gzip_csv_and_metadata_files_in_a_directory(frame, want, tmp_path):
    """``.csv.gz`` reads like ``.csv``; Spark/Hive metadata (``_SUCCESS``, ``.x``, ``_temporary/``) is skipped."""
    d = tmp_path / "spark_out"
    (d / "_temporary").mkdir(parents=True)
    parts = np.array_split(np.arange(len(frame)), 2)
    for i, idx in enumerate(parts):
        frame.iloc[idx].to_csv(d / f"part-{i}.csv.gz", index=False, compression="gzip")
    (d / "_SUCCESS").write_text("")
    (d / "._part-0.csv.gz").write_bytes(b"\x00\x05\x16\x07 resource fork")
    (d / "_temporary" / "part-9.csv.gz").write_bytes(b"not gzip")
    spec = resolve_source(str(d))
    assert [f.name for f in spec.files] == ["part-0.csv.gz", "part-1.csv.gz"]
    assert spec.format == "csv" and spec.header is True
    sc = audit_json(str(d), tmp_path)
    assert reident_of(sc) == want
    single = resolve_source(str(d / "part-0.csv.gz"))
    assert single.format == "csv" and single.delimiter == "," and single.name == "part-0"


def test_corrupt_gzip_is_one_line(tmp_path):
    from riskaudit.errors import InputError

    p = tmp_path / "broken.csv.gz"
    p.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(InputError, match=r"broken\.csv\.gz: not a readable gzip file"):
        resolve_source(str(p))


def test_typed_sources_are_read_as_stored_unless_cleaning_is_configured(tmp_path):
    """Null markers and trimming undo text encoding: on by default for CSV, off for Parquet and DataFrames
    (real NULLs), and applied to any format when set explicitly."""
    frame = pd.DataFrame({"sex": ["F", " M ", "NA", None, "?"], "n": [1, 2, 3, 4, 5]})
    pq = tmp_path / "t.parquet"
    csv = tmp_path / "t.csv"
    frame.to_parquet(pq, index=False)
    frame.to_csv(csv, index=False)

    def values(path, **dataset) -> list:
        engine = DuckDBEngine()
        ds = open_dataset(path, config(dataset=dataset).dataset, engine)
        df = engine.execute(ds.table.order_by("n"))
        engine.close()
        return [None if pd.isna(v) else v for v in df["sex"]]

    assert values(str(pq)) == ["F", " M ", "NA", None, "?"]
    assert values(frame) == ["F", " M ", "NA", None, "?"]
    assert values(str(csv)) == ["F", "M", None, None, None]
    assert values(str(pq), null_values=["NA", "?"], trim_whitespace=True) == ["F", "M", None, None, None]
    assert values(str(csv), null_values=[], trim_whitespace=False) == ["F", " M ", "NA", None, "?"]


def test_duckdb_progress_bar_is_off():
    """DuckDB draws a progress bar on stdout for queries of a few seconds (10M+ rows): it would corrupt
    `--json` output, so the engine turns it off."""
    engine = DuckDBEngine()
    assert engine.raw.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False
    engine.close()
