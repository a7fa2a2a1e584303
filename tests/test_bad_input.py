"""Bad input: every case ends in exit code 2 and ONE line on stderr that names the culprit.

Each test also checks that there is no traceback, that no report directory was written (never a
partial report), and, where the file holds personal data, that no cell value leaks into the message.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import Run, cli

GOOD_ROWS = "zip5,age,sex\n10001,34,F\n10002,51,M\n10001,34,F\n"


def assert_input_error(r: Run, out: Path, *must_name: str, never: tuple[str, ...] = ()) -> str:
    """Exit 2, exactly one ``error:`` line naming ``must_name``, no traceback, nothing written."""
    assert r.exit_code == 2, (r.exit_code, r.stdout, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    line = lines[0]
    assert line.startswith("error: "), line
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    for name in must_name:
        assert name in line, f"{name!r} not named in: {line}"
    for secret in never:
        assert secret not in line, f"data value {secret!r} leaked into: {line}"
    assert not out.exists(), "a report directory was written for bad input"
    return line


def audit(data: Path | str, out: Path, *extra: str) -> Run:
    return cli("audit", str(data), "--out", str(out), "--quiet", *extra)


def write_config(tmp_path: Path, text: str, name: str = "audit.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ------------------------------------------------------------------------------------ unreadable


def test_missing_file(tmp_path):
    data = tmp_path / "nope.csv"
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "not found" in line


def test_directory_without_data_files(tmp_path):
    d = tmp_path / "empty_dir"
    d.mkdir()
    (d / "notes.md").write_text("not data\n")
    line = assert_input_error(audit(d, tmp_path / "out"), tmp_path / "out", str(d))
    assert "no CSV" in line


def test_glob_matching_nothing(tmp_path):
    pattern = str(tmp_path / "*.parquet")
    assert_input_error(audit(pattern, tmp_path / "out"), tmp_path / "out", pattern)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path):
    data = tmp_path / "locked.csv"
    data.write_text(GOOD_ROWS)
    data.chmod(0)
    try:
        line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
        assert "permission" in line
    finally:
        data.chmod(0o644)


# ------------------------------------------------------------------------------- delimiter, encoding


def test_wrong_delimiter_in_config(tmp_path):
    data = tmp_path / "semi.csv"
    data.write_text(GOOD_ROWS.replace(",", ";"))
    cfg = write_config(tmp_path, "dataset:\n  delimiter: ','\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", str(data)
    )
    assert "dataset.delimiter" in line and "';'" in line


def test_latin1_bytes_without_encoding(tmp_path):
    data = tmp_path / "latin.csv"
    data.write_bytes("name,city\nJos\xe9 Mu\xf1oz,Bogot\xe1\nAna,Lima\n".encode("latin-1"))
    line = assert_input_error(
        audit(data, tmp_path / "out"), tmp_path / "out", str(data), never=("Jos", "Mu", "Bogot")
    )
    assert "UTF-8" in line and "encoding: latin-1" in line


def test_invalid_utf8_after_the_first_megabyte(tmp_path):
    data = tmp_path / "late_latin.csv"
    rows = ["id,name"] + [f"{i},plain ascii name {i}" for i in range(60_000)]
    head = ("\n".join(rows) + "\n").encode()
    assert len(head) > (1 << 20)
    data.write_bytes(head + "60000,Fran\xe7oise Secr\xe8te\n".encode("latin-1"))
    line = assert_input_error(
        audit(data, tmp_path / "out"), tmp_path / "out", str(data), never=("Fran", "Secr")
    )
    assert "UTF-8" in line and "latin-1" in line


def test_binary_file_as_csv(tmp_path):
    data = tmp_path / "blob.csv"
    data.write_bytes(bytes(range(256)) * 64)
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "binary" in line


def test_corrupt_parquet(tmp_path):
    data = tmp_path / "broken.parquet"
    data.write_bytes(b"PAR1" + b"\x00garbage, not a real parquet footer" * 20 + b"PAR1")
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "Parquet" in line


def test_truncated_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"zip5": ["10001", "10002"] * 50, "age": list(range(100))}), good)
    data = tmp_path / "cut.parquet"
    data.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "Parquet" in line


# ---------------------------------------------------------------------------------- empty tables


def test_empty_file(tmp_path):
    data = tmp_path / "empty.csv"
    data.write_bytes(b"")
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "empty" in line


def test_blank_lines_only(tmp_path):
    data = tmp_path / "blank.csv"
    data.write_text("\n\n   \n")
    assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))


def test_header_only(tmp_path):
    data = tmp_path / "header.csv"
    data.write_text("zip5,age,sex\n")
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "no data rows" in line


def test_empty_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    data = tmp_path / "none.parquet"
    pq.write_table(pa.table({"zip5": pa.array([], pa.string())}), data)
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "no data rows" in line


# ----------------------------------------------------------------------------------- column names


def test_duplicate_column_names(tmp_path):
    data = tmp_path / "dup.csv"
    data.write_text("zip5,age,zip5\n10001,34,10001\n10002,51,10002\n")
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data), "'zip5'")
    assert "duplicate" in line and "columns 1 and 3" in line


def test_duplicate_column_names_case_insensitive(tmp_path):
    data = tmp_path / "dupcase.csv"
    data.write_text("Zip5,age,ZIP5\n10001,34,10001\n10002,51,10002\n")
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data), "'ZIP5'")
    assert "duplicate" in line


def test_duplicate_column_names_in_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    data = tmp_path / "dup.parquet"
    pq.write_table(pa.table([pa.array(["a", "b"]), pa.array(["c", "d"])], names=["Name", "name"]), data)
    line = assert_input_error(audit(data, tmp_path / "out"), tmp_path / "out", str(data))
    assert "duplicate" in line


def test_configured_column_missing_with_hint(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "columns:\n  quasi_identifiers: [zip, age]\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)),
        tmp_path / "out",
        str(cfg),
        "columns.quasi_identifiers.0",
        "'zip'",
    )
    assert "did you mean 'zip5'?" in line


def test_configured_column_wrong_case_hint(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "columns:\n  label: SEX\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", "columns.label", "'SEX'"
    )
    assert "did you mean 'sex'?" in line


def test_risk_qi_missing(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    r = cli("risk", str(data), "--qi", "zip5,agee")
    line = assert_input_error(r, tmp_path / "out", "'agee'")
    assert "did you mean 'age'?" in line


def test_all_null_configured_column(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("zip5,age,sex\n10001,,F\n10002,NA,M\n10003,,F\n")
    cfg = write_config(tmp_path, "columns:\n  quasi_identifiers: [zip5, age]\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)),
        tmp_path / "out",
        str(cfg),
        "'age'",
        "columns.quasi_identifiers.1",
    )
    assert "entirely null" in line


# ----------------------------------------------------------------------------------------- config


def test_invalid_yaml_names_its_line(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "version: 1\ncolumns:\n  quasi_identifiers: [zip5, age\nreident:\n  k: 5\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", "invalid YAML"
    )
    # the unclosed flow sequence opened on line 3 is reported at the line where the parser gave up
    assert line.startswith(f"error: {cfg}:")
    lineno = int(line.split(f"{cfg}:")[1].split(":")[0])
    assert 3 <= lineno <= 5


def test_invalid_yaml_tab_indent(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "version: 1\nreident:\n\tk: 5\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", f"{cfg}:3:"
    )
    assert "invalid YAML" in line


def test_unknown_config_key_with_line_and_hint(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "version: 1\nreident:\n  k: 5\n  risk_treshold: 0.1\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)),
        tmp_path / "out",
        f"{cfg}:4:",
        "reident.risk_treshold",
    )
    assert "unknown key" in line and "did you mean 'risk_threshold'?" in line


def test_unknown_top_level_section(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "version: 1\ncolumn:\n  quasi_identifiers: [zip5]\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", f"{cfg}:2:", "column"
    )
    assert "did you mean 'columns'?" in line


def test_wrong_type_for_key(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "version: 1\nreident:\n  k: five\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", f"{cfg}:3:", "reident.k"
    )
    assert "integer" in line and '"five"' in line


def test_wrong_literal_for_key(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "dataset:\n  encoding: cp1252\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", f"{cfg}:2:", "dataset.encoding"
    )
    assert "latin-1" in line


def test_missing_config_file(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = tmp_path / "nope.yaml"
    line = assert_input_error(audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", str(cfg))
    assert "not found" in line


def test_config_is_not_a_mapping(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    cfg = write_config(tmp_path, "- just\n- a list\n")
    assert_input_error(audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", str(cfg))


def test_unknown_policy_pack(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text(GOOD_ROWS)
    line = assert_input_error(
        audit(data, tmp_path / "out", "--policy", "no-such-pack"), tmp_path / "out", "no-such-pack"
    )
    assert "available packs" in line


def test_column_names_count_mismatch(tmp_path):
    data = tmp_path / "noheader.csv"
    data.write_text("10001,34,F\n10002,51,M\n")
    cfg = write_config(tmp_path, "dataset:\n  header: false\n  column_names: [zip5, age]\n")
    line = assert_input_error(
        audit(data, tmp_path / "out", "--config", str(cfg)), tmp_path / "out", str(data)
    )
    assert "dataset.column_names" in line and "2 names" in line and "3 columns" in line


# ------------------------------------------------------------------------------------ cell values


def test_unparseable_value_does_not_leak(tmp_path):
    """A value that breaks the sniffed type far into the file: the message names the column and line, never the value."""
    data = tmp_path / "typed.csv"
    rows = ["id,score"] + [f"{i},{i % 97}" for i in range(150_000)] + ["150000,Jane.Doe@example.com"]
    data.write_text("\n".join(rows) + "\n")
    line = assert_input_error(
        audit(data, tmp_path / "out"),
        tmp_path / "out",
        str(data),
        "column 'score'",
        "line 150,002",
        never=("Jane", "Doe", "example.com", "150000,"),
    )
    assert "dataset.null_values" in line


def test_malformed_jsonl_does_not_leak(tmp_path):
    data = tmp_path / "people.jsonl"
    data.write_text('{"zip5": "10001", "email": "x@y.org"}\n{"zip5": "10002", "email": "jane@doe.org"\n')
    line = assert_input_error(
        audit(data, tmp_path / "out"), tmp_path / "out", str(data), never=("jane", "doe.org")
    )
    assert "JSON" in line
