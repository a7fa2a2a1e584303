"""How group labels of protected attributes appear in results (and so in every report, message and figure).

A group label is the raw value of a protected column, and a value held by few rows (a name or SSN typed into
``race``) singles a person out. Labels follow the rule for label values (:func:`._label.shown_label_value`):
shown verbatim only when short, free of control characters, not flagged by the PII recognisers and held by at
least ``bias.min_group_size`` rows; otherwise ``<race group K, masked>`` with K the group's rank in the
attribute (most rows first, ties by the raw value: the same on every engine and run). The Unknown group and
age bands are labels riskaudit makes, never data, and are always shown. An intersection label masks each part
by its own attribute's rule. The rewrite happens once, on the finished :class:`BiasResult`, so every renderer
(scorecard, Markdown, HTML, SARIF, JUnit, figures, terminal) only ever sees the shown form.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .._safe import term
from ._groups import UNKNOWN, GroupSpec
from ._intersections import SEP, group_label
from ._label import shown_label_value
from ._result import AttributeBias, BiasResult, OutcomeSummary

__all__ = ["MAX_SHOWN_GROUP", "group_label_maps", "mask_group_labels"]

#: a group label longer than this is never shown verbatim (long enough for the OMB/census category names)
MAX_SHOWN_GROUP = 64
_MAX_NOUN = 40


def _noun(column: str) -> str:
    c = str(column)
    return (
        f"{c} group" if len(c) <= _MAX_NOUN and term(c) == c and c.isprintable() and ">" not in c else "group"
    )


def _column_map(counts: pd.Series, spec: GroupSpec, min_count: int) -> dict[str, str]:
    """Raw value -> shown label for one protected column, from its group counts (value -> rows)."""
    items = sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: (-kv[1], kv[0]))
    out: dict[str, str] = {}
    for rank, (value, n) in enumerate(items, start=1):
        if value == UNKNOWN or spec.kind != "categorical":
            out[value] = value  # made by riskaudit (Unknown, age bands), never a data value
        else:
            out[value] = shown_label_value(
                value, rank, n, min_count, noun=_noun(spec.column), max_len=MAX_SHOWN_GROUP
            )
    return out


def group_label_maps(
    cubes: dict[tuple[str, ...], pd.DataFrame], specs: dict[str, GroupSpec], min_count: int
) -> dict[str, dict[str, str]]:
    """Per attribute name (a column, or 'a x b' for an intersection): raw group label -> shown label."""
    columns: dict[str, dict[str, str]] = {}
    for s, cube in cubes.items():
        for a in s:
            if a not in columns:
                counts = cube.assign(**{a: cube[a].astype(str)}).groupby(a, sort=True)["__n"].sum()
                columns[a] = _column_map(counts, specs[a], min_count)
    maps: dict[str, dict[str, str]] = {}
    for s, cube in cubes.items():
        combos = cube[list(s)].astype(str).drop_duplicates().itertuples(index=False, name=None)
        maps[SEP.join(s)] = {
            group_label(c): group_label(tuple(columns[a].get(v, v) for a, v in zip(s, c, strict=True)))
            for c in combos
        }
    return maps


def _outcome(o: OutcomeSummary | None, f: Callable[[str | None], str | None]) -> None:
    if o is None:
        return
    o.reference_group = f(o.reference_group)
    o.min_impact_ratio_group = f(o.min_impact_ratio_group)
    o.groups_below_four_fifths = [f(g) for g in o.groups_below_four_fifths]
    o.significantly_disadvantaged = [f(g) for g in o.significantly_disadvantaged]


def _attribute(ab: AttributeBias, m: dict[str, str]) -> None:
    def f(g: str | None) -> str | None:
        return None if g is None else m.get(g, g)

    for g in ab.groups:
        g.group = f(g.group)
    ab.small_groups = [f(g) for g in ab.small_groups]
    _outcome(ab.outcome, f)
    for c in ab.one_vs_rest:
        _outcome(c.outcome, f)
        for g in c.groups:
            g.group = f(g.group)
    if ab.model is not None:
        for g in ab.model.groups:
            g.group = f(g.group)
        ab.model.reference_group = f(ab.model.reference_group)
        ab.model.min_impact_ratio_group = f(ab.model.min_impact_ratio_group)
        for cal in ab.model.calibration:
            cal.group = f(cal.group)
    if ab.representation is not None:
        r = ab.representation
        for g in r.groups:
            g.group = f(g.group)
        r.not_in_reference = [f(g) for g in r.not_in_reference]
        r.under_represented = [f(g) for g in r.under_represented]
    for mc in ab.missingness:
        mc.by_group = {f(g): v for g, v in mc.by_group.items()}


def mask_group_labels(result: BiasResult, maps: dict[str, dict[str, str]]) -> BiasResult:
    """``result`` with every group label replaced by its shown form (in place; returned for chaining)."""
    for ab in result.attributes:
        _attribute(ab, maps.get(ab.attribute, {}))
    return result
