"""Marks (issue 16): two recipients' copies of the de-identified sample; subset, shuffle, column reordering,
superset and light perturbation are detected and attributed; unmarked data and 100 wrong keys never fire;
thresholds equal an exact binomial tail computed here with math.comb; receipts verify and hold no values."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import cli

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
DEID = ROOT / "sample_data" / "hospital_discharges_deid.csv"
WM = "total_charges:2,length_of_stay:0"
QIS = ["zip3", "birth_year", "sex", "race", "ethnicity"]


def tail_exact(t: int, n: int) -> tuple[int, int]:
    """P(Bin(n, 1/2) >= t) as the fraction (sum of C(n, k), 2^n): integers only."""
    return sum(math.comb(n, k) for k in range(max(t, 0), n + 1)), 2**n


def tau_exact(n: int, alpha_num: int, alpha_den: int) -> int | None:
    """Least t with P(Bin(n, 1/2) >= t) < alpha_num / alpha_den, by integer comparisons."""
    total, t = 0, n + 1
    # walk down from the top of the tail while it stays below alpha
    while t > 0:
        nxt = total + math.comb(n, t - 1)
        if nxt * alpha_den >= alpha_num * 2**n:
            break
        total, t = nxt, t - 1
    return t if t <= n else None


def secret(key_path: Path, recipient: str) -> str:
    """K_r as docs/marks.md defines it, recomputed here from the key file."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    master = hmac.new(raw, b"riskaudit-marks-v1", hashlib.sha256).digest()
    return hmac.new(master, ("recipient\x1f" + recipient).encode(), hashlib.sha256).hexdigest()


def f_hash(k: str, m: str) -> str:
    inner = hashlib.sha256((k + m).encode()).hexdigest()
    return hashlib.sha256((k + inner).encode()).hexdigest()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("marks")
    assert cli("keygen", "--out", str(d / "keys" / "provider")).exit_code == 0
    assert cli("keygen", "--out", str(d / "keys" / "other")).exit_code == 0
    for who in ("ACME", "BETA"):
        r = cli(
            "mark",
            str(DEID),
            "--key",
            str(d / "keys" / "provider.key"),
            "--recipient",
            who,
            "--out",
            str(d / f"{who}.csv"),
            "--receipt",
            str(d / f"{who}.receipt.json"),
            "--watermark",
            WM,
            "--key-columns",
            "person_id",
        )
        assert r.exit_code == 0, r.stderr
    return d


def detect(d: Path, suspect: Path, *extra: str) -> tuple[int, dict]:
    r = cli(
        "detect",
        str(suspect),
        "--key",
        str(d / "keys" / "provider.key"),
        "--receipt",
        str(d / "ACME.receipt.json"),
        "--receipt",
        str(d / "BETA.receipt.json"),
        "--alpha",
        "1e-6",
        "--json",
        *extra,
    )
    assert r.exit_code in (0, 1), r.stderr
    return r.exit_code, json.loads(r.stdout)


def by_recipient(res: dict) -> dict[str, dict]:
    return {r["recipient"]: r for r in res["receipts"]}


def read(p: Path) -> pd.DataFrame:
    return pd.read_csv(p, dtype=str, keep_default_na=False)


def test_reference_thresholds_from_math_comb():
    # the published values (Agrawal-Kiernan style detection, omega marks, alpha)
    assert tau_exact(100, 1, 100) == 63 and tau_exact(100, 1, 10**6) == 74 and tau_exact(100, 1, 10**9) == 80
    assert tau_exact(500, 1, 10**6) == 304
    from riskaudit.marks._stats import threshold, upper_tail

    for n in (1, 7, 20, 100, 500, 1000):
        for a_num, a_den in ((1, 100), (1, 10**6), (1, 10**9)):
            assert threshold(n, a_num / a_den) == tau_exact(n, a_num, a_den), (n, a_den)
    num, den = tail_exact(74, 100)
    assert math.isclose(upper_tail(74, 100), num / den, rel_tol=1e-9)


def test_each_copy_attributed_to_its_recipient(work):
    for who, other in (("ACME", "BETA"), ("BETA", "ACME")):
        code, res = detect(work, work / f"{who}.csv")
        got = by_recipient(res)
        assert code == 1 and res["recipients"] == [who]
        assert got[who]["detected"] and not got[other]["detected"]
        wm = got[who]["watermark"]
        assert wm["threshold"] == tau_exact(wm["marks"], 1, 10**6)  # threshold = exact tail computed here
        assert wm["matches"] == wm["marks"] > 1500
        num, den = tail_exact(got[other]["watermark"]["matches"], got[other]["watermark"]["marks"])
        assert math.isclose(got[other]["watermark"]["p_value"], num / den, rel_tol=1e-6)
        assert got[who]["traps"]["exact"] == got[who]["traps"]["traps"] == 20
        assert got[other]["traps"]["fuzzy"] == 0


