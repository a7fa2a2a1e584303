"""erasure.residual_subjects: the YAML cases in tests/rules/erasure.residual_subjects.yaml, plus unit cases of the
normalisation, the date variants and the CLK (hand-computed)."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from riskaudit.erasure._clk import bigrams, clk_bits, decode, dice, encode
from riskaudit.erasure._normalize import date_variants, role_of, swapped


def test_normalisation_on_the_engine():
    import ibis
    import pandas as pd

    from riskaudit.erasure._normalize import normalise

    df = pd.DataFrame(
        {
            "n": ["  LOPEZ,   Maria ", "maria  Lopez", "Ann-Marie O'Neil", None],
            "d": ["1980/1/2", " 1980-01-02", "02.01.1980", None],
        }
    )
    t = ibis.memtable(df)
    out = t.select(n=normalise(t.n, "name"), d=normalise(t.d, "date")).to_pandas()
    assert list(out.n[:3]) == ["maria lopez", "maria lopez", "ann-marie o'neil"] and pd.isna(out.n[3])
    assert list(out.d[:3]) == ["1980-01-02", "1980-01-02", "02.01.1980"] and pd.isna(out.d[3])


def test_date_variants_and_roles():
    assert swapped("1980-01-02") == "1980-02-01"
    assert swapped("1980-03-03") is None  # day = month: the same date
    assert swapped("1980-01-13") is None  # day 13 cannot be a month
    assert swapped("not a date") is None and swapped(None) is None
    assert date_variants(["a", "1980-01-02", "1990-05-06"], ["name", "date", "date"]) == [
        ["a", "1980-01-02", "1990-05-06"],
        ["a", "1980-02-01", "1990-05-06"],
        ["a", "1980-01-02", "1990-06-05"],
        ["a", "1980-02-01", "1990-06-05"],
    ]
    assert [role_of(c) for c in ("full_name", "date_of_birth", "dob", "birth_year", "zip5")] == [
        "name",
        "date",
        "date",
        "text",
        "text",
    ]


def test_clk_hand_computed():
    assert bigrams("ab") == {" a", "ab", "b "}
    k1, k2 = b"\x01" * 32, b"\x02" * 32
    # one token "0: a" ... by hand: the positions (x + i*y) mod l of each bigram's two HMACs
    want = set()
    for g in (" a", "ab", "b "):
        x = int.from_bytes(hmac.new(k1, f"0:{g}".encode(), hashlib.sha256).digest(), "big")
        y = int.from_bytes(hmac.new(k2, f"0:{g}".encode(), hashlib.sha256).digest(), "big")
        want |= {(x + i * y) % 64 for i in range(5)}
    v = clk_bits(["ab"], k1, k2, bits=64, k=5)
    assert {i for i in range(64) if v >> i & 1} == want
    assert decode(encode(v, 64)) == v and len(encode(v, 1000)) == 168  # 125 bytes, base64
    assert dice(v, v) == 1.0 and dice(v, 0) == 0.0
    a, b = 0b1110, 0b0111  # |A|=3, |B|=3, |A&B|=2 -> 4/6
    assert dice(a, b) == pytest.approx(4 / 6)


def test_bad_input_is_one_line_exit_2(tmp_path):
    import base64

    from helpers import cli

    key = tmp_path / "e.key"
    key.write_text("riskaudit-erasure-key-v1:" + base64.urlsafe_b64encode(b"\x05" * 32).decode() + "\n")
    req = tmp_path / "req.csv"
    req.write_text("full_name,date_of_birth,zip5\nAnn Bell,1950-01-02,10027\n")
    led = tmp_path / "l.json"

    def bad(*args: str, needle: str) -> None:
        r = cli(*args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], r.stderr
        assert "Ann" not in r.stderr and "1950" not in r.stderr

    bad(
        "erasure",
        "register",
        str(req),
        "--key",
        str(key),
        "--id-cols",
        "full_name,nope",
        "--out",
        str(led),
        needle="nope",
    )
    bad(
        "erasure",
        "register",
        str(req),
        "--key",
        str(tmp_path / "missing.key"),
        "--id-cols",
        "full_name",
        "--out",
        str(led),
        needle="missing.key",
    )
    bad(
        "erasure",
        "register",
        str(req),
        "--key",
        str(key),
        "--id-cols",
        "date_of_birth,zip5",
        "--fuzzy",
        "--out",
        str(led),
        needle="name",
    )
    bad(
        "erasure",
        "register",
        str(req),
        "--key",
        str(key),
        "--id-cols",
        "full_name",
        "--qi",
        "sex",
        "--out",
        str(led),
        needle="sex",
    )
    assert (
        cli(
            "erasure",
            "register",
            str(req),
            "--key",
            str(key),
            "--id-cols",
            "full_name,date_of_birth,zip5",
            "--out",
            str(led),
        ).exit_code
        == 0
    )
    bad(
        "erasure",
        "register",
        str(req),
        "--key",
        str(key),
        "--id-cols",
        "full_name",
        "--out",
        str(led),
        needle="exists",
    )
    rel = tmp_path / "rel.csv"
    rel.write_text("patient_name,date_of_birth,zip5\nann bell,1950-02-01,10027\n")
    bad(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,zip5",
        needle="3",
    )
    bad(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,dob,zip5",
        needle="dob",
    )
    bad(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,date_of_birth,zip5",
        "--fuzzy",
        needle="CLK",
    )
    bad("erasure", "verify", str(rel), "--ledger", str(led), "--key", str(key), needle="--id-cols")
    # found after normalisation (case and swapped date): exit 1, one residual row
    r = cli(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,date_of_birth,zip5",
        "--json",
    )
    assert r.exit_code == 1 and json.loads(r.stdout)["erasure"]["stages"]["normalised"] == 1
    # an edited ledger entry is refused; so is a file that is not a ledger
    data = json.loads(led.read_text())
    data["entries"][0]["exact"] = "0" * 64
    led.write_text(json.dumps(data))
    bad(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,date_of_birth,zip5",
        needle="sha256",
    )
    led.write_text("{not json")
    bad(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(led),
        "--key",
        str(key),
        "--id-cols",
        "patient_name,date_of_birth,zip5",
        needle="not a riskaudit erasure ledger",
    )


def test_ledger_and_receipt_are_byte_identical_on_rerun_and_empty_request_refused(tmp_path):
    import base64

    from helpers import cli

    key = tmp_path / "e.key"
    key.write_text("riskaudit-erasure-key-v1:" + base64.urlsafe_b64encode(b"\x07" * 32).decode() + "\n")
    assert cli("keygen", "--out", str(tmp_path / "p")).exit_code == 0
    req = tmp_path / "req.csv"
    req.write_text('full_name,date_of_birth,zip5\nAnn Bell,1950-01-02,10027\n"BEN, Carl",1960-03-04,10001\n')
    rel = tmp_path / "rel.csv"
    rel.write_text("patient_name,date_of_birth,zip5\nCarl Ben,1960-03-04,10001\nDora Eck,1970-05-06,10002\n")
    out = []
    for i in (1, 2):
        led = tmp_path / f"l{i}.json"
        assert (
            cli(
                "erasure",
                "register",
                str(req),
                "--key",
                str(key),
                "--id-cols",
                "full_name,date_of_birth,zip5",
                "--fuzzy",
                "--out",
                str(led),
            ).exit_code
            == 0
        )
        rc = tmp_path / f"r{i}.json"
        r = cli(
            "erasure",
            "verify",
            str(rel),
            "--ledger",
            str(led),
            "--key",
            str(key),
            "--id-cols",
            "patient_name,date_of_birth,zip5",
            "--fuzzy",
            "--sign",
            str(tmp_path / "p.key"),
            "--receipt",
            str(rc),
        )
        assert r.exit_code == 1 and "residual rows: 1" in r.stdout
        out.append((led.read_bytes(), json.loads(base64.b64decode(json.loads(rc.read_text())["payload"]))))
    assert out[0][0] == out[1][0]
    p0, p1 = out[0][1], out[1][1]
    # the receipts differ only in the ledger file they name (l1.json / l2.json), not in digests or counts
    assert (
        p0["predicate"]["counts"]
        == p1["predicate"]["counts"]
        == {
            "stages": {"exact": 0, "normalised": 1, "fuzzy": 0, "not_found": 1},
            "found": 1,
            "residual_rows": 1,
            "fuzzy_candidates": 1,
            "qi_present": None,
            "possibly_present": None,
        }
    )
    assert p0["predicate"]["ledger"] == p1["predicate"]["ledger"]
    empty = tmp_path / "empty.csv"
    empty.write_text("full_name,date_of_birth,zip5\nAnn Bell,1950-01-02,10027\n,,\n")
    r = cli(
        "erasure",
        "register",
        str(empty),
        "--key",
        str(key),
        "--id-cols",
        "full_name,date_of_birth,zip5",
        "--out",
        str(tmp_path / "e.json"),
    )
    assert r.exit_code == 2 and "requests row 2" in r.stderr


def test_keygen_erasure_key(tmp_path):
    import os
    import stat

    from helpers import cli
    from riskaudit.erasure._keys import load_erasure_key

    for out, want in (("keys/erasure", "keys/erasure.key"), ("k2/erasure.key", "k2/erasure.key")):
        r = cli("keygen", "--purpose", "erasure", "--out", str(tmp_path / out))
        assert r.exit_code == 0, r.stderr
        p = tmp_path / want
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o600
        k = load_erasure_key(p)
        assert len(k.secret) == 32 and k.key_id in r.stdout
        assert k.secret.hex() not in r.stdout
    r = cli("keygen", "--purpose", "erasure", "--out", str(tmp_path / "keys/erasure"))
    assert r.exit_code == 2 and "exists" in r.stderr
    # two keys differ; the key id is the documented sub-key, not the secret
    a, b = load_erasure_key(tmp_path / "keys/erasure.key"), load_erasure_key(tmp_path / "k2/erasure.key")
    assert a.secret != b.secret
    assert a.key_id == hmac.new(a.secret, b"riskaudit-erasure/key-id", hashlib.sha256).hexdigest()[:32]
