"""Simulation study for population risk from a sample (issue 11). Not a test: run it by hand.

    PYTHONPATH=src python benchmarks/sim_population_risk.py [--quick] [--out benchmarks/results/sim_population_risk.json]

Populations whose truth is known exactly (synthetic, N = 1,000,000, seeded; and UCI Adult train+test,
48,842 people, used as a population), Bernoulli samples at pi = 0.01, 0.05, 0.1, 0.2. For each cell:
truth and every estimator's estimate of population uniqueness (share of N), marketer risk and journalist
highest. The aggregates handed to the estimators are exactly what the scan gets from the engine (one-way
margins, two-way tables, the class-size histogram, the classes' (f, log mu)); here they are computed with
numpy on the simulated codes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from riskaudit.reident._estimators import dankar, pitman, snb, zayatz  # noqa: E402
from riskaudit.reident._model_select import select_model  # noqa: E402

PIS = (0.01, 0.05, 0.1, 0.2)
N_SYN = 1_000_000


def _cat(rng, p, size):
    return rng.choice(len(p), size=size, p=np.asarray(p) / np.sum(p))


def _age_dist():
    a = np.arange(91)
    return np.exp(-(((a - 38) / 28.0) ** 2)) + 0.15 * (a < 75)


def pop_independent(rng, N):
    """Independent QIs: age (91), sex (2), area (300, Zipf-like sizes), race (5), marital (5)."""
    area_p = 1.0 / np.arange(1, 301) ** 0.8
    return {
        "age": _cat(rng, _age_dist(), N),
        "sex": _cat(rng, [0.49, 0.51], N),
        "area": _cat(rng, area_p, N),
        "race": _cat(rng, [0.7, 0.13, 0.08, 0.06, 0.03], N),
        "marital": _cat(rng, [0.45, 0.3, 0.12, 0.08, 0.05], N),
    }


def pop_correlated(rng, N):
    """Realistic dependence: sex by age (women outlive men), race by area (segregated areas), marital
    status by age and sex, area sizes Zipf-like."""
    age = _cat(rng, _age_dist(), N)
    p_f = 0.49 + 0.25 * np.clip((age - 60) / 30, 0, 1)
    sex = (rng.random(N) < p_f).astype(int)
    area_p = 1.0 / np.arange(1, 301) ** 0.8
    area = _cat(rng, area_p, N)
    race_by_area = rng.dirichlet([2.0, 0.4, 0.3, 0.2, 0.1], size=300)
    u = rng.random(N)
    race = (u[:, None] > np.cumsum(race_by_area[area], axis=1)).sum(axis=1).clip(0, 4)
    # marital: never (0), married (1), divorced (2), widowed (3), separated (4) by age band and sex
    band = np.clip(age // 10, 0, 9)
    base = np.array(
        [
            [0.97, 0.02, 0.0, 0.0, 0.01],
            [0.9, 0.08, 0.01, 0.0, 0.01],
            [0.45, 0.45, 0.06, 0.0, 0.04],
            [0.2, 0.6, 0.15, 0.01, 0.04],
            [0.12, 0.6, 0.2, 0.04, 0.04],
            [0.08, 0.6, 0.2, 0.09, 0.03],
            [0.06, 0.58, 0.16, 0.18, 0.02],
            [0.05, 0.5, 0.1, 0.34, 0.01],
            [0.04, 0.35, 0.06, 0.55, 0.0],
            [0.03, 0.2, 0.04, 0.73, 0.0],
        ]
    )
    pm = base[band].copy()
    pm[:, 3] *= np.where(sex == 1, 1.6, 0.6)
    pm /= pm.sum(axis=1, keepdims=True)
    u = rng.random(N)
    marital = (u[:, None] > np.cumsum(pm, axis=1)).sum(axis=1).clip(0, 4)
    return {"age": age, "sex": sex, "area": area, "race": race, "marital": marital}


def pop_heavy(rng, N):
    """Heavy tails and higher-order structure: 60 latent communities (a mixture, so interactions of every
    order), each with its own area set, age profile, occupation (80, Zipf) and language (30, Zipf)."""
    G = 60
    g = _cat(rng, 1.0 / np.arange(1, G + 1) ** 1.1, N)
    area_of = rng.integers(0, 400, size=(G, 6))
    area = area_of[g, _cat(rng, [0.5, 0.2, 0.12, 0.08, 0.06, 0.04], N)]
    centre = rng.uniform(20, 70, G)
    age = np.clip(np.round(centre[g] + rng.standard_t(3, N) * 8), 0, 95).astype(int)
    occ_perm = np.array([rng.permutation(80) for _ in range(G)])
    occ = occ_perm[g, np.minimum(rng.zipf(1.7, N) - 1, 79)]
    lang_perm = np.array([rng.permutation(30) for _ in range(G)])
    lang = lang_perm[g, np.minimum(rng.zipf(2.2, N) - 1, 29)]
    sex = _cat(rng, [0.5, 0.5], N)
    return {"age": age, "sex": sex, "area": area, "occupation": occ, "language": lang}


def pop_adult(_rng, _N):
    """UCI Adult train + test (48,842 people) on age, sex, race, marital-status, education."""
    import csv

    rows = []
    for name in ("adult.data", "adult.test"):
        with open("/work/shared/data/adult/" + name, newline="") as fh:
            for r in csv.reader(fh, skipinitialspace=True):
                if len(r) < 14 or r[0].startswith("|"):
                    continue
                rows.append((r[0], r[9], r[8], r[5], r[3]))
    cols = list(zip(*rows, strict=True))
    out = {}
    for name, col in zip(("age", "sex", "race", "marital", "education"), cols, strict=True):
        _, codes = np.unique(np.asarray(col), return_inverse=True)
        out[name] = codes
    return out


POPULATIONS = {
    "independent": pop_independent,
    "correlated": pop_correlated,
    "heavy-tailed": pop_heavy,
    "adult": pop_adult,
}


def _encode(cols: dict[str, np.ndarray]) -> tuple[np.ndarray, list[int]]:
    codes = []
    cards = []
    for c in cols.values():
        _, inv = np.unique(c, return_inverse=True)
        codes.append(inv)
        cards.append(int(inv.max()) + 1)
    return np.stack(codes, axis=1), cards


def _key(codes: np.ndarray, cards: list[int]) -> np.ndarray:
    k = np.zeros(codes.shape[0], dtype=np.int64)
    for q, c in enumerate(cards):
        k = k * c + codes[:, q]
    return k


def aggregates(codes: np.ndarray):
    """What the engine hands over: margins, two-way tables and classes (codes, f), over the sample's own
    categories (a category absent from the sample is unknown to the estimators)."""
    sub, cards = _encode({i: codes[:, i] for i in range(codes.shape[1])})
    Q = len(cards)
    margins = [np.bincount(sub[:, q], minlength=cards[q]).astype(float) for q in range(Q)]
    pairs = {}
    for a, b in itertools.combinations(range(Q), 2):
        pairs[(a, b)] = (
            np.bincount(sub[:, a] * cards[b] + sub[:, b], minlength=cards[a] * cards[b])
            .reshape(cards[a], cards[b])
            .astype(float)
        )
    keys = _key(sub, cards)
    uk, first, f = np.unique(keys, return_index=True, return_counts=True)
    return margins, pairs, sub[first], f


def run_cell(codes, cards, pop_key_sorted, pop_F_sorted, pi, rng):
    N = codes.shape[0]
    mask = rng.random(N) < pi
    s = codes[mask]
    n = s.shape[0]
    pi_eff = n / N
    # truth
    skey = _key(s, cards)
    uk, f = np.unique(skey, return_counts=True)
    F = pop_F_sorted[np.searchsorted(pop_key_sorted, uk)]
    truth = {
        "uniqueness": float((pop_F_sorted == 1).sum()) / N,
        "marketer": float(np.sum(f / F)) / n,
        "journalist_highest": float(np.max(1.0 / F)),
        "records_at_risk": float(np.sum(f[1.0 / F > 0.2])) / n,
    }
    margins, pairs, class_codes, cf = aggregates(s)
    sizes, classes = np.unique(cf, return_counts=True)
    hist = {int(a): int(b) for a, b in zip(sizes, classes, strict=True)}
    est = {}
    t0 = time.perf_counter()
    sel = select_model(margins, pairs, class_codes, cf, pi_eff, N, 0.2)
    for name, r in sel.alternatives.items():
        est[name] = {
            "uniqueness": r.population_uniques / N,
            "marketer": r.marketer_average,
            "journalist_highest": r.journalist_highest,
            "records_at_risk": r.records_at_risk,
            "tau1": r.tau1,
            "tau2": r.tau2,
        }
    est["selected"] = {
        "uniqueness": sel.risk.population_uniques / N,
        "marketer": sel.risk.marketer_average,
        "journalist_highest": sel.risk.journalist_highest,
        "records_at_risk": sel.risk.records_at_risk,
        "model": sel.model,
        "why": sel.reason,
        "fallback": sel.fallback,
    }
    t_model = time.perf_counter() - t0
    for name, fn in (
        ("zayatz", lambda: zayatz(hist, N)),
        ("pitman", lambda: pitman(hist, N)),
        ("snb", lambda: snb(hist, pi_eff)),
        ("dankar", lambda: dankar(hist, N).uniques),
    ):
        v = fn()
        est[name] = {"uniqueness": None if v is None else v / N}
    if sel.fallback:  # the rule's step 4: uniqueness from the Dankar rule
        est["selected"]["uniqueness"] = est["dankar"]["uniqueness"]
        est["selected"]["uniqueness_from"] = "dankar"
    # the old crude F = f / pi
    est["f/pi"] = {"marketer": len(f) * pi_eff / n, "journalist_highest": float(pi_eff / f.min())}
    return {"pi": pi, "n": int(n), "truth": truth, "estimates": est, "model_seconds": round(t_model, 3)}


def markdown(out: dict) -> str:
    """The table for docs/reident.md: every estimate as a ratio to the truth."""

    def r(e, t):
        return "-" if e is None else f"{e / t:.2f}"

    lines = [
        "| population | pi | n | uniqueness truth | **selected** (model) | independence | selected-pairs | tree | two-way "
        "| Dankar | Pitman | Zayatz | SNB | marketer truth | **selected** | f/pi | journalist highest truth "
        "| **selected** | f/pi |",
        "|---" * 19 + "|",
    ]
    for pname, p in out["populations"].items():
        for c in p["results"]:
            t, e = c["truth"], c["estimates"]
            sel = e["selected"]
            model = sel["model"] + (" + Dankar" if sel.get("uniqueness_from") == "dankar" else "")
            u = [
                r(e.get(m, {}).get("uniqueness"), t["uniqueness"])
                for m in (
                    "independence",
                    "selected-pairs",
                    "tree",
                    "two-way",
                    "dankar",
                    "pitman",
                    "zayatz",
                    "snb",
                )
            ]
            lines.append(
                f"| {pname} | {c['pi']} | {c['n']:,} | {t['uniqueness']:.4f} | **{r(sel['uniqueness'], t['uniqueness'])}** "
                f"({model}) | "
                + " | ".join(u)
                + f" | {t['marketer']:.4f} | **{r(sel['marketer'], t['marketer'])}** | {r(e['f/pi']['marketer'], t['marketer'])}"
                f" | {t['journalist_highest']:.3f} | **{r(sel['journalist_highest'], t['journalist_highest'])}**"
                f" | {r(e['f/pi']['journalist_highest'], t['journalist_highest'])} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="N = 200,000 for the synthetic populations")
    ap.add_argument("--only", default=None)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "sim_population_risk.json"))
    args = ap.parse_args()
    N = 200_000 if args.quick else N_SYN
    out = {"populations": {}, "pis": list(PIS), "seed": 11}
    for pname, gen in POPULATIONS.items():
        if args.only and pname not in args.only.split(","):
            continue
        rng = np.random.default_rng(11)
        cols = gen(rng, N)
        codes, cards = _encode(cols)
        key = _key(codes, cards)
        pk, pF = np.unique(key, return_counts=True)
        cells = []
        for pi in PIS:
            cell = run_cell(codes, cards, pk, pF, pi, np.random.default_rng(int(pi * 1000) + 7))
            cells.append(cell)
            t = cell["truth"]
            e = cell["estimates"]
            line = [f"{pname:13s} pi={pi:<5} n={cell['n']:<7}", f"U true {t['uniqueness']:.4f}"]
            for m in (
                "independence",
                "two-way",
                "selected-pairs",
                "tree",
                "selected",
                "dankar",
                "pitman",
                "zayatz",
                "snb",
            ):
                v = e.get(m, {}).get("uniqueness")
                line.append(f"{m[-5:]} {v / t['uniqueness']:.2f}" if v else f"{m[-5:]} -")
            line.append(f"| mk true {t['marketer']:.4f}")
            for m in ("independence", "two-way", "selected-pairs", "tree", "selected"):
                v = e.get(m, {}).get("marketer")
                line.append(f"{m[-5:]} {v / t['marketer']:.2f}" if v else f"{m[-5:]} -")
            line.append(
                f"| jh true {t['journalist_highest']:.3f} sel {e['selected']['journalist_highest']:.3f}"
                f" [{e['selected']['model']}]"
            )
            print(" ".join(line), flush=True)
        out["populations"][pname] = {
            "N": int(codes.shape[0]),
            "quasi_identifiers": list(cols),
            "cells": int(np.prod(cards)),
            "doc": (gen.__doc__ or "").strip(),
            "results": cells,
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    Path(args.out).with_suffix(".md").write_text(markdown(out))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
    _ = math
