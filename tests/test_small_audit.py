"""Small audits fast (issue 20, item 4), without changing a number: a small input is parsed once into a DuckDB
table (same values, same order as the read_csv view), report.html's figures are SVG written directly (well-formed,
escaped, carrying the figures' numbers, no matplotlib), and fuzzy linkage bounds EM training only above
``EM_MAX_PAIRS`` candidate pairs. Speed itself is measured in benchmarks/bench_small.py, never here."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from riskaudit.config import AuditConfig
from riskaudit.dataset import open_dataset
from riskaudit.engine import DuckDBEngine, _duckdb
from riskaudit.render import _figures

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


def _csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(5)
    n = 500
    df = pd.DataFrame(
        {
            "id": [f"P{i:05d}" for i in range(n)],
            "zip5": [f"{z:05d}" for z in rng.integers(10000, 10050, size=n)],
            "amount": np.round(rng.normal(100, 30, size=n), 2),
            "note": rng.choice([" a ", "NA", "b", ""], size=n),
        }
    )
    p = tmp_path / "small.csv"
    df.to_csv(p, index=False)
    return p


def _kinds(engine: DuckDBEngine) -> dict[str, str]:
    rows = engine.raw.execute(
        "SELECT table_name, 'table' FROM duckdb_tables() WHERE temporary UNION ALL "
        "SELECT view_name, 'view' FROM duckdb_views() WHERE temporary AND NOT internal"
    ).fetchall()
    return {name: kind for name, kind in rows if name.startswith("__riskaudit_")}


def _read(path: Path, small_bytes: int, monkeypatch) -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    monkeypatch.setattr(_duckdb, "SMALL_INPUT_BYTES", small_bytes)
    engine = DuckDBEngine()
    try:
        cfg = AuditConfig.model_validate({"dataset": {"null_values": ["NA"]}}).dataset
        ds = open_dataset(str(path), cfg, engine)
        typed = engine.execute(engine.with_row_number(ds.table, "__r").order_by("__r"))
        text = engine.execute(engine.with_row_number(ds.text_table, "__r").order_by("__r"))
        return _kinds(engine), typed, text
    finally:
        engine.close()


def test_small_input_parsed_once_into_a_table_same_rows_as_the_view(tmp_path, monkeypatch):
    p = _csv(tmp_path)
    kinds_small, typed_small, text_small = _read(p, 64 << 20, monkeypatch)
    kinds_large, typed_large, text_large = _read(p, 10, monkeypatch)  # 10 bytes: everything is "large"
    assert sorted(kinds_small.values()) == ["table", "table"]  # typed and text, each parsed once
    assert sorted(kinds_large.values()) == ["view", "view"]
    pd.testing.assert_frame_equal(typed_small, typed_large)
    pd.testing.assert_frame_equal(text_small, text_large)
    # the cleaning still applies (trimmed text, the null marker is NULL) and the row order is the file's
    src = pd.read_csv(p, dtype=str, keep_default_na=False)
    assert list(text_small["id"]) == list(src["id"])
    notes = set(text_small["note"].dropna())
    assert "a" in notes and " a " not in notes and "NA" not in notes
    assert int(text_small["note"].isna().sum()) >= int((src["note"] == "NA").sum()) > 0
    assert str(typed_small["amount"].dtype).startswith("float")


def test_input_bytes_counts_every_file_and_unsized_is_large(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("x\n1\n")
    b.write_text("x\n22\n")
    spec = _duckdb.SourceSpec(display="d", name="d", files=[a, b], format="csv")
    assert _duckdb._input_bytes(spec) == a.stat().st_size + b.stat().st_size == 9
    gone = _duckdb.SourceSpec(display="d", name="d", files=[tmp_path / "missing.csv"], format="csv")
    assert _duckdb._input_bytes(gone) > _duckdb.SMALL_INPUT_BYTES


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # well-formed XML or this raises
    assert root.tag == f"{SVG}svg"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_histogram_svg_carries_every_bin_and_count():
    svg = _figures.class_size_histogram({"1": 19376, "2": 301, "3": 6, "4": 1, "12": 3}, 5)
    texts = _texts(svg)
    for label, n, _ in _figures.size_bins({"1": 19376, "2": 301, "3": 6, "4": 1, "12": 3}, 5):
        assert label in texts and f"{n:,}" in texts
    assert "Classes by size; hatched red = below k = 5" in texts
    assert svg.count('fill="url(#ra-hatch)"') == 4  # sizes 1-4 are below k and non-empty


def test_risk_distribution_counts_records_per_band():
    texts = _texts(_figures.risk_distribution({"1": 10, "2": 3, "4": 2, "25": 1}, 0.2))
    # records: 10 unique, 6 at risk 0.5, 8 at 0.25 in (0.2, 0.34], 25 at 0.04 in <= 0.05
    after = {texts[i]: texts[i + 1] for i in range(len(texts) - 1)}
    assert (
        after["1 (unique)"] == "10"
        and after["0.5"] == "6"
        and after["(0.2, 0.34]"] == "8"
        and after["<= 0.05"] == "25"
    )


def test_intervals_svg_draws_each_interval_and_escapes_labels():
    hostile = '<b>"x" & y</b>'
    svg = _figures.intervals(
        "race: ratio",
        ["White", hostile, "No CI"],
        [1.0, 0.62, 0.9],
        [0.9, 0.5, None],
        [1.05, 0.74, None],
        "impact ratio",
        line=0.8,
        line_label="four-fifths (0.8)",
    )
    texts = _texts(svg)
    assert "<b>" not in svg and hostile in texts  # escaped in the markup, intact as text
    assert "0.62 [0.5, 0.74]" in texts and "0.9" in texts and "four-fifths (0.8)" in texts
    root = ET.fromstring(svg)
    blue = [ln for ln in root.iter(f"{SVG}line") if ln.get("stroke") == _figures.BLUE]
    assert (
        len(blue) == 2 * 3
    )  # two intervals: the bar and two caps each; the group without one has a dot only
    assert len(list(root.iter(f"{SVG}circle"))) == 3
    assert _figures.intervals("t", ["a"], [None], [None], [None], "x") == ""


def test_heatmap_writes_each_share_in_its_cell():
    texts = _texts(
        _figures.pii_heatmap(
            {"email": {"EMAIL_ADDRESS": 1.0}, "note": {"PERSON": 0.109, "EMAIL_ADDRESS": 0.054}, "empty": {}}
        )
    )
    assert "100%" in texts and "11%" in texts and "5%" in texts
    assert "empty" not in texts and {"email", "note", "EMAIL_ADDRESS", "PERSON"} <= set(texts)
    assert _figures._red(0.0) == "#fff5f0" and _figures._red(1.0) == "#67000d"


def test_rendering_html_imports_no_plotting_library():
    code = (
        "import sys; import riskaudit.render.html as h; from riskaudit.render import _figures as f; "
        "f.intervals('t', ['a'], [1.0], [0.5], [1.2], 'x'); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""},
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- fuzzy linkage: EM bounded only past EM_MAX_PAIRS


def _people(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "pid": [f"P{i}" for i in range(n)],
            "zip5": [f"{z}" for z in rng.integers(10000, 10020, size=n)],
            "date_of_birth": [
                f"19{y}-0{m}-1{d}"
                for y, m, d in zip(
                    rng.integers(50, 60, size=n),
                    rng.integers(1, 10, size=n),
                    rng.integers(0, 10, size=n),
                    strict=True,
                )
            ],
            "sex": rng.choice(["F", "M"], size=n),
        }
    )


@pytest.mark.slow
def test_fuzzy_em_samples_only_rules_above_the_bound(monkeypatch):
    from splink.internals.linker_components.training import LinkerTraining

    from riskaudit.linkage import _fuzzy

    seen: list[float | None] = []
    real = LinkerTraining.estimate_parameters_using_expectation_maximisation

    def spy(self, rule, *args, **kwargs):
        seen.append(kwargs.get("max_pairs"))
        return real(self, rule, *args, **kwargs)

    monkeypatch.setattr(LinkerTraining, "estimate_parameters_using_expectation_maximisation", spy)
    data = _people(600, 1)
    aux = data.sample(300, random_state=2).reset_index(drop=True)

    def link(bound: int):
        monkeypatch.setattr(_fuzzy, "EM_MAX_PAIRS", bound)
        seen.clear()
        engine = DuckDBEngine(threads=1)
        try:
            d, a = engine.from_pandas(data)[0], engine.from_pandas(aux)[0]
            res = _fuzzy.fuzzy_linkage(
                engine, d, a, ["zip5", "date_of_birth", "sex"], id_column="pid", seed=0
            )
            # the exact candidate-pair count of each chosen rule, computed independently in pandas
            counts = [
                int(
                    data.groupby(r)
                    .size()
                    .rename("l")
                    .to_frame()
                    .join(aux.groupby(r).size().rename("r"), how="inner")
                    .pipe(lambda t: (t["l"] * t["r"]).sum())
                )
                for r in res.blocking_rules[:2]
            ]
            return res, list(seen), counts
        finally:
            engine.close()

    full, seen_full, counts = link(1_000_000)
    assert seen_full == [None] * len(seen_full) and len(seen_full) == min(2, len(full.blocking_rules))
    assert full.linked > 0
    bound = min(counts) - 1  # every chosen rule now has more candidate pairs than the bound
    _, seen_small, _ = link(bound)
    assert seen_small == [bound] * len(seen_small)


def test_parse_once_only_small_text_inputs_within_a_quarter_of_the_memory_limit(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("x\n" + "1\n" * 5000)  # 10,002 bytes
    csv = _duckdb.SourceSpec(display="t", name="t", files=[p], format="csv")
    parquet = _duckdb.SourceSpec(display="t", name="t", files=[p], format="parquet")
    engines = {k: DuckDBEngine(memory_limit=k) for k in ("1GB", "41000B", "39000B")}
    plain = DuckDBEngine()
    try:
        assert plain._parse_once(csv) and not plain._parse_once(
            parquet
        )  # Parquet is columnar: it stays a view
        assert engines["1GB"]._parse_once(csv) and engines["41000B"]._parse_once(
            csv
        )  # 4 x 10,002 = 40,008 <= 41,000
        assert not engines["39000B"]._parse_once(csv)
        assert _duckdb._bytes_of("512 MiB") == 512 << 20 and _duckdb._bytes_of("4GB") == 4 * 10**9
        assert _duckdb._bytes_of("lots") is None
    finally:
        for e in [plain, *engines.values()]:
            e.close()
