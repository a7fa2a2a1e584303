"""The engine-side nearest-row search (grid blocking, bounding passes, whole-release fallback) finds the same
rows as the reference: the release streamed through numpy in the seeded order. Compared on awkward data:
exact duplicates, ties, missing values in targets and release, numbers written two ways, categories the
release lacks, a control outside the release; plus the baseline rows at seeded positions and the lower-bound
flag when the fallback's pair budget is hit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskaudit.engine import DuckDBEngine, row_hash
from riskaudit.linkage import _anonymeter, _nearest
from riskaudit.linkage._anonymeter import attack_tables


def _frames(n: int, seed: int, *, dup: float = 0.3, missing: float = 0.05):
    rng = np.random.default_rng(seed)

    def people(m: int) -> pd.DataFrame:
        df = pd.DataFrame(
            {
                "zip": [f"{z:03d}" for z in rng.integers(100, 140, size=m)],
                "year": rng.integers(1950, 1970, size=m).astype(str),
                "sex": rng.choice(["F", "M", "X"], size=m, p=[0.49, 0.49, 0.02]),
                "grp": rng.choice(["a", "b", "c", "d"], size=m),
                "inc": np.round(np.exp(rng.normal(10, 0.5, size=m)), 0).astype(int).astype(str),
                "secret": rng.choice(["s0", "s1", "s2", "s3"], size=m),
            }
        )
        for c in ("sex", "grp", "inc", "year"):
            df.loc[rng.random(m) < missing, c] = None
        return df

    ori, ctl = people(n), people(n // 2)
    rel = ori.copy()
    jitter = rng.random(n) < 0.5
    rel.loc[jitter & rel["inc"].notna(), "inc"] = (
        (
            rel.loc[jitter & rel["inc"].notna(), "inc"].astype(float)
            * (1 + rng.normal(0, 0.01, size=int((jitter & rel["inc"].notna()).sum())))
        )
        .round(0)
        .astype(int)
        .astype(str)
    )
    rel.loc[rng.random(n) < 0.1, "year"] = "1960.0"  # the same number written another way
    rel.loc[rng.random(n) < 0.05, "grp"] = "e"  # a category only the release has
    rel = pd.concat([rel, rel.sample(frac=dup, random_state=seed)], ignore_index=True)  # exact duplicates
    rel = rel.sample(frac=1.0, random_state=seed + 1).reset_index(drop=True)
    return ori, rel, ctl


COLS = ["zip", "year", "sex", "grp", "inc"]


def _run(method: str, ori, rel, ctl, *, seed: int, n_attacks: int, cols=COLS, secret="secret", **kw):
    _anonymeter._METHOD = method
    engine = DuckDBEngine(threads=2)
    try:
        tables = [engine.from_pandas(df)[1] for df in (ori, rel, ctl)]
        return attack_tables(engine, *tables, cols, secret=secret, n_attacks=n_attacks, seed=seed, **kw)
    finally:
        _anonymeter._METHOD = "auto"
        engine.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_levels_match_the_streamed_search(seed):
    ori, rel, ctl = _frames(1500, seed)
    ref = _run("scan", ori, rel, ctl, seed=seed, n_attacks=150)
    got = _run("engine", ori, rel, ctl, seed=seed, n_attacks=150)
    assert got.model_dump_json() == ref.model_dump_json()
    assert ref.linkability.attack.successes > 0 and ref.inference.attack.successes > 0  # not a vacuous match


def test_bounding_passes_match_the_streamed_search(monkeypatch):
    # a release longer than the bounding sample: numpy bounds on 200 rows, targeted scans on 800, then all
    monkeypatch.setattr(_nearest, "SAMPLE_ROWS", 200)
    monkeypatch.setattr(_nearest, "STAGE", 4)
    monkeypatch.setattr(_nearest, "_BUCKET_ROWS", 8)  # the baseline's rows found through hash-prefix buckets
    seen: list = []
    monkeypatch.setattr(_nearest, "TRACE", seen)
    ori, rel, ctl = _frames(2500, 5)
    ref = _run("scan", ori, rel, ctl, seed=5, n_attacks=200)
    got = _run("engine", ori, rel, ctl, seed=5, n_attacks=200)
    assert got.model_dump_json() == ref.model_dump_json()
    assert any(t[1] == "targeted" for t in seen)


def test_categorical_only_and_no_close_rows_fall_back():
    # categorical aux columns the control never shares with the release: those targets need the fallback
    rng = np.random.default_rng(9)
    ori = pd.DataFrame(
        {
            "a": rng.choice(list("pqrs"), 400),
            "b": rng.choice(list("xyz"), 400),
            "c": rng.choice(["u", "v", None], 400),
            "s": rng.choice(["0", "1"], 400),
        }
    )
    ctl = pd.DataFrame(
        {
            "a": rng.choice(list("PQ"), 200),
            "b": rng.choice(list("xyzw"), 200),
            "c": rng.choice(["u", "w"], 200),
            "s": rng.choice(["0", "1"], 200),
        }
    )
    rel = pd.concat([ori, ori.head(50)], ignore_index=True)
    ref = _run("scan", ori, rel, ctl, seed=3, n_attacks=100, cols=["a", "b", "c"], secret="s")
    got = _run("engine", ori, rel, ctl, seed=3, n_attacks=100, cols=["a", "b", "c"], secret="s")
    assert got.model_dump_json() == ref.model_dump_json()


def test_identical_release_links_every_target():
    # each half of the aux columns holds a unique number: a target's own row is its only nearest row
    ori, _, ctl = _frames(800, 4, missing=0.0)
    ori = ori.assign(id1=[str(i) for i in range(800)], id2=[f"{i}.5" for i in range(800)])
    ctl = ctl.assign(
        id1=[str(i + 0.25) for i in range(len(ctl))], id2=[str(i + 0.75) for i in range(len(ctl))]
    )
    cols = ["id1", "zip", "id2", "grp"]
    got = _run("engine", ori, ori.copy(), ctl, seed=4, n_attacks=100, cols=cols)
    assert got.linkability.attack.successes == 100 and got.inference.attack.successes == 100
    assert not got.linkability.lower_bound and got.rows["release_searched"] == got.rows["release"]
    assert (
        got.model_dump_json()
        == _run("scan", ori, ori.copy(), ctl, seed=4, n_attacks=100, cols=cols).model_dump_json()
    )


def test_pair_budget_is_a_flagged_lower_bound():
    rng = np.random.default_rng(2)
    ori = pd.DataFrame(
        {
            "a": rng.choice(list("pqrs"), 300),
            "b": rng.choice(list("xyz"), 300),
            "s": rng.choice(["0", "1"], 300),
        }
    )
    ctl = pd.DataFrame(
        {"a": rng.choice(list("PQ"), 300), "b": rng.choice(list("XY"), 300), "s": rng.choice(["0", "1"], 300)}
    )
    full = _run("engine", ori, ori.copy(), ctl, seed=1, n_attacks=50, cols=["a", "b"], secret="s")
    assert not full.inference.lower_bound and full.rows["release_searched"] == 300
    capped = _run(
        "engine", ori, ori.copy(), ctl, seed=1, n_attacks=50, cols=["a", "b"], secret="s", max_pairs=2_000
    )
    assert capped.linkability.lower_bound and capped.inference.lower_bound
    assert not capped.singling_out.lower_bound
    assert capped.rows["release_searched"] < capped.rows["release"]
    assert any("max_pairs" in n and "lower bounds" in n for n in capped.notes)


def test_max_rows_sample_is_flagged_on_both_searches():
    ori, rel, ctl = _frames(1200, 6)
    ref = _run("scan", ori, rel, ctl, seed=6, n_attacks=100, max_rows=500)
    got = _run("engine", ori, rel, ctl, seed=6, n_attacks=100, max_rows=500)
    assert got.model_dump_json() == ref.model_dump_json()
    assert got.inference.lower_bound and got.rows["release_searched"] == 500


def test_rows_at_matches_positions_in_the_seeded_order(monkeypatch):
    monkeypatch.setattr(_nearest, "_BUCKET_ROWS", 4)
    _, rel, _ = _frames(700, 8)
    use = list(rel.columns)
    engine = DuckDBEngine(threads=2)
    try:
        t = engine.from_pandas(rel)[1].select(*use)
        ordered = engine.execute(t.mutate(__h=row_hash(t, 8, salt="s")).order_by(["__h", *use]).select(*use))
        pos = [0, 1, 17, 300, len(rel) - 1]
        got = _nearest.rows_at(engine, t, use, pos, len(rel), seed=8, salt="s", column="secret")
    finally:
        engine.close()
    assert got == {p: ordered["secret"].iloc[p] for p in pos}
