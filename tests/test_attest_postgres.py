"""A warehouse (PostgreSQL) audit can be signed: the subject is the digest computed in the database; verify
recomputes it when given the URL, says it did not otherwise; a table changed during the run is exit 2."""

from __future__ import annotations

import base64
import json

import pytest

from helpers import cli
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.errors import InputError
from scorecard_fixtures import make_deid
from test_postgres_source import _load_csv, pg_server  # noqa: F401  (session fixture)

pytestmark = pytest.mark.postgres

QIS = {"columns": {"quasi_identifiers": ["zip3", "birth_year", "sex"]}, "outputs": {"timestamp": False}}


def test_warehouse_audit_is_signed_by_its_in_database_digest(pg_server, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    _load_csv(pg_server, make_deid(tmp_path / "d.csv", n=200), "attest_d")
    url = pg_server.url("attest_d")
    run_audit(url, load_config(None, QIS), out_dir="out", only=["reident"])
    assert cli("keygen", "--out", "keys/p").exit_code == 0
    r = cli("sign", "out", "--key", "keys/p.key")
    assert r.exit_code == 0, r.stderr
    env = json.loads((tmp_path / "out/attestation.intoto.json").read_text())
    stmt = json.loads(base64.b64decode(env["payload"]))
    sc = json.loads((tmp_path / "out/scorecard.json").read_text())
    table = [b for b in stmt["predicate"]["bound"] if b["role"] == "table"]
    assert table == [
        {
            "role": "table",
            "name": sc["dataset"]["path"],
            "path": sc["dataset"]["path"],
            "sha256": sc["dataset"]["sha256"],
        }
    ]
    assert {"name": sc["dataset"]["path"], "digest": {"sha256": sc["dataset"]["sha256"]}} in stmt["subject"]
    r = cli("verify", "out/attestation.intoto.json", "--pub", "keys/p.pub")
    assert r.exit_code == 0 and "not checked table postgresql://" in r.stdout, r.stderr
    r = cli("verify", "out/attestation.intoto.json", "--pub", "keys/p.pub", "--data", url)
    assert r.exit_code == 0 and "checked table postgresql://" in r.stdout, r.stderr
    with pg_server.connect() as conn:
        conn.execute("UPDATE attest_d SET los = los + 1 WHERE ctid = (SELECT ctid FROM attest_d LIMIT 1)")
    r = cli("verify", "out/attestation.intoto.json", "--pub", "keys/p.pub", "--data", url)
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 1 and len(lines) == 1 and "changed: in-database digest" in lines[0], r.stderr


def test_table_changed_during_the_run_is_exit_2(pg_server, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    _load_csv(pg_server, make_deid(tmp_path / "d.csv", n=200), "attest_mid")
    done = []

    def progress(msg: str) -> None:
        if msg == "scanning: reident" and not done:
            with pg_server.connect() as conn:
                conn.execute("DELETE FROM attest_mid WHERE ctid = (SELECT ctid FROM attest_mid LIMIT 1)")
            done.append(1)

    with pytest.raises(InputError, match="the table changed while it was being audited") as exc:
        run_audit(
            pg_server.url("attest_mid"),
            load_config(None, QIS),
            write=False,
            only=["reident"],
            progress=progress,
        )
    assert done and exc.value.exit_code == 2
