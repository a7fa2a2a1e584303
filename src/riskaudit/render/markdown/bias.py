"""## Bias: groups, outcomes with intervals, model metrics, calibration, representation, missingness, proxies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..._safe import md_code
from ._fmt import (
    DASH,
    MAX_GROUPS,
    MAX_ROWS,
    _int,
    _items,
    _names,
    _notes,
    _num,
    _pct,
    _table,
    _with_ci,
    md_escape,
)


def _flags(g: Any) -> str:
    f = []
    if g.unknown:
        f.append("Unknown")
    if g.small:
        f.append("small")
    if g.eligible is False and not (g.unknown or g.small):
        f.append("not eligible")
    if g.below_four_fifths:
        f.append("below four-fifths")
    if g.significant:
        f.append("significant")
    return ", ".join(f) or ""


def _capped(groups: Iterable[Any]) -> tuple[list[Any], str]:
    """Largest groups first (then by name); at most MAX_GROUPS, with a line saying what was left out."""
    gs = sorted(groups or [], key=lambda g: (-(g.n or 0), str(g.group)))
    if len(gs) <= MAX_GROUPS:
        return gs, ""
    rest = gs[MAX_GROUPS:]
    return gs[:MAX_GROUPS], (
        f"... {len(rest)} more groups ({sum(g.n or 0 for g in rest):,} rows) in scorecard.json."
    )


def _outcome_groups(out: list[str], groups: list[Any], with_outcome: bool) -> None:
    shown, more = _capped(groups)
    if with_outcome:
        rows = [
            [
                md_code(g.group),
                _int(g.n),
                _pct(g.share),
                f"{_int(g.positives)}/{_int(g.n_labelled)}" if g.n_labelled is not None else DASH,
                _with_ci(g.base_rate, g.base_rate_ci),
                _with_ci(g.impact_ratio, g.impact_ratio_ci),
                _with_ci(g.parity_difference, g.parity_difference_ci),
                _num(g.p_value, 3),
                _num(g.p_value_adjusted, 3),
                _num(g.test),
                _flags(g),
            ]
            for g in shown
        ]
        _table(
            out,
            [
                "group",
                "n",
                "share",
                "positives/labelled",
                "base rate [CI]",
                "impact ratio [CI]",
                "parity difference [CI]",
                "p",
                "p (Holm)",
                "test",
                "flags",
            ],
            rows,
        )
    else:
        _table(
            out,
            ["group", "n", "share", "flags"],
            [[md_code(g.group), _int(g.n), _pct(g.share), _flags(g)] for g in shown],
        )
    if more:
        out.append(more)
        out.append("")


def _outcome_summary(out: list[str], o: Any) -> None:
    if o is None:
        return
    parts = [
        f"Outcome {md_code(o.column)} (positive: {md_code(o.positive)})",
        f"most favoured group {md_code(o.reference_group) if o.reference_group is not None else DASH}",
        f"lowest impact ratio {_with_ci(o.min_impact_ratio, o.min_impact_ratio_ci)}"
        + (f" ({md_code(o.min_impact_ratio_group)})" if o.min_impact_ratio_group is not None else ""),
        f"demographic parity ratio {_with_ci(o.demographic_parity_ratio, o.demographic_parity_ratio_ci)}",
        f"difference {_with_ci(o.demographic_parity_difference, o.demographic_parity_difference_ci)}",
        f"chi-square p {_num(o.p_value, 3)}",
    ]
    out.append("; ".join(parts) + ".")
    out.append("")
    if o.groups_below_four_fifths:
        out.append(f"Groups below four-fifths: {_names(o.groups_below_four_fifths)}.  ")
    if o.significantly_disadvantaged:
        out.append(f"Significantly disadvantaged: {_names(o.significantly_disadvantaged)}.  ")
    if o.groups_below_four_fifths or o.significantly_disadvantaged:
        out.append("")


def _model(out: list[str], m: Any) -> None:
    out.append(f"Model decision {md_code(m.prediction)} against the label:")
    out.append("")
    out.append(
        "; ".join(
            [
                f"highest selection rate {md_code(m.reference_group) if m.reference_group is not None else DASH}",
                f"lowest impact ratio {_num(m.min_impact_ratio)}"
                + (f" ({md_code(m.min_impact_ratio_group)})" if m.min_impact_ratio_group is not None else ""),
                f"demographic parity ratio {_with_ci(m.demographic_parity_ratio, m.demographic_parity_ratio_ci)}",
                f"difference {_with_ci(m.demographic_parity_difference, m.demographic_parity_difference_ci)}",
                f"equalized odds difference {_with_ci(m.equalized_odds_difference, m.equalized_odds_difference_ci)}",
                f"equal opportunity difference {_with_ci(m.equal_opportunity_difference, m.equal_opportunity_difference_ci)}",
            ]
        )
        + "."
    )
    out.append("")
    shown, more = _capped(m.groups or [])
    _table(
        out,
        [
            "group",
            "n",
            "selection rate [CI]",
            "impact ratio [CI]",
            "TPR [CI]",
            "FPR [CI]",
            "FNR [CI]",
            "flags",
        ],
        [
            [
                md_code(g.group),
                _int(g.n),
                _with_ci(g.selection_rate, g.selection_rate_ci),
                _with_ci(g.impact_ratio, g.impact_ratio_ci),
                _with_ci(g.tpr, g.tpr_ci),
                _with_ci(g.fpr, g.fpr_ci),
                _with_ci(g.fnr, g.fnr_ci),
                "" if g.eligible is not False else "not eligible",
            ]
            for g in shown
        ],
    )
    if more:
        out.append(more)
        out.append("")
    cal = list(m.calibration or [])
    if cal:
        out.append(f"Calibration of {md_code(m.calibration_score)} by group:")
        out.append("")
        shown, more = _capped(cal)
        _table(
            out,
            ["group", "n", "mean score", "base rate", "ECE", "bins"],
            [
                [
                    md_code(c.group),
                    _int(c.n),
                    _num(c.mean_score),
                    _num(c.base_rate),
                    _num(c.ece),
                    str(len(c.bins or [])),
                ]
                for c in shown
            ],
        )
        if more:
            out.append(more)
            out.append("")


def _representation(out: list[str], rp: Any) -> None:
    out.append(
        f"Representation against the reference population ({md_escape(rp.reference or 'config')}): "
        f"chi-square {_num(rp.chi2)}, p {_num(rp.p_value, 3)}; lowest ratio {_num(rp.min_ratio)}."
    )
    out.append("")
    gs = sorted(rp.groups or [], key=lambda g: str(g.group))
    _table(
        out,
        ["group", "n", "share", "reference share", "ratio", "p", "flags"],
        [
            [
                md_code(g.group),
                _int(g.n),
                _pct(g.share),
                _pct(g.reference_share),
                _num(g.ratio),
                _num(g.p_value, 3),
                "under-represented" if g.under_represented else "",
            ]
            for g in gs[:MAX_GROUPS]
        ],
    )
    if len(gs) > MAX_GROUPS:
        out.append(f"... {len(gs) - MAX_GROUPS} more groups in scorecard.json.")
        out.append("")
    if rp.not_in_reference:
        out.append(f"Not in the reference (not tested): {_names(sorted(map(str, rp.not_in_reference)))}.")
        out.append("")


def _missingness(out: list[str], miss: list[Any]) -> None:
    out.append("Missing values by group:")
    out.append("")
    rows = []
    for m in sorted(miss, key=lambda m: str(m.column)):
        bg = _items(m.by_group)
        by = ", ".join(f"{md_code(k)} {_pct(v)}" for k, v in bg[:10]) + (
            f", +{len(bg) - 10} more" if len(bg) > 10 else ""
        )
        rows.append(
            [
                md_code(m.column),
                _pct(m.missing_rate),
                by or DASH,
                _pct(m.difference) if m.difference is not None else DASH,
                _num(m.p_value, 3),
                "flagged" if m.flagged else "",
            ]
        )
    _table(out, ["column", "missing", "by group", "difference (eligible)", "p", "flags"], rows)


def _proxies(out: list[str], px: Any) -> None:
    cols = list(px.columns or [])
    head = "Proxies for the attribute"
    if px.classifier_auc is not None:
        head += (
            f": {md_escape(px.classifier)} predicts it from the candidate columns with ROC AUC "
            f"{_num(px.classifier_auc, 3)} ({_int(px.classifier_folds)} folds, "
            f"{_int(px.classifier_sample)} rows; 0.5 = no signal)"
        )
    out.append(head + ".")
    if px.classifier_note:
        out.append(f"Classifier note: {md_escape(px.classifier_note)}")
    out.append("")
    if cols:
        strong = {str(s) for s in (px.strong or [])}
        _table(
            out,
            [
                "column",
                "levels",
                "Cramér's V",
                "mutual information (nats)",
                "uncertainty coefficient",
                "flags",
            ],
            [
                [
                    md_code(c.column),
                    _int(c.levels),
                    _num(c.cramers_v, 3),
                    _num(c.mutual_information, 3),
                    _num(c.uncertainty_coefficient, 3),
                    "strong" if str(c.column) in strong else "",
                ]
                for c in cols[: MAX_ROWS // 2]
            ],
        )
        if len(cols) > MAX_ROWS // 2:
            out.append(f"... {len(cols) - MAX_ROWS // 2} weaker candidate columns in scorecard.json.")
            out.append("")
    skipped = px.skipped or {}
    if skipped:
        names = sorted(map(str, skipped))
        more = f", +{len(names) - 10} more" if len(names) > 10 else ""
        out.append(f"Not candidates: {_names(names[:10])}{more} (reasons in scorecard.json).")
        out.append("")


def _bias(out: list[str], b: Any) -> None:
    out.append("## Bias")
    out.append("")
    lines = [f"Protected attributes ({md_escape(b.protected_source or 'config')}): {_names(b.protected)}."]
    if b.label:
        lines.append(
            f"Label {md_code(b.label)} ({md_escape(b.label_kind or DASH)}, positive "
            f"{md_code(b.positive) if b.positive is not None else DASH})."
        )
    else:
        lines.append("No label: group sizes only.")
    if b.prediction:
        lines.append(f"Decision {md_code(b.prediction)}.")
    if b.score:
        lines.append(f"Score {md_code(b.score)}.")
    out.append(" ".join(lines) + "  ")
    out.append(
        f"{_int(b.rows)} rows; small group: below {_int(b.min_group_size)} rows or "
        f"{_pct(b.min_group_share)} of rows (reported, never dropped); four-fifths {_num(b.four_fifths)}; "
        f"alpha {_num(b.alpha)}; intervals: {md_escape(b.ci_method or DASH)}, "
        f"{_int(b.n_boot)} resamples, seed {_num(b.seed)}."
    )
    out.append("")
    _notes(out, b.notes)
    for a in b.attributes or []:
        name = md_code(a.attribute)
        out.append(f"### {name}" + (" (intersection)" if a.intersection else ""))
        out.append("")
        groups = list(a.groups or [])
        out.append(
            f"{len(groups):,} groups over {_int(a.rows)} rows; Unknown: {_int(a.unknown_count)} rows; "
            f"small groups: {len(a.small_groups or []):,}. Grouping: {md_escape(a.grouping or DASH)}."
        )
        out.append("")
        o = a.outcome
        _outcome_summary(out, o)
        _outcome_groups(
            out, groups, with_outcome=o is not None or any(g.base_rate is not None for g in groups)
        )
        for cls in a.one_vs_rest or []:
            co = cls.outcome
            out.append(f"#### {name}: class {md_code(co.positive)} vs rest")
            out.append("")
            _outcome_summary(out, co)
            _outcome_groups(out, list(cls.groups or []), with_outcome=True)
        if a.model is not None:
            _model(out, a.model)
        if a.representation is not None:
            _representation(out, a.representation)
        if a.missingness:
            _missingness(out, list(a.missingness))
        if a.proxies is not None:
            _proxies(out, a.proxies)
