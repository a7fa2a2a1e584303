"""Release attacks at scale: linkability and inference search the whole release (streamed in bounded
Arrow batches), so the risks do not collapse when the tables outgrow a sample size; results are
deterministic and independent of the batch size."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from riskaudit.engine import DuckDBEngine
from riskaudit.engine._base import Engine
from riskaudit.linkage import _anonymeter
from riskaudit.linkage._anonymeter import attack_tables

COLS = ["zip3", "income", "birth_year", "sex", "weight"]  # halves: (zip3, income), (birth_year, sex, weight)
SECRET = "diagnosis"


def _people(n: int, rng: np.random.Generator) -> pd.DataFrame:
    year = rng.integers(1930, 2010, size=n)
    sex = rng.choice(["F", "M"], size=n)
    return pd.DataFrame(
        {
            "zip3": [f"{z:03d}" for z in rng.integers(100, 1000, size=n)],
            "birth_year": year,
            "sex": sex,
            "income": np.round(np.exp(rng.normal(10.5, 0.6, size=n)), 2),
            "weight": np.round(rng.normal(75, 12, size=n), 4),
            SECRET: [f"D{d:02d}" for d in (rng.integers(0, 20, size=n) + (year % 7) * 3) % 20],
        }
    )


def _tables(engine: DuckDBEngine, n: int, seed: int = 11):
    """``n`` original rows, ``3n/7`` control rows from the same population, and a release that is the
    original row by row with zip3 swapped (5%), birth year +-1 (10%), income and weight x (1 + N(0, 0.002%)) and the
    diagnosis redrawn (30%)."""
    rng = np.random.default_rng(seed)
    ori, ctl = _people(n, rng), _people(n * 3 // 7, rng)
    rel = ori.copy()
    swap = rng.random(n) < 0.05
    rel.loc[swap, "zip3"] = [f"{z:03d}" for z in rng.integers(100, 1000, size=int(swap.sum()))]
    shift = rng.random(n) < 0.10
    rel.loc[shift, "birth_year"] += rng.choice([-1, 1], size=int(shift.sum()))
    rel["income"] = np.round(rel["income"] * (1 + rng.normal(0, 0.00002, size=n)), 2)
    rel["weight"] = np.round(rel["weight"] * (1 + rng.normal(0, 0.00002, size=n)), 4)
    redraw = rng.random(n) < 0.30
    rel.loc[redraw, SECRET] = [f"D{d:02d}" for d in rng.integers(0, 20, size=int(redraw.sum()))]
    rel = rel.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # row order must not matter
    return [engine.from_pandas(df.astype(str))[1] for df in (ori, rel, ctl)]


def _attack(n: int, max_rows: int = 1_000_000, n_attacks: int = 500):
    engine = DuckDBEngine(threads=2)
    try:
        ori, rel, ctl = _tables(engine, n)
        return attack_tables(
            engine, ori, rel, ctl, COLS, secret=SECRET, n_attacks=n_attacks, seed=3, max_rows=max_rows
        )
    finally:
        engine.close()


@pytest.fixture(scope="module")
def at_10k():
    return _attack(10_000)


@pytest.fixture(scope="module")
def at_60k():
    return _attack(60_000)


def test_risks_do_not_collapse_with_size(at_10k, at_60k):
    assert at_60k.rows["release"] == 60_000 and at_60k.rows["release_searched"] == 60_000
    assert not any("lower bound" in n for n in at_60k.notes)
    for name in ("inference", "linkability"):
        small, large = getattr(at_10k, name).risk.value, getattr(at_60k, name).risk.value
        assert small > 0.3, (name, small)  # the generator leaks: the attack must see it
        assert abs(large - small) <= 0.05, (name, small, large)


def test_sampled_release_is_flagged_and_lower(at_60k):
    # the old behaviour (a 2,000-row sample of a 60,000-row release) loses most targets' own rows
    sampled = _attack(60_000, max_rows=2_000)
    assert sampled.rows["release_searched"] == 2_000
    assert any("lower bounds" in n for n in sampled.notes)
    assert sampled.inference.risk.value < at_60k.inference.risk.value - 0.2
    assert sampled.linkability.risk.value < at_60k.linkability.risk.value - 0.2
    # singling out counts over the whole tables whatever max_rows is
    assert sampled.singling_out == at_60k.singling_out


def test_deterministic(at_10k):
    again = _attack(10_000)
    assert again.model_dump_json() == at_10k.model_dump_json()


def test_batches_bounded_and_batch_size_irrelevant(monkeypatch, at_10k):
    seen: list[int] = []
    real = Engine.iter_batches

    def spy(self, expr, rows):
        for b in real(self, expr, rows):
            seen.append(b.num_rows)
            yield b

    monkeypatch.setattr(Engine, "iter_batches", spy)
    monkeypatch.setattr(_anonymeter, "_BATCH_ROWS", 700)
    monkeypatch.setattr(_anonymeter, "_MAX_CELLS", 50_000)
    small = _attack(10_000)
    assert seen and max(seen) <= 700 and sum(seen) == 10_000 and len(seen) >= 15
    assert small.model_dump_json() == at_10k.model_dump_json()


def test_streamed_matches_brute_force():
    """Exact successes equal a plain in-memory nearest-neighbour search over the whole release."""
    engine = DuckDBEngine(threads=2)
    try:
        ori, rel, ctl = _tables(engine, 3_000)
        res = attack_tables(engine, ori, rel, ctl, COLS, secret=SECRET, n_attacks=200, seed=5)
        from riskaudit.engine import row_hash, sample_rows

        use = [*COLS, SECRET]  # the attack hashes rows over these columns, in this order
        ori, rel = ori.select(*use), rel.select(*use)
        t = sample_rows(engine, ori, 200, 5)
        r = engine.execute(
            rel.mutate(__h=row_hash(rel, 5, salt="riskaudit-release:5"))
            .order_by(["__h", *rel.columns])
            .select(*rel.columns)
        )
        o_all = pd.concat([engine.execute(ori), engine.execute(ctl), r])
    finally:
        engine.close()
    num = {
        c: (float(o_all[c].astype(float).min()), float(np.ptp(o_all[c].astype(float))))
        for c in ("zip3", "birth_year", "income", "weight")
    }  # every value parses: numeric

    def dist(cols):
        d = np.zeros((len(t), len(r)))
        for c in cols:
            if c in num:
                lo, w = num[c]
                a, b = (t[c].astype(float).to_numpy() - lo) / w, (r[c].astype(float).to_numpy() - lo) / w
                d += np.abs(a[:, None] - b[None, :])
            else:
                d += t[c].to_numpy()[:, None] != r[c].to_numpy()[None, :]
        return np.argmin(d, axis=1)

    linked = int((dist(COLS[:2]) == dist(COLS[2:])).sum())
    guessed = int((r[SECRET].to_numpy()[dist(COLS)] == t[SECRET].to_numpy()).sum())
    assert res.linkability.attack.successes == linked
    assert res.inference.attack.successes == guessed
