"""One pipeline: roles resolved in one pure step, scanners selected by what they require, and the single-scanner
commands give the same results as `riskaudit audit` with the same settings (byte for byte)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from helpers import cli
from riskaudit.config import ColumnsConfig
from riskaudit.pii import ColumnPii, PiiResult
from riskaudit.scanners._registry import ROLES, registered_scanners, selected_scanners
from riskaudit.scanners._roles import resolve_roles


def _pii(**kw) -> PiiResult:
    col = dict(entities={}, confidence=0.9, role="other", reason="r")
    columns = {c: ColumnPii(**{**col, **extra}) for c, extra in kw.pop("columns", {}).items()}
    return PiiResult(columns=columns, sample_size=10, seed=0, jurisdictions=["US"], **kw)


COLUMNS = ["id", "zip", "birth_year", "sex", "race", "diagnosis", "notes", "email", "y"]


def test_resolve_roles_config_wins():
    cfg = ColumnsConfig(
        quasi_identifiers=["zip"],
        sensitive=["diagnosis"],
        protected=["sex"],
        id="id",
        roles={"email": "direct_identifier"},
    )
    pii = _pii(
        suggested_quasi_identifiers=["birth_year"],
        sensitive=["notes"],
        suggested_protected=["race"],
        direct_identifiers=["notes"],
        columns={"notes": {"free_text": True}},
    )
    r = resolve_roles(cfg, COLUMNS, pii)
    assert (r.quasi_identifiers, r.quasi_identifiers_source) == (["zip"], "config")
    assert r.sensitive == ["diagnosis"] and (r.protected, r.protected_source) == (["sex"], "config")
    assert r.direct_identifiers == ["email", "notes"]  # the config's, then the scan's


def test_resolve_roles_pii_fills_what_the_config_leaves_empty():
    pii = _pii(
        suggested_quasi_identifiers=["zip", "birth_year"],
        sensitive=["diagnosis", "notes"],
        suggested_protected=["race"],
        direct_identifiers=["email"],
        columns={"notes": {"free_text": True}, "diagnosis": {}},
    )
    r = resolve_roles(ColumnsConfig(id="id"), COLUMNS, pii)
    assert (r.quasi_identifiers, r.quasi_identifiers_source) == (["zip", "birth_year"], "suggested")
    assert r.sensitive == ["diagnosis"]  # free text is reported but is no attribute
    assert (r.protected, r.protected_source) == (["race"], "pii")
    assert r.direct_identifiers == ["email"]


def test_resolve_roles_name_fallback_and_none():
    r = resolve_roles(ColumnsConfig(id="id", label="y"), COLUMNS, None)
    # zip, birth year and sex are quasi-identifier names; race too (the list in _roles._QI_TOKENS)
    assert (
        r.quasi_identifiers == ["zip", "birth_year", "sex", "race"]
        and r.quasi_identifiers_source == "suggested"
    )
    assert r.protected_source == "name" and "sex" in r.protected and "y" not in r.protected
    off = resolve_roles(ColumnsConfig(), ["a", "b"], None)
    assert (off.quasi_identifiers, off.quasi_identifiers_source) == ([], "none")
    no_names = resolve_roles(ColumnsConfig(), COLUMNS, None, suggest_qis_by_name=False)
    assert no_names.quasi_identifiers == []


def test_resolve_roles_is_pure():
    cfg = ColumnsConfig(quasi_identifiers=["zip"])
    before = cfg.model_dump()
    a = resolve_roles(cfg, COLUMNS, None)
    a.quasi_identifiers.append("x")
    assert resolve_roles(cfg, COLUMNS, None).quasi_identifiers == ["zip"] and cfg.model_dump() == before


def test_scanners_declare_requirements_and_only_pulls_them_in():
    specs = {s.name: s for s in registered_scanners()}
    assert {n for n, s in specs.items() if ROLES in s.requires} == {"reident", "linkage", "bias"}
    assert [s.name for s in specs.values() if s.always] == ["profile"]
    assert [s.name for s in selected_scanners(["reident"])] == ["profile", "reident"]
    assert [s.name for s in selected_scanners(["quality"])] == ["profile", "quality"]
    assert [s.name for s in selected_scanners(None)] == [s.name for s in registered_scanners()]


def test_linkage_reads_the_roles_only_when_they_name_its_columns():
    # linkage.on set: it may run before the roles are resolved (while the PII analysis goes on); left to the
    # quasi-identifiers, it waits for them like reident and bias
    from riskaudit.config import AuditConfig

    specs = {s.name: s for s in registered_scanners()}
    named = AuditConfig.model_validate({"linkage": {"aux": "r.csv", "on": ["zip"]}})
    left = AuditConfig.model_validate({"linkage": {"aux": "r.csv"}})
    assert not specs["linkage"].needs_roles(named) and specs["linkage"].needs_roles(left)
    assert specs["reident"].needs_roles(named) and not specs["quality"].needs_roles(named)


@pytest.fixture()
def people(tmp_path):
    rng = np.random.default_rng(7)
    n = 400
    df = pd.DataFrame(
        {
            "zip": rng.choice(["10001", "10002", "10003", "10004", "10005"], n),
            "birth_year": rng.integers(1940, 2000, n).astype(str),
            "sex": rng.choice(["F", "M"], n),
            "diagnosis": rng.choice(["a", "b", "c", "d"], n),
        }
    )
    path = tmp_path / "people.csv"
    df.to_csv(path, index=False)
    return path


def test_risk_command_equals_audit_results_reident(people, tmp_path):
    cfg = tmp_path / "audit.yaml"
    cfg.write_text(
        "columns:\n  quasi_identifiers: [zip, birth_year, sex]\n  sensitive: [diagnosis]\n"
        "reident:\n  drivers: {enabled: false}\n",
        encoding="utf-8",
    )
    risk = cli("risk", str(people), "--qi", "zip,birth_year,sex", "--sensitive", "diagnosis", "--json")
    assert risk.exit_code == 0, risk.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["reident"]
    from_risk = json.loads(risk.stdout)
    assert from_risk["k"] >= 1 and from_risk["records"] == 400
    assert json.dumps(from_risk, sort_keys=True) == json.dumps(from_audit, sort_keys=True)


def test_pii_command_equals_audit_results_pii(people, tmp_path):
    cfg = tmp_path / "audit.yaml"
    cfg.write_text("pii:\n  sample_size: 200\n", encoding="utf-8")
    pii = cli("pii", str(people), "--sample-size", "200", "--json")
    assert pii.exit_code == 0, pii.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["pii"]
    from_pii = json.loads(pii.stdout)
    assert from_pii["sample_size"] == 200 and set(from_pii["columns"]) == {
        "zip",
        "birth_year",
        "sex",
        "diagnosis",
    }
    assert json.dumps(from_pii, sort_keys=True) == json.dumps(from_audit, sort_keys=True)


def test_quality_command_equals_audit_results_quality(people, tmp_path):
    cfg = tmp_path / "audit.yaml"
    cfg.write_text("quality:\n  label: diagnosis\npolicy:\n  extends: [data-quality]\n", encoding="utf-8")
    q = cli("quality", str(people), "--label", "diagnosis", "--json")
    assert q.exit_code in (0, 1), q.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["quality"]
    from_q = json.loads(q.stdout)
    assert from_q["rows"] == 400 and from_q["label"] == "diagnosis"
    assert json.dumps(from_q, sort_keys=True) == json.dumps(from_audit, sort_keys=True)


def test_bias_command_equals_audit_results_bias(people, tmp_path):
    cfg = tmp_path / "audit.yaml"
    cfg.write_text(
        "columns:\n  protected: [sex]\n  label: diagnosis\n  positive_label: a\n", encoding="utf-8"
    )
    b = cli("bias", str(people), "--protected", "sex", "--label", "diagnosis", "--positive", "a", "--json")
    assert b.exit_code == 0, b.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["bias"]
    from_b = json.loads(b.stdout)
    assert from_b["protected"] == ["sex"] and from_b["rows"] == 400
    assert json.dumps(from_b, sort_keys=True) == json.dumps(from_audit, sort_keys=True)


def test_an_engine_a_dataset_opens_for_itself_is_closed(monkeypatch):
    """A database URL read on a file engine opens a second engine: Dataset.close closes it (and an empty table
    closes it at once); the engine the caller gave is left open."""
    import riskaudit.engine._warehouse as wh
    from riskaudit.config import DatasetConfig
    from riskaudit.dataset import close_all, open_dataset
    from riskaudit.engine import connect
    from riskaudit.errors import InputError

    opened = []

    class FakeWarehouse:
        name, table_name, raw_table = "postgres", "t", object()
        source = type("S", (), {"display": "postgres://db?table=t"})()
        rows = 3

        def __init__(self, url, table=None):
            self.closed = False
            opened.append(self)

        def open_table(self, null_values, trim, table=None):
            import ibis

            t = ibis.memtable({"a": [1, 2, 3]})
            return t, t

        def digest(self, _t):
            return "0" * 64

        def count(self, _t):
            return self.rows

        def close(self):
            self.closed = True

    monkeypatch.setattr(wh, "WarehouseEngine", FakeWarehouse)
    engine = connect()
    try:
        ds = open_dataset("postgres://db?table=t", DatasetConfig(), engine)
        assert ds.engine is opened[0] and not opened[0].closed
        close_all(ds, None)
        assert opened[0].closed
        FakeWarehouse.rows = 0
        with pytest.raises(InputError, match="no data rows"):
            open_dataset("postgres://db?table=t", DatasetConfig(), engine)
        assert opened[1].closed
    finally:
        engine.close()


def test_risk_command_without_qis_suggests_them_as_the_audit_does(people, tmp_path):
    """No --qi and none configured: the command suggests quasi-identifiers from the PII scan, as the audit does
    (it used to stop with 'no quasi-identifiers given'); the result says they were suggested."""
    cfg = tmp_path / "audit.yaml"
    cfg.write_text("reident:\n  drivers: {enabled: false}\n", encoding="utf-8")
    risk = cli("risk", str(people), "--json")
    assert risk.exit_code == 0, risk.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["reident"]
    from_risk = json.loads(risk.stdout)
    assert from_risk["quasi_identifiers_source"] == "suggested" and "drivers" not in from_risk
    assert (
        set(from_risk["quasi_identifiers"]) <= {"zip", "birth_year", "sex", "diagnosis"}
        and from_risk["quasi_identifiers"]
    )
    assert json.dumps(from_risk, sort_keys=True) == json.dumps(from_audit, sort_keys=True)


def test_risk_drivers_default_is_the_config_s(people, tmp_path):
    """--drivers defaults to off without --config and to the config's setting with it (as documented)."""
    cfg = tmp_path / "audit.yaml"
    cfg.write_text("columns:\n  quasi_identifiers: [zip, sex]\n", encoding="utf-8")
    bare = json.loads(cli("risk", str(people), "--qi", "zip,sex", "--json").stdout)
    with_cfg = json.loads(cli("risk", str(people), "-c", str(cfg), "--json").stdout)
    assert "drivers" not in bare and with_cfg["drivers"]["subsets"]


