"""The data-quality scan: pure functions over Ibis tables -> :class:`QualityResult`.

Every aggregate runs on the engine as an Ibis expression; what comes back to Python is counts, shares, row
numbers and salted hashes (class values and cell values stay in the engine).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from .._aggregate import aggregate_row
from .._wide import column_counts, is_wide
from ..config import QualityConfig
from ..engine import Engine
from ..errors import ColumnError, InputError
from ._groups import group_rows, hashed_groups, key_exprs, md5
from ._outliers import outlier_counts, redundant_pairs
from ._result import (
    ClassBalance,
    ColumnIssues,
    ConflictingLabels,
    Duplicates,
    GroupRows,
    LabelMissingness,
    Missing,
    MissingColumn,
    MissingPattern,
    NearDuplicates,
    OutlierCounts,
    QualityResult,
    SentinelCount,
    TrainTest,
)

__all__ = ["scan_quality"]


def _share(n: int | float, d: int | float) -> float | None:
    return round(n / d, 6) if d else None


def _share0(n: int | float, d: int | float) -> float:
    return round(n / d, 6) if d else 0.0


def _check_column(name: str | None, key: str, columns: list[str], where: str) -> None:
    if name is not None and name not in columns:
        raise ColumnError(
            f"{key}: column '{name}' is not in {where}; columns are: {', '.join(columns[:12])}"
            + (" ..." if len(columns) > 12 else "")
        )


# ---------------------------------------------------------------- duplicates / conflicts


def _flagged_groups(
    engine: Engine,
    table: ir.Table,
    keyed: ir.Table,
    keys: list[str],
    build,
    name: str,
    cols: list[str],
    cfg: QualityConfig,
    salt: str,
    extra: str | None = None,
    numbered_keys: ir.Table | None = None,
    refine=None,
    *,
    repeated_only: bool,
) -> tuple[int, int, list[GroupRows]]:
    """Materialise the flagged groups ``build`` finds over ``keyed``; return (groups, rows in them, the largest
    groups as row numbers plus a salted hash). The temp tables are dropped whatever happens. ``refine(flagged,
    rows)``, when given, turns a non-empty flagged table into the one counted and listed (it may join back to
    ``rows``, the keyed rows grouped).

    ``repeated_only`` says that ``build`` keeps only groups of two rows or more; then, where the GROUP BY would
    take several passes, the engine first narrows it to the rows whose keys repeat
    (:meth:`Engine.repeated_key_rows`: one hash aggregate and one scan, no row numbers); the groups are the same,
    and their rows are listed from ``numbered_keys`` (``__row`` and the keys) as before, only when there are
    groups."""
    narrowed = (
        engine.repeated_key_rows(keyed, keys, name) if engine.REPEATED_KEY_ROWS and repeated_only else None
    )
    try:
        rows_in = narrowed if narrowed is not None else keyed
        flagged = engine.materialize_grouped(rows_in, keys, build, name)
        if refine is not None:
            try:
                if int(engine.execute(flagged.count())):
                    refined = engine.materialize(refine(flagged, rows_in), name)
                    engine.drop(flagged)
                    flagged = refined
            except BaseException:
                engine.drop(flagged)
                raise
        return _counted_and_listed(engine, table, flagged, keys, cols, cfg, salt, extra, numbered_keys)
    finally:
        if narrowed is not None:
            engine.drop(narrowed)


def _counted_and_listed(
    engine: Engine,
    table: ir.Table,
    flagged: ir.Table,
    keys: list[str],
    cols: list[str],
    cfg: QualityConfig,
    salt: str,
    extra: str | None,
    numbered_keys: ir.Table | None,
) -> tuple[int, int, list[GroupRows]]:
    try:
        stats = engine.execute(flagged.aggregate(g=flagged.count(), r=flagged["__n"].sum())).iloc[0]
        groups = int(stats["g"])
        in_groups = int(stats["r"]) if groups else 0
        largest: list[dict] = []
        if groups and cfg.largest_groups:
            if numbered_keys is not None:  # __row and the keys, already computed
                numbered = numbered_keys
            else:
                numbered = engine.with_row_number(table, "__row")
                numbered = numbered.select("__row", **key_exprs(numbered, cols, cfg.long_text))
            largest = group_rows(
                engine,
                numbered,
                flagged,
                keys,
                largest=cfg.largest_groups,
                rows_per_group=cfg.rows_per_group,
                salt=salt,
                extra=extra,
            )
    finally:
        engine.drop(flagged)
    return groups, in_groups, [GroupRows(**g) for g in largest]


def _wide_groups(
    engine: Engine, table: ir.Table, cols: list[str], cfg: QualityConfig, salt: str, label: str | None = None
) -> tuple[int, int, list[GroupRows]] | None:
    """Past ``_wide.WIDE`` compared columns: groups by one exact-key digest per row (``hashed_groups``) instead
    of a GROUP BY and joins on every column; None for a narrow table or a digest collision (then the columns)."""
    if not is_wide(cols):
        return None
    got = hashed_groups(
        engine,
        table,
        cols,
        long_text=cfg.long_text,
        largest=cfg.largest_groups,
        rows_per_group=cfg.rows_per_group,
        salt=salt,
        label=label,
    )
    if got is None:
        return None
    groups, in_groups, largest = got
    return groups, in_groups, [GroupRows(**g) for g in largest]


def _duplicates(
    engine: Engine, table: ir.Table, compared: list[str], rows: int, cfg: QualityConfig, salt: str
) -> Duplicates:
    keyed = table.select(**key_exprs(table, compared, cfg.long_text))
    keys = list(keyed.columns)
    wide = _wide_groups(engine, table, compared, cfg, f"{salt}:quality.duplicates")
    groups, in_groups, largest = (
        wide
        if wide is not None
        else _flagged_groups(
            engine,
            table,
            keyed,
            keys,
            lambda t: t.group_by(keys).aggregate(__n=t.count()).filter(ibis._["__n"] > 1),
            "qdups",
            compared,
            cfg,
            f"{salt}:quality.duplicates",
            repeated_only=True,  # the build keeps groups of two rows or more
        )
    )
    duplicate_rows = in_groups - groups
    return Duplicates(
        columns=compared,
        rows=rows,
        distinct_rows=rows - duplicate_rows,
        duplicate_rows=duplicate_rows,
        ratio=_share0(duplicate_rows, rows),
        rows_in_duplicate_groups=in_groups,
        duplicate_groups=groups,
        largest_groups=largest,
    )


def _conflicts(
    engine: Engine, table: ir.Table, features: list[str], label: str, rows: int, cfg: QualityConfig, salt: str
) -> ConflictingLabels:
    keyed = table.select(**key_exprs(table, features, cfg.long_text), __y=table[label])
    keys = [c for c in keyed.columns if c != "__y"]

    def counted(t: ir.Table) -> ir.Table:
        # two plain GROUP BYs, not count(DISTINCT) per group: DuckDB cannot spill a grouped distinct aggregate, so at
        # 10M rows it ran out of memory under the default engine.memory_limit; the same integers
        per = t.group_by([*keys, "__y"]).aggregate(__m=t.count())
        return (
            per.group_by(keys)
            .aggregate(__n=per["__m"].sum().cast("int64"), __labels=per["__y"].count())
            .filter(ibis._["__labels"] > 1)
        )

    def build(t: ir.Table) -> ir.Table:
        # one GROUP BY finds the groups: two distinct non-NULL labels exactly when the smallest differs from the
        # largest (booleans compared as 0/1: PostgreSQL has no min(boolean)); only their rows are then counted per
        # label (refine), where the two GROUP BYs of ``counted`` over every row cost a second pass of ~rows groups
        y = t["__y"]
        y = y.ifelse(1, 0) if y.type().is_boolean() else y
        g = t.group_by(keys).aggregate(__n=t.count(), __lo=y.min(), __hi=y.max())
        return g.filter(g["__lo"] != g["__hi"]).drop("__lo", "__hi")

    def refine(flagged: ir.Table, rows: ir.Table) -> ir.Table:
        rows_in = rows.semi_join(flagged, [rows[k].identical_to(flagged[k]) for k in keys])
        return counted(rows_in)

    wide = _wide_groups(engine, table, features, cfg, f"{salt}:quality.conflicting_labels", label=label)
    groups, in_groups, largest = (
        wide
        if wide is not None
        else _flagged_groups(
            engine,
            table,
            keyed,
            keys,
            build,
            "qconf",
            features,
            cfg,
            f"{salt}:quality.conflicting_labels",
            extra="__labels",
            refine=refine,
            repeated_only=True,  # the build keeps groups of two rows or more
        )
    )
    return ConflictingLabels(
        label=label,
        features=features,
        rows=in_groups,
        ratio=_share0(in_groups, rows),
        groups=groups,
        largest_groups=largest,
    )


def _near_duplicates(
    engine: Engine, table: ir.Table, compared: list[str], rows: int, exact: int, cfg: QualityConfig, salt: str
) -> NearDuplicates:
    from ._expect import near_key_table, normalisation_steps

    # one grouped scan: the GROUP BY runs over the normalised keys as an expression (each text normalised once:
    # near_key_table), and only when groups are listed are the keys computed again, with the row numbers, for the
    # join that lists their rows (materialising every row's keys first wrote the whole table, mostly for no
    # group). A GROUP BY in several passes (engine.grouped_passes) would normalise every row on every pass: the
    # keys are then materialised once, with the row numbers, and serve the passes and the join.
    numbered = engine.with_row_number(table, "__row")
    normed = None
    keyed = near_key_table(table, compared, cfg)
    # an engine that narrows the GROUP BY to repeated keys (_flagged_groups) computes the keys in two scans and
    # writes only the repeated rows' keys; otherwise several passes read the keys materialised once
    if not engine.REPEATED_KEY_ROWS and engine.grouped_passes(keyed) > 1:
        normed = engine.materialize(near_key_table(numbered, compared, cfg, keep=("__row",)), "qnorm")
        keyed = normed.drop("__row")
    keys = list(keyed.columns)
    try:
        groups, in_groups, largest = _flagged_groups(
            engine,
            table,
            keyed,
            keys,
            lambda t: t.group_by(keys).aggregate(__n=t.count()).filter(ibis._["__n"] > 1),
            "qnear",
            compared,
            cfg,
            f"{salt}:quality.near_duplicates",
            numbered_keys=normed
            if normed is not None
            else near_key_table(numbered, compared, cfg, keep=("__row",)),
            repeated_only=True,  # the build keeps groups of two rows or more
        )
    finally:
        if normed is not None:
            engine.drop(normed)
    dup = in_groups - groups
    return NearDuplicates(
        columns=compared,
        normalisation=normalisation_steps(cfg),
        rows=rows,
        duplicate_rows=dup,
        ratio=_share0(dup, rows),
        beyond_exact=dup - exact,
        rows_in_duplicate_groups=in_groups,
        duplicate_groups=groups,
        largest_groups=largest,
    )


# ---------------------------------------------------------------- train / test


def _overlap(engine: Engine, train: ir.Table, test: ir.Table, cols: list[str], long_text: int) -> int:
    """Test rows whose values of ``cols`` occur in some training row (NULL equals NULL, compared as canonical text)."""
    a = train.select(**key_exprs(train, cols, long_text, canonical=True), __t=ibis.literal(0))
    b = test.select(**key_exprs(test, cols, long_text, canonical=True), __t=ibis.literal(1))
    u = a.union(b, distinct=False)
    keys = [c for c in u.columns if c != "__t"]
    g = u.group_by(keys).aggregate(__train=(u["__t"] == 0).ifelse(1, 0).max(), __test=u["__t"].sum())
    n = engine.execute(g.filter(g["__train"] == 1)["__test"].sum())
    return int(n) if n is not None and n == n else 0


def _train_test(
    engine: Engine,
    train: ir.Table,
    test: ir.Table,
    test_path: str,
    features: list[str],
    label: str | None,
    id_col: str | None,
    cfg: QualityConfig,
    notes: list[str],
) -> TrainTest:
    test_cols = list(test.columns)
    common = [c for c in features if c in test_cols]
    lacking = [c for c in features if c not in test_cols]
    if not common:
        raise InputError(
            f"quality.test: {test_path} shares no feature column with the dataset; its columns are: "
            f"{', '.join(test_cols[:12])}"
        )
    test_rows = engine.count(test)
    if test_rows == 0:
        raise InputError(f"quality.test: {test_path} holds no data rows")
    feat = _overlap(engine, train, test, common, cfg.long_text)
    exact = None
    used_label = None
    if label is not None and label in test_cols:
        used_label = label
        exact = _overlap(engine, train, test, [*common, label], cfg.long_text)
    elif label is not None:
        notes.append(
            f"train_test: the test data have no column '{label}'; exact_overlap_rows (features and label) not measured"
        )
    used_id = None
    id_rows = None
    if id_col is not None and id_col in test_cols:
        used_id = id_col
        id_rows = _overlap(
            engine,
            train.filter(train[id_col].notnull()),
            test.filter(test[id_col].notnull()),
            [id_col],
            cfg.long_text,
        )
    elif id_col is not None:
        notes.append(f"train_test: the test data have no column '{id_col}'; id overlap not measured")
    if lacking:
        notes.append(
            f"train_test: {len(lacking)} feature column(s) absent from the test data were not compared"
        )
    return TrainTest(
        test_path=test_path,
        test_rows=test_rows,
        features=common,
        label=used_label,
        feature_overlap_rows=feat,
        feature_overlap_ratio=_share0(feat, test_rows),
        exact_overlap_rows=exact,
        exact_overlap_ratio=_share(exact, test_rows) if exact is not None else None,
        id=used_id,
        id_overlap_rows=id_rows,
        id_overlap_ratio=_share(id_rows, test_rows) if id_rows is not None else None,
        missing_columns=lacking,
    )


# ---------------------------------------------------------------- missingness, columns, sentinels


def _iso_date(s: str) -> date | None:
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def _sentinel_conds(
    t: Any, col: ir.Value, cfg: QualityConfig, lowered: ir.Value | None = None
) -> list[tuple[str, ir.BooleanValue]]:
    """``(sentinel shown, condition on col)`` for every sentinel that applies to a column of type ``t``
    (``lowered``: the text column trimmed and lower-cased already, selected once for all its sentinels)."""
    text_lower = sorted({s.strip().lower() for s in cfg.text_sentinels if s.strip()})
    dates = [(s, d) for s in cfg.text_sentinels if (d := _iso_date(s.strip())) is not None]
    conds: list[tuple[str, ir.BooleanValue]] = []
    if t.is_integer() or t.is_floating() or t.is_decimal():
        for v in cfg.numeric_sentinels:
            if t.is_integer() and float(v) != int(v):
                continue
            shown = f"{int(v)}" if float(v) == int(v) else f"{v:g}"
            conds.append((shown, col == (int(v) if t.is_integer() else float(v))))
    elif t.is_string():
        low = lowered if lowered is not None else col.strip().lower()  # type: ignore[union-attr]
        for s in text_lower:
            conds.append((s, low == s))
    elif t.is_date():
        for s, d in dates:
            conds.append((s.strip(), col == ibis.literal(d)))
    elif t.is_timestamp():
        for s, d in dates:
            conds.append((s.strip(), col.date() == ibis.literal(d)))  # type: ignore[union-attr]
    return conds


def _sentinel_exprs(
    table: ir.Table, columns: list[str], cfg: QualityConfig, lowered: dict[str, str] | None = None
) -> dict[str, tuple[str, str, ir.Value]]:
    """``name -> (column, sentinel shown, count expression)`` for every applicable (column, sentinel);
    ``lowered`` maps a text column to a column of ``table`` holding it trimmed and lower-cased."""
    out: dict[str, tuple[str, str, ir.Value]] = {}
    schema = table.schema()
    lowered = lowered or {}
    for i, c in enumerate(columns):
        low = table[lowered[c]] if c in lowered else None
        for j, (shown, cond) in enumerate(_sentinel_conds(schema[c], table[c], cfg, low)):
            out[f"s_{i}_{j}"] = (c, shown, cond.ifelse(1, 0).sum())
    return out


def _sentinels_long(
    engine: Engine, table: ir.Table, columns: list[str], cfg: QualityConfig
) -> tuple[dict[str, list[tuple[str, int]]], list[str]]:
    """Wide tables: ``(column -> [(sentinel shown, count)], columns left to the per-column path)``, one GROUP BY
    per column type over the long form (``_wide``); the same conditions as :func:`_sentinel_conds`."""
    from .._wide import long_groups, per_column

    def has_sentinels(t: Any) -> bool:
        return bool(
            t.is_integer()
            or t.is_floating()
            or t.is_decimal()
            or t.is_string()
            or t.is_date()
            or t.is_timestamp()
        )

    found: dict[str, list[tuple[str, int]]] = {}
    schema = table.schema()
    with long_groups(engine, table, columns, keep=has_sentinels) as (groups, rest):
        for cols, long in groups:
            conds = _sentinel_conds(schema[cols[0]], long["__v"], cfg)
            if not conds:
                continue
            got = per_column(
                engine,
                long,
                **{
                    f"s_{j}": (lambda _x, cond=cond: cond.ifelse(1, 0).sum())
                    for j, (_shown, cond) in enumerate(conds)
                },
            )
            for c in cols:
                r = got.get(c) or {}
                found[c] = [
                    (shown, int(v) if (v := r.get(f"s_{j}")) is not None and v == v else 0)
                    for j, (shown, _cond) in enumerate(conds)
                ]
    return found, rest


def _any(conds) -> ir.BooleanValue:
    """OR of many conditions as a balanced tree: a left-deep chain over thousands of columns overflows the
    recursion limit of Ibis's expression walk (a 2,000-column table did)."""
    level = list(conds)
    if not level:
        return ibis.literal(False)
    while len(level) > 1:
        level = [level[i] | level[i + 1] if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


@dataclass
class _ColumnPass:
    """What the one aggregate over the columns found (:func:`_missing_and_columns`)."""

    nulls: dict[str, int]
    distinct: dict[str, int]
    rows_with_any: int
    sentinels: dict[str, list[SentinelCount]]
    mixed: dict[str, Any] | None = None  # the mixed-type counts (mixed_types_of), when folded in


#: a text column with at most this many distinct values (the profile's count), and values repeated on 16 rows on
#: average, is tested per distinct value, in tables of at least HISTOGRAM_MIN_ROWS rows (below, the per-cell tests
#: cost less than the histogram's extra queries: the 20,000-row sample audit)
HISTOGRAM_MAX_DISTINCT = 65_536
HISTOGRAM_MIN_ROWS = 1_000_000


def _histogram_columns(text: list[str], profile: Any, rows: int) -> list[str]:
    if rows < HISTOGRAM_MIN_ROWS:
        return []
    cap = min(HISTOGRAM_MAX_DISTINCT, rows // 16)
    return [c for c in text if int(profile.columns[c].distinct) <= cap]


def _histogram_tests(
    engine: Engine, table: ir.Table, columns: list[str], cfg: QualityConfig, mixed_cols: list[str]
) -> tuple[dict[str, tuple[str, str, ir.Value]], dict[str, Any]]:
    """Sentinel counts and mixed-type counts of the text ``columns`` from one histogram: (column, value, rows),
    one scan of the table (unpivoted) into a GROUP BY of at most ``HISTOGRAM_MAX_DISTINCT`` groups a column, then
    one aggregate of it grouped by column. Each test runs on a distinct value and counts its rows: the same sums as
    testing every cell (the tests are functions of the value alone). Returns the sentinels as ``_sentinel_exprs``
    names them (``h_<i>_<j>``, with their expression over the histogram) and the counts under the names of the
    per-row path (``h_<i>_<j>``; ``mt_<k><i>``, ``i`` the column's place in ``mixed_cols``)."""
    from ._expect import kind_tests, strip_text

    long = engine.unpivot(table.select(*columns), columns, names_to="__c", values_to="__v")
    hist = engine.materialize(long.group_by(["__c", "__v"]).aggregate(__n=long.count()), "qhist")
    try:
        trimmed = hist.select("__c", "__n", __s=strip_text(hist["__v"]))  # type: ignore[arg-type]
        h = trimmed.select("__c", "__n", "__s", __l=trimmed["__s"].lower())
        n = h["__n"]
        conds = _sentinel_conds(ibis.dtype("string"), h["__s"], cfg, h["__l"])
        v = h["__s"]
        is_int, is_dec, is_date = kind_tests(v)  # type: ignore[arg-type]
        metrics = {f"s{j}": cond.ifelse(n, 0).sum() for j, (_shown, cond) in enumerate(conds)}
        if mixed_cols:
            metrics |= {
                "v": v.notnull().ifelse(n, 0).sum(),
                "i": (v.notnull() & is_int).ifelse(n, 0).sum(),
                "d": (v.notnull() & is_dec).ifelse(n, 0).sum(),
                "t": (v.notnull() & is_date).ifelse(n, 0).sum(),
            }
        per = {r["__c"]: r for r in engine.execute(h.group_by("__c").aggregate(**metrics)).to_dict("records")}
    finally:
        engine.drop(hist)
    sentinels: dict[str, tuple[str, str, ir.Value]] = {}
    row: dict[str, Any] = {}
    for i, c in enumerate(columns):
        got = per.get(c, {})
        for j, (shown, cond) in enumerate(conds):
            sentinels[f"h_{i}_{j}"] = (c, shown, cond)
            row[f"h_{i}_{j}"] = got.get(f"s{j}")
        if c in mixed_cols:
            k = mixed_cols.index(c)
            for m in "vidt":
                row[f"mt_{m}{k}"] = got.get(m)
    return sentinels, row


def _missing_and_columns(
    engine: Engine,
    table: ir.Table,
    columns: list[str],
    rows: int,
    cfg: QualityConfig,
    profile: Any | None,
    mixed_cols: list[str] | None = None,
) -> _ColumnPass:
    """One aggregate: per-column nulls and distinct (unless the profile has them), rows with any NULL, sentinels,
    and, folded into the same scan on a narrow table, the mixed-type counts of ``mixed_cols`` (the outlier
    quartiles keep their own query: DuckDB ran this aggregate with three quantiles per numeric column in it 1.8x
    slower than the two apart, 1M rows).

    Every text column is trimmed (and lower-cased) once, in a projection under the aggregate: written into each
    of its eight sentinel tests and four type tests, the trim ran twelve times per cell."""
    metrics: list[ir.Scalar] = []
    have_profile = profile is not None and all(c in profile.columns for c in columns)
    # rows with any NULL: only columns that have a NULL can make one (the profile says which)
    maybe_null = [c for c in columns if int(profile.columns[c].nulls) > 0] if have_profile else columns
    wide = is_wide(columns)
    schema = table.schema()
    text = [c for c in columns if schema[c].is_string()]
    mixed_cols = list(mixed_cols or []) if not wide else []
    derived: dict[str, ir.Value] = {}
    lowered: dict[str, str] = {}
    if not wide:  # the trimmed forms, selected once (names that no column has)
        from ._expect import strip_text

        for i, c in enumerate(text):
            derived[f"__qs{i}"] = strip_text(table[c])  # type: ignore[arg-type]
        if set(columns) & {f"__q{k}{i}" for i in range(len(text)) for k in "sl"}:
            derived, mixed_cols = {}, []
    src = table
    if derived:  # trimmed once, then lower-cased for the sentinels (a second projection)
        trimmed = table.select(*columns, **derived)
        lowered = {c: f"__ql{i}" for i, c in enumerate(text)}
        src = trimmed.select(
            *trimmed.columns, **{f"__ql{i}": trimmed[f"__qs{i}"].lower() for i in range(len(text))}
        )
    # low-cardinality text columns (by the profile's distinct counts): their sentinel and type tests run once per
    # distinct value of a (column, value, rows) histogram, weighted by the rows, instead of once per cell
    hist_cols = _histogram_columns(text, profile, rows) if have_profile and derived else []
    if maybe_null:
        any_null = _any(src[c].isnull() for c in maybe_null)
        metrics.append(any_null.ifelse(1, 0).sum().name("any_null"))
    # without a profile: (non-null, distinct) per column within the engine's memory (_aggregate.distinct_counts)
    counts = column_counts(engine, table, columns) if not have_profile else {}
    # wide: sentinels counted over the long form, one GROUP BY per column type (the rest per column)
    long_found, per_col = _sentinels_long(engine, table, columns, cfg) if wide else ({}, columns)
    sentinels = _sentinel_exprs(src, [c for c in per_col if c not in hist_cols], cfg, lowered)
    for name, (_c, _s, expr) in sentinels.items():
        metrics.append(expr.name(name))
    if mixed_cols:
        from ._expect import mixed_type_metrics

        for i, c in enumerate(mixed_cols):
            if c not in hist_cols:
                metrics += mixed_type_metrics(src, [f"__qs{text.index(c)}"], i)
    row = aggregate_row(engine, src, metrics) if metrics else {}  # one query per 500 aggregates
    if hist_cols:
        hist_sentinels, hist_row = _histogram_tests(engine, table, hist_cols, cfg, mixed_cols)
        sentinels.update(hist_sentinels)
        row.update(hist_row)
    nulls: dict[str, int] = {}
    distinct: dict[str, int] = {}
    for c in columns:
        if have_profile:
            p = profile.columns[c]
            nulls[c], distinct[c] = int(p.nulls), int(p.distinct)
        else:
            nulls[c], distinct[c] = rows - counts[c][0], counts[c][1]
    per_column_found: dict[str, list[tuple[str, int]]] = {}
    for name, (c, shown, _e) in sentinels.items():
        v = row[name]
        per_column_found.setdefault(c, []).append((shown, int(v) if v is not None and v == v else 0))
    found: dict[str, list[SentinelCount]] = {}
    for c in columns:  # column order, then sentinel order (as the per-column names run)
        for shown, n in long_found.get(c) or per_column_found.get(c) or []:
            if n:
                found.setdefault(c, []).append(SentinelCount(value=shown, count=n, share=_share0(n, rows)))
    return _ColumnPass(
        nulls=nulls,
        distinct=distinct,
        rows_with_any=int(row.get("any_null") or 0),
        sentinels={c: sorted(v, key=lambda s: (-s.count, s.value)) for c, v in found.items()},
        mixed={k: row[k] for k in row if k.startswith("mt_")} if mixed_cols else None,
    )


def _patterns(
    engine: Engine, table: ir.Table, missing_cols: list[str], limit: int
) -> tuple[list[tuple[list[str], int]], int]:
    """Most frequent missingness patterns among rows with a missing value, and how many distinct patterns there are."""
    if not missing_cols:
        return [], 0
    bits = [table[c].isnull().ifelse("1", "0") for c in missing_cols]
    if (
        len(missing_cols) > 200
    ):  # flat concatenations of 200 bits: a chain of hundreds overflows Ibis recursion
        chunks = [bits[i : i + 200] for i in range(0, len(bits), 200)]
        flat = [ch[0].concat(*ch[1:]) if len(ch) > 1 else ch[0] for ch in chunks]
        pat = flat[0].concat(*flat[1:]) if len(flat) > 1 else flat[0]
    else:
        pat = bits[0]
        for b in bits[1:]:
            pat = pat.concat(b)
    p = table.select(__p=pat)
    g = p.group_by("__p").aggregate(__n=p.count())
    g = g.filter(g["__p"].contains("1"))
    total = int(engine.execute(g.count()))
    top = engine.execute(g.order_by([ibis.desc("__n"), "__p"]).limit(limit)) if limit else None
    out = []
    if top is not None:
        for s, n in zip(top["__p"].tolist(), top["__n"].tolist(), strict=True):
            out.append(([c for c, b in zip(missing_cols, s, strict=True) if b == "1"], int(n)))
    return out, total


# ---------------------------------------------------------------- class balance (+ missingness by label)


def _class_table(
    engine: Engine, table: ir.Table, label: str, missing_cols: list[str], max_classes: int
) -> Any:
    """Per label class (largest first, ties by a hash of the class): rows and NULL count per column."""
    lab = table[label]
    labelled = table.filter(lab.notnull())
    aggs = {"__n": labelled.count()}
    for i, c in enumerate(missing_cols):
        aggs[f"m_{i}"] = labelled[c].isnull().ifelse(1, 0).sum()
    g = labelled.group_by(__y=labelled[label]).aggregate(**aggs)
    g = g.mutate(__h=md5(g["__y"].cast("string"))).order_by([ibis.desc("__n"), "__h"]).drop("__y", "__h")
    return engine.execute(g.limit(max_classes + 1))


def _chi2_p(table: list[list[int]]) -> float | None:
    from scipy.stats import chi2_contingency

    rows = [r for r in table if sum(r) > 0]
    if len(rows) < 2 or any(sum(col) == 0 for col in zip(*rows, strict=True)):
        return None
    res = chi2_contingency(rows, correction=False)
    p = float(res.pvalue)
    return round(p, 6) if p == p else None


def _balance(counts: list[int], label: str, unlabelled: int) -> ClassBalance:
    total = sum(counts)
    k = len(counts)
    score = None
    if k > 1 and total:
        h = -sum((n / total) * math.log2(n / total) for n in counts if n)
        score = round(max(0.0, 1 - h / math.log2(k)), 6)
    return ClassBalance(
        label=label,
        labelled_rows=total,
        unlabelled_rows=unlabelled,
        classes=k,
        counts=counts,
        minority_share=_share(min(counts), total) if counts else None,
        imbalance_ratio=round(max(counts) / min(counts), 6) if counts and min(counts) else None,
        imbalance_score=score,
    )


# ---------------------------------------------------------------- entry point


def scan_quality(
    engine: Engine,
    table: ir.Table,
    cfg: QualityConfig | None = None,
    *,
    label: str | None = None,
    id_column: str | None = None,
    exclude: list[str] | None = None,
    not_features: list[str] | None = None,
    test: ir.Table | None = None,
    test_path: str = "test",
    rows: int | None = None,
    salt: str = "riskaudit",
    profile: Any | None = None,
    where: str = "the data",
    text_table: ir.Table | None = None,
) -> QualityResult:
    """Duplicates, missingness, column issues, class balance, conflicting labels and (with ``test``)
    train/test overlap of ``table``.

    ``label`` enables class balance and conflicting labels; ``id_column`` and ``exclude`` are left out of
    the compared columns (an id makes every row distinct); ``id_column`` is compared for the train/test id
    overlap. ``not_features`` (model predictions and scores) are compared for duplicates but are not features
    for conflicting labels and train/test overlap. ``profile`` (a ProfileResult of the same table) spares a scan for per-column counts; ``text_table``
    (the all-text view of the same rows) matches label classes to a predicted-probabilities file's header."""
    cfg = cfg or QualityConfig()
    columns = list(table.columns)
    _check_column(label, "quality.label", columns, where)
    _check_column(id_column, "quality.id", columns, where)
    rows = rows if rows is not None else engine.count(table)
    notes: list[str] = []
    skip = set(exclude or []) | ({id_column} if id_column else set())
    compared = [c for c in columns if c not in skip]
    if not compared:
        raise ColumnError(f"quality: every column of {where} is excluded (id/ignore); nothing to compare")
    features = [c for c in compared if c != label and c not in set(not_features or [])]

    duplicates = _duplicates(engine, table, compared, rows, cfg, salt)
    schema = table.schema()
    text_cols = [c for c in columns if schema[c].is_string()]

    from ._expect import MIXED_SLICE

    fold_mixed = cfg.mixed_types and 0 < len(text_cols) <= min(cfg.mixed_max_columns, MIXED_SLICE)
    cp = _missing_and_columns(
        engine, table, columns, rows, cfg, profile, mixed_cols=text_cols if fold_mixed else None
    )
    nulls, distinct, rows_with_any, sentinels = cp.nulls, cp.distinct, cp.rows_with_any, cp.sentinels
    missing_cols = [c for c in columns if nulls[c] > 0]
    patterns, pattern_count = _patterns(engine, table, missing_cols, cfg.missing_patterns)
    cells = sum(nulls.values())
    missing = Missing(
        rows=rows,
        columns={c: MissingColumn(count=nulls[c], share=_share0(nulls[c], rows)) for c in columns},
        cells=cells,
        cell_share=_share0(cells, rows * len(columns)),
        rows_with_any=rows_with_any,
        complete_rows=rows - rows_with_any,
        patterns=[MissingPattern(columns=cols, rows=n, share=_share0(n, rows)) for cols, n in patterns],
        pattern_count=pattern_count,
    )

    constant = [c for c in columns if distinct[c] == 1]
    id_like = [c for c in columns if rows > 1 and distinct[c] == rows]
    high_card = [
        c
        for c in columns
        if schema[c].is_string() and c not in id_like and distinct[c] > cfg.high_cardinality
    ]
    pair_cands = [c for c in compared if distinct[c] >= 2 and c not in id_like]
    pairs, tested = (
        redundant_pairs(engine, table, distinct, pair_cands, cfg.max_redundant_pairs, nulls=nulls)
        if cfg.max_redundant_pairs
        else ([], 0)
    )
    if cfg.max_redundant_pairs and tested == cfg.max_redundant_pairs:
        notes.append(
            f"columns: redundant pairs tested up to quality.max_redundant_pairs ({tested}); more pairs may exist"
        )
    col_issues = ColumnIssues(
        constant=constant,
        id_like=id_like,
        high_cardinality=high_card,
        redundant_pairs=pairs,
        distinct=distinct,
        sentinels=sentinels,
    )
    near = None
    if cfg.near_duplicates and len(compared) > cfg.near_max_columns:
        notes.append(
            f"near_duplicates: not computed: {len(compared)} compared columns > quality.near_max_columns "
            f"({cfg.near_max_columns})"
        )
    elif cfg.near_duplicates:
        near = _near_duplicates(engine, table, compared, rows, duplicates.duplicate_rows, cfg, salt)
    n_text = sum(1 for c in columns if schema[c].is_string())
    if cfg.mixed_types and n_text > cfg.mixed_max_columns:
        notes.append(
            f"columns.mixed_types: not computed: {n_text} text columns > quality.mixed_max_columns ({cfg.mixed_max_columns})"
        )
    elif cfg.mixed_types and cp.mixed is not None:  # counted in the column pass
        from ._expect import mixed_types_of

        col_issues.mixed_types = mixed_types_of(cp.mixed, text_cols)
    elif cfg.mixed_types:
        from ._expect import mixed_types

        col_issues.mixed_types = mixed_types(engine, table, columns)
    constraints = None
    if cfg.constraints:
        from ._expect import constraint_violations

        constraints = constraint_violations(engine, table, cfg.constraints, rows, cfg.constraint_rows, where)
    outliers = None
    if cfg.outliers:
        numeric = [
            c
            for c in compared
            if c != label
            and distinct[c] >= 3
            and (schema[c].is_integer() or schema[c].is_floating() or schema[c].is_decimal())
        ]
        outliers = {}
        for c, o in outlier_counts(engine, table, numeric, cfg.iqr_k, cfg.mad_z).items():
            iqr = o["iqr_low"] + o["iqr_high"]
            outliers[c] = OutlierCounts(
                values=o["values"],
                iqr_low=o["iqr_low"],
                iqr_high=o["iqr_high"],
                iqr=iqr,
                iqr_share=_share0(iqr, o["values"]),
                mad=o["mad"],
                mad_share=_share(o["mad"], o["values"]) if o["mad"] is not None else None,
            )

    balance = None
    conflicts = None
    if label is not None:
        cls = _class_table(engine, table, label, [c for c in missing_cols if c != label], cfg.max_classes)
        counts = [int(x) for x in cls["__n"].tolist()]
        unlabelled = nulls[label]
        if len(counts) > cfg.max_classes:
            notes.append(
                f"class_balance: label '{label}' has more than {cfg.max_classes} distinct values (quality.max_classes); "
                "not treated as classes"
            )
        else:
            balance = _balance(counts, label, unlabelled)
            by_label = []
            for i, c in enumerate(c for c in missing_cols if c != label):
                m = [int(x) for x in cls[f"m_{i}"].tolist()]
                shares = [round(mi / n, 6) if n else 0.0 for mi, n in zip(m, counts, strict=True)]
                by_label.append(
                    LabelMissingness(
                        column=c,
                        shares=shares,
                        max_difference=round(max(shares) - min(shares), 6) if shares else 0.0,
                        p_value=_chi2_p([[mi, n - mi] for mi, n in zip(m, counts, strict=True)]),
                    )
                )
            missing.by_label = by_label
        if features:
            conflicts = _conflicts(engine, table, features, label, rows, cfg, salt)
        else:
            notes.append("conflicting_labels: the label is the only compared column")

    label_issues = None
    if label is not None and (cfg.label_issues or cfg.pred_probs):
        from ._label_issues import scan_label_issues

        label_issues, li_notes = scan_label_issues(
            engine, table, label, features, cfg, where=where, rows=rows, text_table=text_table
        )
        notes += li_notes

    train_test = None
    if test is not None:
        train_test = _train_test(engine, table, test, test_path, features, label, id_column, cfg, notes)

    return QualityResult(
        rows=rows,
        label=label,
        id=id_column,
        duplicates=duplicates,
        missing=missing,
        columns=col_issues,
        class_balance=balance,
        conflicting_labels=conflicts,
        train_test=train_test,
        label_issues=label_issues,
        outliers=outliers,
        notes=notes,
        near_duplicates=near,
        constraints=constraints,
    )
