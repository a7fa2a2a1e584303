"""Erasure (issue 17 part 1) on the sample data: the public register holds 8,000 hospital people with documented
typos, case changes, "LAST, First" names and swapped dates (sample_data/README.md section 3).

Every expected count is computed here in plain Python (csv, hmac, hashlib) from the files and the method as
documented in docs/erasure.md -- not with riskaudit's code."""

from __future__ import annotations

import base64
import csv
import hashlib
import hmac
import json
import re
from pathlib import Path

import pytest

from helpers import cli

ID_REQ = "full_name,date_of_birth,zip5"
ID_REL = "patient_name,date_of_birth,zip5"
SECRET = bytes(range(32))
THRESHOLD = 0.8


# ---------------------------------------------------------------- independent reference (plain Python)
def ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def norm_name(s: str) -> str:
    s = ws(s)
    if "," in s:
        before, after = s.split(",", 1)
        s = ws(after.strip() + " " + before.strip())
    return s


def norm_date(s: str) -> str:
    s = ws(s)
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else s


def swap(d: str) -> str | None:
    y, m, day = d[:4], d[5:7], d[8:10]
    return f"{y}-{day}-{m}" if 1 <= int(day) <= 12 and day != m else None


def variants(name: str, dob: str, zip5: str) -> set[tuple[str, str, str]]:
    out = {(name, dob, zip5)}
    s = swap(dob)
    if s:
        out.add((name, s, zip5))
    return out


def sub(label: str) -> bytes:
    return hmac.new(SECRET, b"riskaudit-erasure/" + label.encode(), hashlib.sha256).digest()


def clk(name: str) -> set[int]:
    k1, k2 = sub("clk-1"), sub("clk-2")
    padded = f" {name} "
    bits: set[int] = set()
    for gram in {padded[i : i + 2] for i in range(len(padded) - 1)}:
        tok = f"0:{gram}".encode()
        h1 = int.from_bytes(hmac.new(k1, tok, hashlib.sha256).digest(), "big")
        h2 = int.from_bytes(hmac.new(k2, tok, hashlib.sha256).digest(), "big")
        bits.update((h1 + i * h2) % 1000 for i in range(30))
    return bits


