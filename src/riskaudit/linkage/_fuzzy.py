"""Fuzzy linkage attack with Splink 5 (Fellegi-Sunter) on the same DuckDB engine.

Both tables get a 1-based row id (``__uid``) and are compared on the shared columns (plus optional
``compare`` pairs, e.g. the register's ``full_name`` against the data's ``patient_name``):
date-like columns with Splink's ``DateOfBirthComparison`` (tolerates day/month swaps and near dates),
name-like columns with ``NameComparison``, others with Jaro-Winkler at 0.9/0.7. Blocking rules are the
pairs of shared columns whose candidate-pair count (computed on the engine) stays under ``max_pairs``.
u-probabilities come from seeded random sampling (at most 1e6 pairs), m-probabilities from EM on the blocking
rules; a rule with more than ``EM_MAX_PAIRS`` candidate pairs trains EM on about that many of them (Splink's
deterministic hash sample of both sides), so training stays bounded at any size while prediction still scores
every candidate pair. Below that (the 20,000-row sample's rules give a few thousand pairs) EM sees every pair.

Result: for each auxiliary row, its best-scoring data record above ``threshold``; it counts as
re-identified when that best record is unique (no tie), and correct when the true ids agree.
"""

from __future__ import annotations

import itertools
import logging

import ibis
import ibis.expr.types as ir

from .._later import Later
from ..engine import Engine
from ..errors import MissingExtraError
from ._result import FuzzyLinkage

__all__ = ["FuzzyLinkage", "fuzzy_linkage", "start_fuzzy_linkage", "EM_MAX_PAIRS"]

#: candidate pairs above which a blocking rule's EM training runs on a deterministic sample of about this many pairs
EM_MAX_PAIRS = 1_000_000


def _kind(name: str) -> str:
    n = name.lower()
    if any(t in n for t in ("date", "dob", "birth")):
        return "date"
    if "name" in n:
        return "name"
    return "string"


def fuzzy_linkage(
    engine: Engine,
    data: ir.Table,
    aux: ir.Table,
    on: list[str],
    *,
    compare: dict[str, str] | None = None,
    id_column: str | None = None,
    threshold: float = 0.9,
    seed: int = 0,
    max_pairs: int = 5_000_000,
) -> FuzzyLinkage:
    return start_fuzzy_linkage(
        engine,
        data,
        aux,
        on,
        compare=compare,
        id_column=id_column,
        threshold=threshold,
        seed=seed,
        max_pairs=max_pairs,
    ).result()