def test_unmarked_file_is_never_detected(work):
    code, res = detect(work, DEID)
    assert code == 0 and res["recipients"] == [] and not res["detected"]
    for r in res["receipts"]:
        assert r["traps"]["fuzzy"] == 0 and r["watermark"]["matches"] < r["watermark"]["threshold"]


def test_marks_change_only_selected_cells_by_one_unit(work):
    orig = read(DEID).set_index("person_id")
    acme = read(work / "ACME.csv")
    traps = acme[~acme.person_id.isin(orig.index)]
    real = acme[acme.person_id.isin(orig.index)].set_index("person_id").loc[orig.index]
    assert len(traps) == 20 and len(real) == len(orig)
    k = secret(work / "keys" / "provider.key", "ACME")
    cols = ["total_charges", "length_of_stay"]
    changed = {c: 0 for c in cols}
    selected = 0
    for pid in orig.index:
        f = f_hash(k, pid)
        sel = int(f[:8], 16) % 10 == 0
        attr, bit = int(f[8:16], 16) % 2, int(f[16:24], 16) % 2
        for j, c in enumerate(cols):
            a, b = orig.at[pid, c], real.at[pid, c]
            if not (sel and attr == j):
                assert a == b, (pid, c)  # unselected cells are byte-identical
                continue
            selected += 1
            units = round(float(b) * (100 if c == "total_charges" else 1))
            assert units % 2 == bit  # the mark: parity of the last kept decimal equals the keyed bit
            diff = abs(float(a) - float(b)) * (100 if c == "total_charges" else 1)
            assert diff <= 1 + 1e-6  # at most one unit of the last kept decimal
            changed[c] += a != b
        for c in orig.columns:
            if c not in cols:
                assert orig.at[pid, c] == real.at[pid, c]
    assert 1700 < selected < 2300  # about 1 row in gamma = 10
    assert all(
        0.35 * selected / 2 < v < 0.65 * selected / 2 for v in changed.values()
    )  # about half need a move


def test_traps_are_fictitious_unique_and_plausible(work):
    orig = read(DEID)
    acme, beta = read(work / "ACME.csv"), read(work / "BETA.csv")
    ta, tb = (x[~x.person_id.isin(orig.person_id)] for x in (acme, beta))
    assert len(ta) == len(tb) == 20 and set(ta.person_id).isdisjoint(tb.person_id)
    real_qi = set(map(tuple, orig[QIS].to_numpy()))
    qa = list(map(tuple, ta[QIS].to_numpy()))
    assert not set(qa) & real_qi and len(set(qa)) == len(qa)  # absent from the real data, unique
    for c in QIS + ["primary_diagnosis"]:
        assert set(ta[c]) <= set(orig[c])  # every value from the data's own domain
    assert ta.person_id.str.fullmatch(r"P\d{7}").all()  # the shape of the column's identifiers
    # traps are spread through the file, not appended at its end
    pos = np.flatnonzero(~acme.person_id.isin(orig.person_id).to_numpy())
    assert pos.min() < len(acme) * 0.5 < pos.max() < len(acme) - 1
    # deterministic: marking again gives the same bytes
    r = cli(
        "mark",
        str(DEID),
        "--key",
        str(work / "keys" / "provider.key"),
        "--recipient",
        "ACME",
        "--out",
        str(work / "again.csv"),
        "--receipt",
        str(work / "again.json"),
        "--watermark",
        WM,
        "--key-columns",
        "person_id",
    )
    assert r.exit_code == 0
    assert (work / "again.csv").read_bytes() == (work / "ACME.csv").read_bytes()


