"""The bias audit: a pure function from a table, its protected attributes, label/decision columns and config to a result."""

from __future__ import annotations

import math

import ibis
import ibis.expr.types as ir
import pandas as pd

from .._refuse import refuse_empty_columns
from ..config import BiasConfig
from ..engine import Engine
from ..errors import ColumnError
from ._counts import W, key_counts, rebind
from ._groups import GroupSpec, describe_attribute, group_expr
from ._intersections import SEP, count_cube, group_sets, marginal
from ._label import LabelSpec, decision_expr, label_spec
from ._missingness import missing_counts, missingness_by_group
from ._model_metrics import calibration_by_group, model_metrics
from ._outcomes import groups_without_outcome, outcome_disparities
from ._proxies import proxy_scan
from ._representation import representation
from ._result import AttributeBias, BiasResult, ClassOutcome
from ._shown import group_label_maps, mask_group_labels
from ._stats import fl

__all__ = ["scan_bias"]


def _calibration(
    engine: Engine, table: ir.Table, groups: dict[str, ir.StringValue], y: ir.Value, score: str, bins: int
) -> pd.DataFrame:
    """Rows with a label and a score, by every attribute's group and equal-width score bin (scores clipped to [0, 1])."""
    s = table[score].cast("float64")
    clipped = ibis.greatest(ibis.least(s, 1.0), 0.0)
    b = ibis.least((clipped * bins).floor().cast("int64"), bins - 1)
    names = {f"g{i}": e for i, e in enumerate(groups.values())}
    t = table.select(**names, __y=y, __s=s, bin=b)
    t = t.filter(t["__y"].notnull() & t["__s"].notnull())
    df = engine.execute(
        t.group_by([*names, "bin"]).aggregate(n=t.count(), score_sum=t["__s"].sum(), positives=t["__y"].sum())
    )
    return df.rename(columns={f"g{i}": a for i, a in enumerate(groups)})


def _calibration_of(cal: pd.DataFrame, attribute: str) -> pd.DataFrame:
    df = cal.groupby([attribute, "bin"], sort=True)[["n", "score_sum", "positives"]].sum().reset_index()
    df["score_sum"] = df["score_sum"].astype(float).round(9)
    return df.rename(columns={attribute: "group"})


def scan_bias(
    engine: Engine,
    table: ir.Table,
    protected: list[str],
    config: BiasConfig | None = None,
    *,
    label: str | None = None,
    positive: str | None = None,
    prediction: str | None = None,
    score: str | None = None,
    rows: int | None = None,
    exclude: list[str] | None = None,
    protected_source: str = "config",
    proxies: bool | None = None,
    missingness: bool = True,
) -> BiasResult:
    """Representation, outcome disparities (with seeded bootstrap intervals and tests), intersections,
    model metrics, proxies and missingness for each protected attribute of ``table``."""
    config = config or BiasConfig()
    if not protected:
        raise ColumnError(
            "columns.protected: no protected attribute given or suggested; name them in the config or with --protected"
        )
    for c in [*protected, *(x for x in (label, prediction, score) if x)]:
        if c not in table.columns:
            raise ColumnError(
                f"column '{c}' is not a column of the dataset; check columns.protected/label/prediction/score"
            )
    if label and label in protected:
        raise ColumnError(f"column '{label}' is both the label and a protected attribute; choose one role")
    rows = int(engine.execute(table.count())) if rows is None else rows
    # one grouped scan of the protected, label and prediction columns: every count of them below is a sum over
    # its distinct combinations (bias/_counts.py); a thresholded score is not a raw column: rows are counted then
    keyed = prediction is not None or score is None
    counts = (
        key_counts(engine, table, [*protected, *(c for c in (label, prediction) if c)], rows)
        if keyed
        else None
    )
    try:
        return _scan(
            engine,
            table,
            protected,
            config,
            label,
            positive,
            prediction,
            score,
            rows,
            exclude,
            protected_source,
            proxies,
            missingness,
            counts,
        )
    finally:
        if counts is not None:
            engine.drop(counts)