def dice(a: set[int], b: set[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected(requests: list[dict[str, str]], release: list[dict[str, str]]):
    """Per request the first stage that finds it; per release row (1-based) its best stage."""
    req_raw = [(r["full_name"], r["date_of_birth"], r["zip5"]) for r in requests]
    req_norm = [(norm_name(r["full_name"]), norm_date(r["date_of_birth"]), ws(r["zip5"])) for r in requests]
    exact_idx: dict[tuple, list[int]] = {}
    norm_idx: dict[tuple, list[int]] = {}
    block_idx: dict[tuple, list[int]] = {}
    for i, (raw, n) in enumerate(zip(req_raw, req_norm, strict=True)):
        exact_idx.setdefault(raw, []).append(i)
        for v in variants(*n):
            norm_idx.setdefault(v, []).append(i)
            block_idx.setdefault(v[1:], [])
            if i not in block_idx[v[1:]]:
                block_idx[v[1:]].append(i)
    req_clk: dict[int, set[int]] = {}
    best: dict[int, int] = {}
    rows: dict[int, int] = {}
    for rn, r in enumerate(release, start=1):
        raw = (r["patient_name"], r["date_of_birth"], r["zip5"])
        n = (norm_name(r["patient_name"]), norm_date(r["date_of_birth"]), ws(r["zip5"]))
        hits = [(q, 0) for q in exact_idx.get(raw, [])] + [(q, 1) for q in norm_idx.get(n, [])]
        block = block_idx.get(n[1:], [])
        if block:
            c = clk(n[0])
            for q in block:
                if q not in req_clk:
                    req_clk[q] = clk(req_norm[q][0])
                if dice(c, req_clk[q]) >= THRESHOLD:
                    hits.append((q, 2))
        for q, s in hits:
            best[q] = min(best.get(q, s), s)
            rows[rn] = min(rows.get(rn, s), s)
    counts = [sum(1 for s in best.values() if s == k) for k in range(3)]
    return counts, best, rows


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def env(sample_dir, tmp_path_factory):
    reg_path, hosp_path = sample_dir / "public_register.csv", sample_dir / "hospital_discharges.csv"
    if not reg_path.is_file():
        pytest.skip("sample_data/ not present")
    d = tmp_path_factory.mktemp("erasure")
    key = d / "erasure.key"
    key.write_text("riskaudit-erasure-key-v1:" + base64.urlsafe_b64encode(SECRET).decode() + "\n")
    ledger = d / "ledger.json"
    r = cli(
        "erasure",
        "register",
        str(reg_path),
        "--key",
        str(key),
        "--id-cols",
        ID_REQ,
        "--fuzzy",
        "--qi",
        "zip3,birth_year,sex",
        "--out",
        str(ledger),
    )
    assert r.exit_code == 0, r.stderr
    requests, release = read(reg_path), read(hosp_path)
    return {
        "dir": d,
        "key": key,
        "ledger": ledger,
        "requests": requests,
        "release": release,
        "hosp": hosp_path,
        "reg": reg_path,
        "expected": expected(requests, release),
    }


def verify(env, release: Path, *extra: str) -> tuple[int, dict]:
    r = cli(
        "erasure",
        "verify",
        str(release),
        "--ledger",
        str(env["ledger"]),
        "--key",
        str(env["key"]),
        "--id-cols",
        ID_REL,
        "--fuzzy",
        "--threshold",
        str(THRESHOLD),
        "--json",
        *extra,
    )
    assert r.exit_code in (0, 1), r.stderr
    return r.exit_code, json.loads(r.stdout)


def write_release(env, name: str, keep) -> Path:
    rows = env["release"]
    p = env["dir"] / name
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(r for r in rows if keep(r))
    return p


# ---------------------------------------------------------------- tests
def test_stage_counts_equal_independent_computation(env):
    code, out = verify(env, env["hosp"])
    counts, best, rows = env["expected"]
    e = out["erasure"]
    assert e["stages"] == {
        "exact": counts[0],
        "normalised": counts[1],
        "fuzzy": counts[2],
        "not_found": 12000 - len(best),
    }
    assert e["found"] == len(best)
    assert {r["row"]: r["stage"] for r in e["residual_rows"]} == {
        rn: ("exact", "normalised", "fuzzy")[s] for rn, s in rows.items()
    }
    # sample_data/README.md: 400 name variants (116 upper, 74 lower, 53 "LAST, First", 157 swapped letters)
    # and 160 swapped dates among the 8,000 hospital people; the rest are written exactly as in the hospital file
    assert counts[0] >= 8000 - 400 - 160
    assert counts[1] >= 116 + 74 + 53 + 160
    assert 0 < counts[2] <= 157
    # every residual row is a person who asked for erasure (no false positive in the hospital file)
    asked = {r["person_id"] for r in env["requests"]}
    assert all(env["release"][rn - 1]["person_id"] in asked for rn in rows)
    assert code == 1 and out["checks"][0]["status"] == "fail"


def test_release_without_requested_people_has_none(env):
    asked = {r["person_id"] for r in env["requests"]}
    clean = write_release(env, "clean.csv", lambda r: r["person_id"] not in asked)
    code, out = verify(env, clean)
    assert out["erasure"]["found"] == 0 and out["erasure"]["residual_rows"] == []
    assert code == 0 and out["checks"][0]["status"] == "pass"


def test_keeping_ten_finds_exactly_ten(env):
    _, best, rows = env["expected"]
    # ten requested people the reference finds, from every stage (4 exact, 3 normalised, 3 fuzzy)
    by_stage: dict[int, list[str]] = {0: [], 1: [], 2: []}
    for rn, s in sorted(rows.items()):
        by_stage[s].append(env["release"][rn - 1]["person_id"])
    keep = set(by_stage[0][:4] + by_stage[1][:3] + by_stage[2][:3])
    assert len(keep) == 10
    asked = {r["person_id"] for r in env["requests"]}
    p = write_release(env, "ten.csv", lambda r: r["person_id"] not in asked or r["person_id"] in keep)
    code, out = verify(env, p)
    assert out["erasure"]["found"] == 10
    assert len(out["erasure"]["residual_rows"]) == 10
    assert out["erasure"]["stages"]["exact"] == 4 and out["erasure"]["stages"]["normalised"] == 3
    assert out["erasure"]["stages"]["fuzzy"] == 3
    assert code == 1


def test_wrong_key_finds_none(env):
    from riskaudit.config import DatasetConfig
    from riskaudit.dataset import open_dataset
    from riskaudit.engine import connect
    from riskaudit.erasure._keys import ErasureKey
    from riskaudit.erasure._result import Ledger
    from riskaudit.erasure._verify import verify_release

    ledger = Ledger.model_validate_json(env["ledger"].read_bytes())
    eng = connect()
    try:
        ds = open_dataset(env["hosp"], DatasetConfig(), eng)
        res = verify_release(
            eng,
            ds.text_table,
            ledger,
            ErasureKey(b"\x01" * 32, "wrong"),
            release_name="r",
            release_sha256="x",
            rows=ds.rows,
            ledger_sha256="y",
            id_cols=ID_REL.split(","),
            fuzzy=True,
        )
    finally:
        eng.close()
    assert res.key_matches_ledger is False
    assert res.found == 0 and res.residual_rows == []
    # the command refuses a wrong key outright (a silent "none found" would be false assurance)
    other = env["dir"] / "other.key"
    other.write_text("riskaudit-erasure-key-v1:" + base64.urlsafe_b64encode(b"\x01" * 32).decode() + "\n")
    r = cli(
        "erasure",
        "verify",
        str(env["hosp"]),
        "--ledger",
        str(env["ledger"]),
        "--key",
        str(other),
        "--id-cols",
        ID_REL,
    )
    assert r.exit_code == 2 and r.stderr.startswith("error: ") and "not the key" in r.stderr


def test_possibly_present_in_deidentified_release(env, sample_dir):
    deid = read(sample_dir / "hospital_discharges_deid.csv")
    counts: dict[tuple, int] = {}
    for r in deid:
        t = (r["zip3"], r["birth_year"], r["sex"].lower())
        counts[t] = counts.get(t, 0) + 1
    qis = [(r["zip5"][:3], r["date_of_birth"][:4], r["sex"].lower()) for r in env["requests"]]
    r = cli(
        "erasure",
        "verify",
        str(sample_dir / "hospital_discharges_deid.csv"),
        "--ledger",
        str(env["ledger"]),
        "--key",
        str(env["key"]),
        "--qi",
        "zip3,birth_year,sex",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    e = json.loads(r.stdout)["erasure"]
    assert e["possibly_present"] == sum(1 for t in qis if counts.get(t) == 1)
    assert e["qi_present"] == sum(1 for t in qis if t in counts)
    assert e["direct_measured"] is False
    assert json.loads(r.stdout)["checks"][0]["status"] == "warn"


def test_receipt_verifies_and_detects_tampering(env):
    from riskaudit.erasure._receipt import RECEIPT_PREDICATE_TYPE

    d = env["dir"]
    assert cli("keygen", "--out", str(d / "provider")).exit_code == 0
    asked = {r["person_id"] for r in env["requests"]}
    rel = write_release(env, "signed.csv", lambda r: r["person_id"] not in asked)
    receipt = d / "receipt.intoto.json"
    code, out = verify(env, rel, "--sign", str(d / "provider.key"), "--receipt", str(receipt))
    assert code == 0
    stmt = json.loads(base64.b64decode(json.loads(receipt.read_text())["payload"]))
    assert stmt["predicateType"] == RECEIPT_PREDICATE_TYPE
    subj = {s["digest"]["sha256"] for s in stmt["subject"]}
    assert hashlib.sha256(env["ledger"].read_bytes()).hexdigest() in subj
    assert hashlib.sha256(rel.read_bytes()).hexdigest() in subj
    assert (
        stmt["predicate"]["counts"]["found"] == 0
        and stmt["predicate"]["method"]["dice_threshold"] == THRESHOLD
    )
    r = cli("verify", str(receipt), "--pub", str(d / "provider.pub"))
    assert r.exit_code == 0, r.stderr
    assert "checked ledger" in r.stdout and "checked release" in r.stdout
    # a release changed after the receipt: verification fails naming it
    with open(rel, "a", encoding="utf-8") as f:
        f.write(",".join(env["release"][0].values()) + "\n")
    r = cli("verify", str(receipt), "--pub", str(d / "provider.pub"))
    assert r.exit_code == 1 and "release" in r.stderr and "changed" in r.stderr


def test_no_name_or_date_in_ledger_or_receipt(env, tmp_path):
    canary_name, canary_dob = "Quenzelbrot Xylophant", "1901-02-03"
    req = tmp_path / "req.csv"
    req.write_text(
        f"full_name,date_of_birth,zip5\n{canary_name},{canary_dob},99999\n"
        "Wendelin Zaubertrank,1933-04-05,88888\n",
        encoding="utf-8",
    )
    ledger = tmp_path / "ledger.json"
    r = cli(
        "erasure",
        "register",
        str(req),
        "--key",
        str(env["key"]),
        "--id-cols",
        ID_REQ,
        "--fuzzy",
        "--qi",
        "zip3,birth_year",
        "--out",
        str(ledger),
    )
    assert r.exit_code == 0, r.stderr
    assert cli("keygen", "--out", str(tmp_path / "p")).exit_code == 0
    rel = tmp_path / "rel.csv"
    rel.write_text(
        f"patient_name,date_of_birth,zip5\n{canary_name.upper()},{canary_dob},99999\n", encoding="utf-8"
    )
    r = cli(
        "erasure",
        "verify",
        str(rel),
        "--ledger",
        str(ledger),
        "--key",
        str(env["key"]),
        "--id-cols",
        ID_REL,
        "--fuzzy",
        "--sign",
        str(tmp_path / "p.key"),
        "--json",
    )
    assert r.exit_code == 1  # found (after normalisation): the canary is there, and nothing of it is printed
    receipt = tmp_path / "erasure-receipt.intoto.json"
    texts = {
        "ledger": ledger.read_text(),
        "receipt": receipt.read_text(),
        "payload": base64.b64decode(json.loads(receipt.read_text())["payload"]).decode(),
        "stdout": r.stdout,
    }
    for where, text in texts.items():
        low = text.lower()
        for needle in (
            "quenzelbrot",
            "xylophant",
            "wendelin",
            "zaubertrank",
            canary_dob,
            "1933-04-05",
            "99999",
            "88888",
        ):
            assert needle not in low, (where, needle)
    # the full sample ledger holds no register name or birth date either
    big = env["ledger"].read_text()
    names = {ws(r["full_name"]) for r in env["requests"]} | {
        norm_name(r["full_name"]) for r in env["requests"]
    }
    # every run of words with a blank (digests and base64 have no blank) is ledger wording, never a name
    phrases = {ws(m) for m in re.findall(r"[A-Za-z][A-Za-z' ,.-]* [A-Za-z' ,.-]*[A-Za-z]", big)}
    assert phrases and not phrases & names
    assert not re.search(r"\d{4}-\d{2}-\d{2}", big)  # no date
