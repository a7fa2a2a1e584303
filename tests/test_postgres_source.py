"""Warehouse tables audited in place: a real PostgreSQL server, started for this test session.

The server comes from the Debian ``postgresql`` package (binaries under /usr/lib/postgresql/*/bin); it is
initialised in a temporary directory as the ``postgres`` user (initdb refuses root), listens on a free
localhost port, and is stopped at the end. The tests skip with a reason when the binaries are absent.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from helpers import cli
from riskaudit.audit import run_audit
from riskaudit.config import load_config
from riskaudit.engine import DuckDBEngine, resolve_source
from riskaudit.engine._warehouse import parse_database_url
from riskaudit.errors import InputError

pytestmark = pytest.mark.postgres

TYPES = {
    "VARCHAR": "text",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "DATE": "date",
    "BOOLEAN": "boolean",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self, bindir: Path, root: Path, port: int, as_user: list[str]) -> None:
        self.bindir, self.root, self.port, self.as_user = bindir, root, port, as_user

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, timeout=120, check=False
        )

    def url(self, table: str | None = None) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/riskaudit" + (f"?table={table}" if table else "")

    def connect(self):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="riskaudit", autocommit=True
        )


@pytest.fixture(scope="session")
def pg_server():
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        pytest.skip(
            "PostgreSQL binaries absent (apt-get install postgresql; scripts/install-system-test-deps.sh)"
        )
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg absent (pip install 'riskaudit[postgres]')")
    bindir = Path(bins[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="riskaudit-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user for initdb")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    server = PgServer(bindir, root, _free_port(), as_user)
    data, sock = root / "data", root / "sock"
    r = server.run("mkdir", "-p", str(sock))
    r = server.run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    if r.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {r.stderr.strip().splitlines()[-1:]}")
    opts = f"-p {server.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    r = server.run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        opts,
        "-l",
        str(root / "log"),
        "-w",
        "-t",
        "60",
        "start",
    )
    if r.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"pg_ctl start failed: {r.stdout.strip().splitlines()[-1:]}")
    try:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=server.port, user="postgres", dbname="postgres", autocommit=True
        ) as c:
            c.execute("CREATE DATABASE riskaudit")
        yield server
    finally:
        server.run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _load_csv(server: PgServer, csv: Path, table: str) -> None:
    """CREATE TABLE with the types DuckDB detects, then COPY the file in (the database's own loader)."""
    spec = resolve_source(str(csv))
    eng = DuckDBEngine()
    cols = eng._describe(eng._reader_sql(spec, all_varchar=False))
    eng.close()
    ddl = ", ".join(f'"{c}" {TYPES.get(t, "text")}' for c, t in cols)
    with server.connect() as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{table}"')
        conn.execute(f'CREATE TABLE "{table}" ({ddl})')
        with conn.cursor().copy(f'COPY "{table}" FROM STDIN WITH (FORMAT csv, HEADER true)') as cp:
            cp.write(csv.read_bytes())


@pytest.fixture(scope="session")
def discharges_table(pg_server, sample_dir) -> str:
    _load_csv(pg_server, sample_dir / "hospital_discharges_deid.csv", "discharges_deid")
    return pg_server.url("discharges_deid")


def _cfg():
    return load_config(
        None,
        overrides={
            "columns": {"quasi_identifiers": ["zip3", "birth_year", "sex"]},
            "outputs": {"timestamp": False},
        },
    )


def test_table_audited_in_place_matches_duckdb_on_the_same_data(discharges_table, sample_dir, tmp_path):
    """A database table holds typed values, not the CSV's text: DuckDB on a Parquet copy of the same typed
    data is the like-for-like comparison (every scanner, sampled parts included); the CSV itself must
    give the same counts and re-identification results."""
    csv = sample_dir / "hospital_discharges_deid.csv"
    eng = DuckDBEngine()
    typed, _ = eng.read(resolve_source(str(csv)))
    parquet = tmp_path / "deid.parquet"
    typed.to_parquet(parquet)
    eng.close()
    pg = run_audit(discharges_table, _cfg(), write=False)
    duck = run_audit(parquet, _cfg(), write=False)
    a = json.loads(duck.scorecard.to_json())["results"]
    b = json.loads(pg.scorecard.to_json())["results"]
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    assert b["profile"]["rows"] == 20_000 and b["reident"]["records"] == 20_000
    from_csv = json.loads(run_audit(csv, _cfg(), write=False, only=["reident"]).scorecard.to_json())[
        "results"
    ]
    for key in ("class_size_histogram", "k", "classes", "records", "sample_uniques", "prosecutor"):
        assert from_csv["reident"][key] == b["reident"][key], key
    assert from_csv["profile"] == b["profile"]
    assert pg.scorecard.dataset.format == "postgres"
    assert pg.scorecard.dataset.path.endswith("/riskaudit?table=discharges_deid")


def test_digest_is_stable_and_binds_content(pg_server, discharges_table, sample_dir):
    first = run_audit(discharges_table, _cfg(), write=False, only=["profile"]).scorecard.dataset.sha256
    again = run_audit(discharges_table, _cfg(), write=False, only=["profile"]).scorecard.dataset.sha256
    assert first == again and len(first) == 64
    _load_csv(pg_server, sample_dir / "hospital_discharges_deid.csv", "deid_copy")
    with pg_server.connect() as conn:  # same rows in another physical order: same digest
        conn.execute("DROP TABLE IF EXISTS deid_shuffled")
        conn.execute("CREATE TABLE deid_shuffled AS SELECT * FROM deid_copy ORDER BY md5(person_id)")
    shuffled = run_audit(
        pg_server.url("deid_shuffled"), _cfg(), write=False, only=["profile"]
    ).scorecard.dataset.sha256
    assert shuffled == first
    with pg_server.connect() as conn:
        conn.execute(
            "UPDATE deid_shuffled SET length_of_stay = length_of_stay + 1 WHERE person_id = (SELECT min(person_id) FROM deid_shuffled)"
        )
    changed = run_audit(
        pg_server.url("deid_shuffled"), _cfg(), write=False, only=["profile"]
    ).scorecard.dataset.sha256
    assert changed != first


def test_a_wide_table_is_hashed_and_sampled_in_place(pg_server, tmp_path):
    # PostgreSQL refuses a function call of more than 100 arguments: the row hash behind the digest and every
    # sample joins 150 columns in nested calls, and gives the same rows as DuckDB on the same data
    cols = [f"c{j}" for j in range(150)]
    with pg_server.connect() as conn:
        conn.execute("DROP TABLE IF EXISTS wide150")
        conn.execute("CREATE TABLE wide150 (" + ", ".join(f"{c} bigint" for c in cols) + ")")
        with conn.cursor() as cur:
            for r in range(40):
                cur.execute(
                    "INSERT INTO wide150 VALUES (" + ", ".join(["%s"] * len(cols)) + ")",
                    [(r * 3 + j) % 7 * 101 if (r + j) % 5 else None for j in range(len(cols))],
                )
    csv = tmp_path / "wide150.csv"
    with pg_server.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT * FROM wide150")
        import csv as _csv

        with csv.open("w", newline="") as fh:
            w = _csv.writer(fh)
            w.writerow(cols)
            w.writerows(["" if v is None else str(v) for v in row] for row in cur.fetchall())
    cfg = load_config(None, overrides={"outputs": {"timestamp": False}})
    pg = run_audit(pg_server.url("wide150"), cfg, write=False, only=["profile", "pii"])
    assert len(pg.scorecard.dataset.sha256) == 64
    local = run_audit(csv, cfg, write=False, only=["profile", "pii"])
    assert pg.scorecard.results.pii.model_dump() == local.scorecard.results.pii.model_dump()


def test_cli_audits_a_postgres_url(discharges_table, tmp_path):
    r = cli("risk", discharges_table, "--qi", "zip3,birth_year,sex", "--json")
    assert r.exit_code == 0, r.stderr
    d = cli("risk", "sample_data/hospital_discharges_deid.csv", "--qi", "zip3,birth_year,sex", "--json")
    assert json.loads(r.stdout) == json.loads(d.stdout)
    a = cli("audit", discharges_table, "--out", str(tmp_path / "out"), "-q")
    assert a.exit_code in (0, 1), a.stderr
    assert (tmp_path / "out" / "scorecard.json").is_file()


def test_missing_table_and_bad_server_are_one_line(pg_server):
    r = cli("risk", pg_server.url("no_such_table"), "--qi", "a")
    assert r.exit_code == 2
    assert "table 'no_such_table' not found" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = cli("risk", pg_server.url(), "--qi", "a")
    assert r.exit_code == 2 and "add ?table=NAME" in r.stderr
    port = _free_port()
    r = cli("risk", f"postgres://postgres:s3cret@127.0.0.1:{port}/riskaudit?table=t", "--qi", "a")
    assert r.exit_code == 2 and "cannot connect" in r.stderr
    assert "s3cret" not in r.stderr  # the password never reaches a message


def test_url_parsing_keeps_password_out_of_display():
    src = parse_database_url(
        "postgresql://ann:pw%40x@db.example:6543/sales/analytics?table=orders&sslmode=require"
    )
    assert src.table == "orders" and src.schema == "analytics"
    assert src.connect_kwargs == {
        "user": "ann",
        "password": "pw@x",
        "host": "db.example",
        "port": 6543,
        "database": "sales",
        "sslmode": "require",
    }
    assert "pw" not in src.display and src.display.startswith(
        "postgresql://ann@db.example:6543/sales?table=orders"
    )
    with pytest.raises(InputError, match="unsupported database URL scheme"):
        parse_database_url("mysql://h/db?table=t")