@pytest.fixture()
def aux(people, tmp_path):
    df = pd.read_csv(people, dtype=str).head(120)
    path = tmp_path / "aux.csv"
    df[["zip", "birth_year", "sex"]].to_csv(path, index=False)
    return path


def test_link_command_equals_audit_results_linkage(people, aux, tmp_path):
    cfg = tmp_path / "audit.yaml"
    cfg.write_text(
        f"columns:\n  quasi_identifiers: [zip, birth_year, sex]\nlinkage:\n  aux: {aux}\n", encoding="utf-8"
    )
    link = cli("link", str(people), "--aux", str(aux), "-c", str(cfg), "--json")
    assert link.exit_code == 0, link.stderr
    bare = cli("link", str(people), "--aux", str(aux), "--on", "zip,birth_year,sex", "--json")
    assert bare.exit_code == 0, bare.stderr
    out = tmp_path / "out"
    audit = cli("audit", str(people), "-c", str(cfg), "--out", str(out), "-f", "json")
    assert audit.exit_code in (0, 1), audit.stderr
    from_audit = json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["results"]["linkage"]
    from_link = json.loads(link.stdout)
    # independent truth: aux rows whose (zip, birth_year, sex) occurs exactly once in the data
    df = pd.read_csv(people, dtype=str)
    sizes = df.groupby(["zip", "birth_year", "sex"]).size()
    a = pd.read_csv(aux, dtype=str)
    unique = sum(sizes.get((z, b, s), 0) == 1 for z, b, s in a.itertuples(index=False))
    assert from_link["on"] == ["zip", "birth_year", "sex"] and from_link["exact"]["matched_unique"] == unique
    assert json.dumps(from_link, sort_keys=True) == json.dumps(from_audit, sort_keys=True)
    assert json.loads(bare.stdout)["exact"] == from_link["exact"]