def test_subset_shuffle_reorder_superset_perturbation_detected(work):
    rng = np.random.default_rng(16)
    acme = read(work / "ACME.csv")
    cases = {}
    cases["subset"] = acme.sample(frac=0.5, random_state=1)
    cols = list(acme.columns)
    rng.shuffle(cols)
    cases["shuffle_reorder"] = acme.sample(frac=1.0, random_state=2)[cols]
    other = read(DEID).sample(n=len(acme) // 5, random_state=3)
    other["person_id"] = [f"Q{rng.integers(10**7):07d}" for _ in range(len(other))]
    other["total_charges"] = [f"{float(x) + rng.integers(-500, 500) / 100:.2f}" for x in other.total_charges]
    cases["superset"] = pd.concat([acme, other]).sample(frac=1.0, random_state=4)
    pert = acme.copy()
    flip = rng.random(len(pert)) < 0.2  # 20 % of all cells moved by one unit: a minority of marked cells
    pert.loc[flip, "total_charges"] = [f"{float(x) + 0.01:.2f}" for x in pert.loc[flip, "total_charges"]]
    flip2 = rng.random(len(pert)) < 0.2
    pert.loc[flip2, "length_of_stay"] = [str(int(x) + 1) for x in pert.loc[flip2, "length_of_stay"]]
    cases["perturbed"] = pert
    for name, df in cases.items():
        p = work / f"case_{name}.csv"
        df.to_csv(p, index=False)
        code, res = detect(work, p)
        got = by_recipient(res)
        assert code == 1 and res["recipients"] == ["ACME"], (
            name,
            got["ACME"]["reason"],
            got["BETA"]["reason"],
        )
        assert got["ACME"]["watermark"]["p_value"] < 1e-6, name  # the watermark alone suffices
        assert not got["BETA"]["detected"], name


def test_rounding_coarser_than_the_mark_destroys_it_traps_survive(work):
    acme = read(work / "ACME.csv")
    acme["total_charges"] = [f"{round(float(x)):d}" for x in acme.total_charges]
    acme["length_of_stay"] = [str(int(x) // 2 * 2) for x in acme.length_of_stay]
    p = work / "rounded.csv"
    acme.to_csv(p, index=False)
    code, res = detect(work, p)
    got = by_recipient(res)["ACME"]
    assert got["watermark"]["p_value"] > 1e-6  # the watermark is gone
    assert got["traps"]["fuzzy"] == 20 and got["traps"]["p_value"] < 1e-6  # the traps are still there
    assert code == 1 and res["recipients"] == ["ACME"]


def test_hundred_wrong_keys_never_detect(work):
    import ibis

    from riskaudit.attest import load_public_key
    from riskaudit.config import load_config
    from riskaudit.dataset import open_dataset
    from riskaudit.engine import connect
    from riskaudit.marks._api import evidence_of, judge, trap_evidence, watermark_counts
    from riskaudit.marks._receipt import read_receipt

    rec, _ = read_receipt(work / "ACME.receipt.json", {"p": load_public_key(work / "keys" / "provider.pub")})
    cols = [s.column for s in rec.parameters.watermark]
    keys = [hashlib.sha256(f"wrong key {i}".encode()).hexdigest() for i in range(100)]
    cfg = load_config(None)
    eng = connect(cfg.engine)
    try:
        ds = open_dataset(work / "ACME.csv", cfg.dataset, eng)
        table = eng.materialize(ds.text_table)
        # the 100 keys in one query: the suspect crossed with the keys, counts grouped by key
        x = table.cross_join(ibis.memtable(pd.DataFrame({"__rm_key": keys})))
        counts = eng.execute(watermark_counts(x, x["__rm_key"], rec.parameters, by=["__rm_key"]))
        pvals = []
        for i, k in enumerate(keys):
            per = {c: [0, 0] for c in cols}
            for _, r in counts[counts["__rm_key"] == k].iterrows():
                per[cols[int(r["__j"])]] = [int(r["n"]), int(r["m"])]
            wm = evidence_of(per, [], 1e-6)
            assert wm.marks > 1500
            if i < 10:  # the trap semi-join is one query per key
                tr = trap_evidence(eng, table, k, rec.parameters, rec.traps, ds.rows, 1e-6)
                assert tr.fuzzy == 0 and tr.exact == 0 and tr.qi == 0
            else:
                tr = trap_evidence(eng, table, k, rec.parameters, [], ds.rows, 1e-6)
            assert not judge("ACME", "r", wm, tr, 1e-6).detected
            pvals.append(wm.p_value)
    finally:
        eng.close()
    # under a wrong key every mark matches with probability 1/2: p-values spread over (0, 1]
    assert all(p is not None and p > 1e-6 for p in pvals)
    assert 2 <= sum(p < 0.2 for p in pvals) <= 40


def test_other_key_is_a_usage_error(work):
    r = cli(
        "detect",
        str(work / "ACME.csv"),
        "--key",
        str(work / "keys" / "other.key"),
        "--receipt",
        str(work / "ACME.receipt.json"),
    )
    assert r.exit_code == 2 and r.stderr.startswith("error: ") and "Traceback" not in r.stderr


def test_receipt_verifies_binds_the_copy_and_holds_no_values(work):
    rp = work / "ACME.receipt.json"
    r = cli("verify", str(rp), "--pub", str(work / "keys" / "provider.pub"))
    assert r.exit_code == 0 and "ACME" in r.stdout and "marked copy" in r.stdout
    assert cli("verify", str(rp), "--pub", str(work / "keys" / "other.pub")).exit_code == 1
    env = json.loads(rp.read_text())
    stmt = json.loads(base64.b64decode(env["payload"]))
    assert stmt["_type"] == "https://in-toto.io/Statement/v1"
    assert (
        stmt["subject"][0]["digest"]["sha256"] == hashlib.sha256((work / "ACME.csv").read_bytes()).hexdigest()
    )
    assert stmt["predicate"]["source"]["sha256"] == hashlib.sha256(DEID.read_bytes()).hexdigest()
    payload = base64.b64decode(env["payload"]).decode()
    acme, orig = read(work / "ACME.csv"), read(DEID)
    traps = acme[~acme.person_id.isin(orig.person_id)]
    for v in list(traps.person_id) + list(orig.person_id[:200]) + list(traps.total_charges):
        assert v not in payload
    # a copy altered after marking no longer verifies against the receipt
    altered = work / "altered.csv"
    altered.write_bytes((work / "ACME.csv").read_bytes() + b"\n")
    r = cli("verify", str(rp), "--pub", str(work / "keys" / "provider.pub"), "--data", str(altered))
    assert r.exit_code == 1 and "changed" in r.stderr
    # a tampered receipt fails its signature
    stmt["predicate"]["recipient"] = "EVIL"
    env["payload"] = base64.b64encode(json.dumps(stmt).encode()).decode()
    bad = work / "bad.receipt.json"
    bad.write_text(json.dumps(env))
    assert cli("verify", str(bad), "--pub", str(work / "keys" / "provider.pub")).exit_code == 1


def test_green_interval_scheme_on_a_continuous_column(tmp_path):
    rng = random.Random(5)
    n = 6000
    df = pd.DataFrame(
        {"id": [f"R{i:06d}" for i in range(n)], "score": [f"{rng.random() * 3:.6f}" for _ in range(n)]}
    )
    src = tmp_path / "cont.csv"
    df.to_csv(src, index=False)
    assert cli("keygen", "--out", str(tmp_path / "k")).exit_code == 0
    r = cli(
        "mark",
        str(src),
        "--key",
        str(tmp_path / "k.key"),
        "--recipient",
        "X",
        "--out",
        str(tmp_path / "m.csv"),
        "--receipt",
        str(tmp_path / "m.json"),
        "--watermark",
        "score:~0.01",
        "--key-columns",
        "id",
        "--traps",
        "0",
        "--gamma",
        "5",
    )
    assert r.exit_code == 0, r.stderr
    m = read(tmp_path / "m.csv")
    assert list(m.id) == list(df.id)
    diff = (m.score.astype(float) - df.score.astype(float)).abs()
    assert (
        diff.max() <= 0.0055 + 1e-9 and 0.03 < (diff > 0).mean() < 0.2
    )  # at most 0.55 width, on ~1/gamma rows
    for suspect, want in ((tmp_path / "m.csv", 1), (src, 0)):
        r = cli(
            "detect",
            str(suspect),
            "--key",
            str(tmp_path / "k.key"),
            "--receipt",
            str(tmp_path / "m.json"),
            "--json",
        )
        assert r.exit_code == want, r.stderr
        wm = json.loads(r.stdout)["receipts"][0]["watermark"]
        assert wm["threshold"] == tau_exact(wm["marks"], 1, 10**6)


def test_bad_usage_is_one_line_exit_2(work, tmp_path):
    key = str(work / "keys" / "provider.key")
    for args, needle in (
        (["--watermark", "nosuch:2"], "nosuch"),
        (["--watermark", "total_charges:x"], "DECIMALS"),
        (["--key-columns", "total_charges", "--watermark", "total_charges:2"], "key"),
        (["--gamma", "0"], "gamma"),
    ):
        r = cli(
            "mark",
            str(DEID),
            "--key",
            key,
            "--recipient",
            "A",
            "--out",
            str(tmp_path / "o.csv"),
            "--receipt",
            str(tmp_path / "o.json"),
            *args,
        )
        assert r.exit_code == 2 and needle in r.stderr and len(r.stderr.strip().splitlines()) == 1, (
            args,
            r.stderr,
        )
        assert not (tmp_path / "o.csv").exists()


def test_traps_need_a_column_to_make_fictitious(tmp_path):
    src = tmp_path / "nums.csv"
    pd.DataFrame({"a": range(100), "b": [i * 0.5 for i in range(100)]}).to_csv(src, index=False)
    assert cli("keygen", "--out", str(tmp_path / "k")).exit_code == 0
    r = cli(
        "mark",
        str(src),
        "--key",
        str(tmp_path / "k.key"),
        "--recipient",
        "X",
        "--out",
        str(tmp_path / "m.csv"),
        "--receipt",
        str(tmp_path / "m.json"),
        "--watermark",
        "b:1",
        "--key-columns",
        "a",
    )
    assert r.exit_code == 2 and "--traps" in r.stderr and not (tmp_path / "m.csv").exists()