def start_fuzzy_linkage(
    engine: Engine,
    data: ir.Table,
    aux: ir.Table,
    on: list[str],
    *,
    compare: dict[str, str] | None = None,
    id_column: str | None = None,
    threshold: float = 0.9,
    seed: int = 0,
    max_pairs: int = 5_000_000,
    background: bool = False,
) -> Later[FuzzyLinkage]:
    """:func:`fuzzy_linkage` as a :class:`~riskaudit._later.Later`. The two tables and the blocking rules are made
    on the engine's connection first; with ``background`` (and an engine with a second connection), Splink's
    training and prediction then run on that second connection in a background thread, and ``result()`` picks the
    best links on the engine's connection. The result is the same either way."""
    try:
        import splink.comparison_library as cl
        from splink import Linker, SettingsCreator, block_on
    except ImportError as exc:  # pragma: no cover - splink is a dependency
        raise MissingExtraError(
            f"fuzzy linkage needs Splink ({exc.name}); pip install 'splink>=5,<6'"
        ) from None
    concurrent = background and engine.CONCURRENT_CONNECTION
    engine.splink_api()  # the engine's capability: Splink on DuckDB only (others refuse here, on this thread)
    logging.getLogger("splink").setLevel(logging.ERROR)
    compare = dict(compare or {})
    cols = list(on) + [d for d in compare.values() if d not in on]
    aux_map = {c: c for c in on} | {a: d for a, d in compare.items()}  # aux column -> data column name
    d = engine.with_row_number(data, "__uid")
    d = d.select(
        __uid=d["__uid"],
        __tid=d[id_column].cast("string") if id_column else ibis.literal(None, "string"),
        **{c: d[c].cast("string") for c in cols},
    )
    a = engine.with_row_number(aux, "__uid")
    a = a.select(
        __uid=a["__uid"],
        __tid=a[id_column].cast("string") if id_column else ibis.literal(None, "string"),
        **{dc: a[ac].cast("string") for ac, dc in aux_map.items()},
    )
    make, drop = (
        (engine.shared_table, engine.drop_shared) if concurrent else (engine.materialize, engine.drop)
    )
    made: list[ir.Table] = []
    conn = None

    def cleanup() -> None:
        for t in made:
            drop(t)
        if conn is not None:
            conn.close()

    try:
        left = make(d, "link_left")
        made.append(left)
        right = make(a, "link_right")
        made.append(right)
        rules = []
        pair_counts: dict[tuple[str, ...], int] = {}
        for r in (2, 1):
            for pair in itertools.combinations(on, r):
                gl = left.group_by(list(pair)).agg(__nl=ibis._.count())
                gr = (
                    right.group_by(list(pair))
                    .agg(__nr=ibis._.count())
                    .rename(**{f"__r{i}": p for i, p in enumerate(pair)})
                )
                j = gl.join(gr, [gl[p] == gr[f"__r{i}"] for i, p in enumerate(pair)])
                pairs = engine.execute((j["__nl"] * j["__nr"]).sum())
                if pairs is not None and int(pairs) <= max_pairs:
                    rules.append(list(pair))
                    pair_counts[tuple(pair)] = int(pairs)
            if rules:
                break
        if not rules:
            raise MissingExtraError(
                f"fuzzy linkage: every blocking rule on {', '.join(on)} yields more than {max_pairs} pairs; "
                "link on more selective columns"
            )
        comps = []
        for c in cols:
            k = _kind(c)
            if k == "date":
                comps.append(cl.DateOfBirthComparison(c, input_is_string=True))
            elif k == "name":
                comps.append(cl.NameComparison(c))
            else:
                comps.append(cl.JaroWinklerAtThresholds(c, [0.9, 0.7]))
        if concurrent:
            conn = engine.second_connection()
        db = engine.splink_api(conn)
        names = (left.get_name().split(".")[-1], right.get_name().split(".")[-1])
    except BaseException:
        cleanup()
        raise

    def work() -> str:
        """Splink's training and prediction; the name of its table of scored candidate pairs."""
        sdf_l = db.register(names[0], table_name="__riskaudit_splink_l")
        sdf_r = db.register(names[1], table_name="__riskaudit_splink_r")
        settings = SettingsCreator(
            link_type="link_only",
            comparisons=comps,
            blocking_rules_to_generate_predictions=[block_on(*r) for r in rules],
            unique_id_column_name="__uid",
            additional_columns_to_retain=["__tid"],
            retain_matching_columns=False,
        )
        linker = Linker([sdf_l, sdf_r], settings, log_level="ERROR")
        linker.training.estimate_probability_two_random_records_match([block_on(*rules[0])], recall=0.9)
        linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
        for r in rules[:2]:
            try:
                bound = EM_MAX_PAIRS if pair_counts.get(tuple(r), 0) > EM_MAX_PAIRS else None
                linker.training.estimate_parameters_using_expectation_maximisation(
                    block_on(*r), max_pairs=bound
                )
            except Exception:
                pass
        return linker.inference.predict(threshold_match_probability=threshold).physical_name

    def finish(pred_name: str) -> FuzzyLinkage:
        p = engine.backend.table(pred_name)
        # the right table is the auxiliary one: group by its row
        best = p.group_by(p["__uid_r"]).agg(
            __pmax=p["match_probability"].max(),
        )
        pb = p.join(best, [p["__uid_r"] == best["__uid_r"], p["match_probability"] == best["__pmax"]])
        per = pb.group_by(pb["__uid_r"]).agg(
            __n=ibis._.count(),
            __p=pb["__pmax"].max(),
            __ok=(pb["__tid_l"] == pb["__tid_r"]).cast("int64").max(),
        )
        df = engine.execute(per.filter(per["__n"] == 1).select("__p", "__ok"))
        n_aux = int(engine.execute(right.count()))
        linked = len(df)
        hist: dict[str, int] = {}
        for v in df["__p"]:
            b = f"{min(int(float(v) * 10), 9) / 10:.1f}"
            hist[b] = hist.get(b, 0) + 1
        out = FuzzyLinkage(
            threshold=threshold,
            blocking_rules=rules,
            compared={ac: f"{dc} ({_kind(dc)})" for ac, dc in aux_map.items()},
            aux_rows=n_aux,
            linked=linked,
            link_rate=linked / n_aux if n_aux else 0.0,
            match_probability_histogram=dict(sorted(hist.items())),
        )
        if id_column:
            correct = int(df["__ok"].fillna(0).sum())
            out.correct, out.correct_rate = correct, correct / n_aux if n_aux else 0.0
            out.precision = correct / linked if linked else None
        return out

    return Later(
        work,
        finish,
        background=concurrent,
        cleanup=cleanup,
        interrupt=conn.interrupt if conn is not None else None,
    )