def test_engine_open_owns_how_a_source_is_read(people):
    """Engine.open: a file is read by the engine (digest, stats taken before the read), a DataFrame through
    from_pandas; nothing is owned (closed by the caller), and open_dataset adds only rows and the empty check."""
    from riskaudit.config import DatasetConfig
    from riskaudit.engine import connect, sha256_file

    engine = connect()
    try:
        src = engine.open(str(people), DatasetConfig())
        assert src.engine is engine and not src.owned and src.sha256 == sha256_file(people)
        assert list(src.stats) == [src.files[0].path] and engine.count(src.table) == 400
        df = pd.read_csv(people, dtype=str)
        frame = engine.open(df, DatasetConfig())
        assert frame.format == "pandas" and frame.stats is None and engine.count(frame.table) == 400
        assert (
            engine.open(df, DatasetConfig()).sha256
            == frame.sha256
            != engine.open(df.head(3), DatasetConfig()).sha256
        )
    finally:
        engine.close()


def _steps(data, cfg) -> list[str]:
    from riskaudit.audit import run_audit

    steps: list[str] = []
    run_audit(data, cfg, write=False, progress=steps.append)
    return [s.removeprefix("scanning: ") for s in steps]


def test_linkage_runs_first_when_it_names_its_columns_and_after_the_pii_scan_otherwise(people, aux):
    # linkage.on named: it needs neither the profile nor the roles, so it starts first (on a small audit Splink then
    # trains beside everything else); left to the quasi-identifiers, it must come after the PII scan whose
    # suggestions it links on, and after the roles are resolved, whatever its registry order says
    from riskaudit.config import AuditConfig

    named = AuditConfig.model_validate({"linkage": {"aux": str(aux), "on": ["zip", "birth_year", "sex"]}})
    left = AuditConfig.model_validate({"linkage": {"aux": str(aux)}})
    first = _steps(people, named)
    assert first.index("linkage") < first.index("profile") < first.index("pii")
    after = _steps(people, left)
    assert after.index("pii") < after.index("linkage") < after.index("reident")
