"""Secondary tables (aux, release, control, population) are read like the data unless told otherwise, and
`riskaudit risk` and `riskaudit link` agree on value equality ("30" vs "30.0")."""

from __future__ import annotations

import json

import pytest

from helpers import cli
from riskaudit.config import DatasetConfig
from riskaudit.config._read import TableRead
from riskaudit.dataset import secondary_read


def test_secondary_read_defaults_to_the_dataset_and_own_keys_win():
    base = DatasetConfig(
        delimiter=";", null_values=["-"], trim_whitespace=False, header=True, encoding="latin-1"
    )
    d = secondary_read(base, None)
    assert (d.delimiter, d.null_values, d.trim_whitespace, d.header, d.encoding) == (
        ";",
        ["-"],
        False,
        True,
        "latin-1",
    )
    d = secondary_read(base, TableRead(delimiter=",", null_values=["?"]))
    assert (d.delimiter, d.null_values, d.trim_whitespace) == (",", ["?"], False)
    assert secondary_read(None, None) == DatasetConfig()


def _write(p, text):
    p.write_text(text, encoding="utf-8")
    return str(p)


@pytest.fixture()
def files(tmp_path):
    # ';'-separated, '-' means missing; the aux and population files are written the same way but their
    # numbers come out of another system as "30.0"
    data = _write(tmp_path / "data.csv", "id;age;zip\n1;30;111\n2;41;-\n3;52;333\n4;52;333\n")
    aux = _write(tmp_path / "aux.csv", "id;age;zip\n1;30.0;111\n2;41.0;-\n9;77.0;999\n")
    pop = _write(tmp_path / "pop.csv", "age;zip;count\n30.0;111;5\n41.0;-;2\n52.0;333;40\n")
    cfg = _write(tmp_path / "cfg.yaml", "dataset:\n  delimiter: ';'\n  null_values: ['-']\n")
    return data, aux, pop, cfg


def test_link_reads_aux_like_the_data(files):
    data, aux, _, cfg = files
    r = cli("link", data, "--aux", aux, "--on", "age,zip", "--id", "id", "--config", cfg, "--json")
    assert r.exit_code == 0, r.stderr
    ex = json.loads(r.stdout)["exact"]
    # rows (30, 111) and (41, NULL) match uniquely and correctly; (77, 999) matches nothing
    assert ex["matched_unique"] == 2 and ex["correct"] == 2 and ex["aux_rows"] == 3


def test_risk_population_table_agrees_with_link(files):
    data, _, pop, cfg = files
    r = cli("risk", data, "--qi", "age,zip", "--population-table", pop, "--config", cfg, "--json")
    assert r.exit_code == 0, r.stderr
    res = json.loads(r.stdout)
    j = res["journalist"]
    assert j["population_source"] == "table" and j["classes_not_in_population_table"] == 0
    # F = 5, 2, 40: journalist highest 1/2; marketer (1/5 + 1/2 + 2/40) / 4
    assert j["highest"] == pytest.approx(0.5)
    assert res["marketer"]["average"] == pytest.approx((1 / 5 + 1 / 2 + 2 / 40) / 4)