def _scan(
    engine: Engine,
    table: ir.Table,
    protected: list[str],
    config: BiasConfig,
    label: str | None,
    positive: str | None,
    prediction: str | None,
    score: str | None,
    rows: int,
    exclude: list[str] | None,
    protected_source: str,
    proxies: bool | None,
    missingness: bool,
    counts: ir.Table | None,
) -> BiasResult:
    src = (
        counts if counts is not None else table
    )  # where the counts of protected/label/decision values come from
    # a protected attribute with no value in any row cannot be judged (every row would be Unknown)
    refuse_empty_columns(
        engine,
        src,
        protected,
        "protected attribute",
        "columns.protected / --protected",
        rows,
        weight=W if counts is not None else None,
    )
    notes: list[str] = []
    specs: dict[str, GroupSpec] = {a: describe_attribute(engine, table, a, config, counts) for a in protected}
    gexprs = {a: group_expr(table, specs[a]) for a in protected}

    lab: LabelSpec | None = (
        label_spec(engine, table, label, positive, config, counts=counts) if label else None
    )
    dec, dec_name = decision_expr(engine, table, prediction, score, positive, config, counts=counts)
    binary = lab is not None and lab.kind in ("binary", "numeric")
    if dec is not None and lab is not None and not binary:
        notes.append(
            "model metrics skipped: the label is multi-class (pass --positive to audit one class against the rest)"
        )
    if dec is not None and lab is None:
        notes.append("model metrics need a label: only the decision's selection rates are reported")

    # group counts: one cube over all attributes when small enough, else one query per attribute
    gsrc = {a: rebind(e, table, counts) for a, e in gexprs.items()}
    y_src = rebind(lab.expr, table, counts) if lab is not None else None
    dec_src = rebind(dec, table, counts) if dec is not None else None
    gt = src.select(**{f"g{i}": gsrc[a] for i, a in enumerate(protected)})
    krow = engine.execute(
        gt.aggregate([gt[f"g{i}"].nunique().name(f"k{i}") for i in range(len(protected))])
    ).iloc[0]
    sizes = {a: int(krow[f"k{i}"]) for i, a in enumerate(protected)}
    cells = math.prod(sizes.values())
    want_inter = config.intersections and len(protected) > 1
    cubes: dict[tuple[str, ...], pd.DataFrame] = {}
    if (
        want_inter
        and cells <= config.max_intersection_cells
        and all(s <= config.max_groups for s in sizes.values())
    ):
        cube = count_cube(engine, src, gsrc, y_src, dec_src)
        sets = group_sets(protected, True)
        for s in sets:
            cubes[s] = cube
    else:
        if want_inter:
            notes.append(
                f"intersections skipped: {cells:,} combined groups exceed bias.max_intersection_cells ({config.max_intersection_cells:,}) "
                f"or an attribute has more than bias.max_groups ({config.max_groups}) groups"
            )
        for a in protected:
            cubes[(a,)] = count_cube(engine, src, {a: gsrc[a]}, y_src, dec_src)

    joint = cells <= config.max_intersection_cells
    cal_all: dict[str, pd.DataFrame] = {}
    if dec is not None and binary and score and lab is not None:
        if joint:
            c_all = _calibration(engine, table, gexprs, lab.expr, score, config.calibration_bins)
            cal_all = {a: _calibration_of(c_all, a) for a in protected}
        else:
            cal_all = {
                a: _calibration_of(
                    _calibration(engine, table, {a: gexprs[a]}, lab.expr, score, config.calibration_bins), a
                )
                for a in protected
            }

    attributes: list[AttributeBias] = []
    for s, cube in cubes.items():
        name = SEP.join(s)
        classes = lab.classes if lab is not None and lab.kind == "multiclass" else None
        m = marginal(cube, s, binary, classes)
        unknown_count = int(m.loc[m["group"].str.split(SEP).map(lambda parts: "Unknown" in parts), "n"].sum())
        ab = AttributeBias(
            attribute=name,
            columns=list(s),
            intersection=len(s) > 1,
            grouping="; ".join(f"{a}: {specs[a].describe()}" for a in s),
            rows=rows,
            unknown_count=unknown_count,
            groups=[],
        )
        key = f"{name}|{label or ''}"
        if binary and lab is not None:
            ab.groups, ab.outcome = outcome_disparities(
                m[["group", "n", "n_labelled", "positives"]],
                rows,
                config,
                column=lab.column,
                positive=lab.positive_shown,
                key=key,
            )
        else:
            ab.groups = groups_without_outcome(m[["group", "n"]], rows, config)
            for k, cls in enumerate(classes or []):
                cm = m[["group", "n", "n_labelled"]].assign(positives=m[f"pos_{k}"])
                gs, summ = outcome_disparities(
                    cm,
                    rows,
                    config,
                    column=lab.column,
                    positive=lab.classes_shown[k],  # type: ignore[union-attr]
                    key=f"{key}|{cls}",
                )
                ab.one_vs_rest.append(ClassOutcome(outcome=summ, groups=gs))
        ab.small_groups = [g.group for g in ab.groups if g.small]
        if dec is not None and binary:
            ab.model = model_metrics(
                m, {g.group: g.n for g in ab.groups}, rows, config, prediction=dec_name or "", key=key
            )
            if len(s) == 1 and s[0] in cal_all:
                ab.model.calibration_score = score
                ab.model.calibration = calibration_by_group(cal_all[s[0]], [g.group for g in ab.groups])
        if len(s) == 1:
            ref = config.reference_population.get(s[0])
            if ref:
                ab.representation = representation(s[0], {g.group: g.n for g in ab.groups}, ref, config)
        attributes.append(ab)

    single = {a.columns[0]: a for a in attributes if not a.intersection}
    if missingness:
        cols = list(table.columns)
        if joint:
            mc = missing_counts(engine, table, gexprs, cols)
            for a in protected:
                single[a].missingness = missingness_by_group(mc, a, cols, rows, config)
        else:
            for a in protected:
                single[a].missingness = missingness_by_group(
                    missing_counts(engine, table, {a: gexprs[a]}, cols), a, cols, rows, config
                )
    if proxies if proxies is not None else config.proxies:
        drop = set(protected) | {x for x in (label, prediction, score) if x} | set(exclude or [])
        cands = [c for c in table.columns if c not in drop]
        parts = [dict(gexprs)] if joint else [{a: gexprs[a]} for a in protected]
        for part in parts:
            for a, res in proxy_scan(engine, table, part, {a: cands for a in part}, config).items():
                single[a].proxies = res
    unknown_refs = sorted(set(config.reference_population) - set(protected))
    if unknown_refs:
        notes.append(
            f"bias.reference_population names {', '.join(unknown_refs)}, not a protected attribute: ignored"
        )
    result = BiasResult(
        protected=list(protected),
        protected_source=protected_source,
        label=label,
        label_kind=lab.kind if lab else None,
        positive=lab.positive_shown if lab else None,
        prediction=dec_name,
        score=score,
        rows=rows,
        min_group_size=config.min_group_size,
        min_group_share=fl(config.min_group_share) or 0.0,
        four_fifths=config.four_fifths,
        alpha=config.alpha,
        n_boot=config.n_boot,
        seed=config.seed,
        attributes=attributes,
        notes=notes,
    )
    # group labels as reports show them: rare or personal values masked (the raw values never leave this function)
    return mask_group_labels(result, group_label_maps(cubes, specs, config.min_group_size))
