"""## Re-identification risk: classes, risk measures, sensitive attributes, uniqueness drivers."""

from __future__ import annotations

from typing import Any

from ..._safe import md_code
from ._fmt import DASH, MAX_ROWS, _int, _kv, _names, _notes, _num, _pct, _table, md_escape


def _reident(out: list[str], re_: Any) -> None:
    out.append("## Re-identification risk")
    out.append("")
    qis = re_.quasi_identifiers or []
    out.append(
        f"Quasi-identifiers ({md_escape(re_.quasi_identifiers_source or 'config')}): {_names(qis)}; "
        f"missing values: {md_escape(re_.missing or 'value')}"
    )
    out.append("")
    pr = re_.prosecutor
    kt = re_.k_threshold
    rows = [
        ("records", _int(re_.records)),
        ("equivalence classes", _int(re_.classes)),
        ("k (smallest class)", _int(re_.k)),
        ("sample uniques", _int(re_.sample_uniques)),
        (
            f"records in classes < {_num(kt)}",
            f"{_int(re_.records_in_small_classes)} ({_pct(re_.share_in_small_classes)})",
        ),
    ]
    if pr is not None:
        rows += [
            ("prosecutor risk, highest (1/k)", _num(pr.highest)),
            ("prosecutor risk, average (records-weighted)", _num(pr.average_records_weighted)),
            (f"records at risk (1/size > {_num(pr.threshold)})", _pct(pr.records_at_risk)),
        ]
    jr = re_.journalist
    if jr is not None:
        src = md_escape(jr.population_source or "")
        rows += [
            (f"journalist risk, highest (population: {src})", _num(jr.highest)),
            ("journalist risk, average", _num(jr.average)),
            ("journalist records at risk", _pct(jr.records_at_risk)),
        ]
        if jr.classes_not_in_population_table:
            rows.append(
                ("classes absent from the population table", _int(jr.classes_not_in_population_table))
            )
    mk = re_.marketer
    if mk is not None:
        rows.append(
            (
                f"marketer risk, average (population: {md_escape(mk.population_source or '')})",
                _num(mk.average),
            )
        )
    pu = re_.population_uniqueness
    if pu is not None:
        est = pu.estimate
        rows += [
            (
                f"population uniqueness (model: {md_escape(pu.model or DASH)}, rule {md_escape(pu.rule or DASH)})",
                f"{_pct(est)} ({_num(pu.uniques)} uniques)" if est is not None else DASH,
            ),
            (
                "population size / sampling fraction",
                f"{_int(pu.population_size)} / {_num(pu.sampling_fraction)}",
            ),
            (
                "estimates of population uniques (Pitman / Zayatz / SNB)",
                f"{_num(pu.pitman)} / {_num(pu.zayatz)} / {_num(pu.snb)}",
            ),
            ("sample uniques share", _pct(pu.sample_uniques_share)),
        ]
    ir_ = re_.individual_risk
    if ir_ is not None:
        rows += [
            (
                f"individual risk (weights: {md_escape(ir_.weight_column or DASH)}), global",
                _num(ir_.global_risk),
            ),
            ("expected re-identifications", _num(ir_.expected_reidentifications)),
            (f"records with individual risk > {_num(ir_.threshold)}", _int(ir_.records_above_threshold)),
        ]
    _kv(out, rows)
    hist = re_.class_size_histogram or {}
    if hist:
        sizes = sorted((int(s), c) for s, c in hist.items())
        out.append(
            "Class-size histogram (size: classes): "
            + ", ".join(f"{s}: {c}" for s, c in sizes[:20])
            + (f" ... ({len(sizes) - 20} more sizes)" if len(sizes) > 20 else "")
        )
        out.append("")
    _sensitive(out, re_)
    _drivers(out, re_.drivers)
    if re_.per_record_output:
        out.append(f"Per-record risks (no QI values): {md_escape(re_.per_record_output)}")
        out.append("")
    _notes(out, re_.notes)


def _sensitive(out: list[str], re_: Any) -> None:
    ld = re_.l_diversity or {}
    tc = re_.t_closeness or {}
    dd = re_.delta_disclosure or {}
    attrs = sorted({str(a) for a in [*ld, *tc, *dd]})
    if not attrs:
        return
    out.append("### Sensitive attributes")
    out.append("")
    rows = []
    for a in attrs:
        l_, t, d = ld.get(a), tc.get(a), dd.get(a)
        rec = l_.recursive
        rec_s = DASH
        if rec is not None:
            c = rec.c_required
            rec_s = f"l={_num(rec.l)}: " + (f"c > {_num(c)}" if c is not None else "not attainable")
        below = DASH if l_ is None else f"{_int(l_.classes_below_l)} (l < {_num(l_.l_threshold)})"
        t_s = DASH if t is None else f"{_num(t.t)} ({md_escape(t.distance or '')}, {_int(t.values)} values)"
        if t is not None and t.note:
            t_s += f"; {md_escape(t.note)}"
        rows.append([md_code(a), _num(l_.distinct_l), _num(l_.entropy_l), rec_s, below, t_s, _num(d.delta)])
    _table(
        out,
        [
            "attribute",
            "distinct l",
            "entropy l",
            "recursive (c,l)",
            "classes below l",
            "t-closeness",
            "delta",
        ],
        rows,
    )


def _drivers(out: list[str], dr: Any) -> None:
    if dr is None:
        return
    out.append("### Uniqueness drivers")
    out.append("")
    by_size = ", ".join(
        f"size {k}: {v:,}" for k, v in sorted((int(k), v) for k, v in (dr.msu_count_by_size or {}).items())
    )
    out.append(
        f"{_int(dr.records_with_msu)} records have a minimal sample unique (MSU) on at most "
        f"{_num(dr.max_subset_size)} quasi-identifiers ({_int(dr.subsets_examined)} subsets examined)"
        + (f"; MSUs by size: {by_size}" if by_size else "")
        + "."
    )
    out.append("")
    contrib = sorted(
        ((str(k), v) for k, v in (dr.attribute_contributions or {}).items()), key=lambda kv: (-kv[1], kv[0])
    )
    if contrib:
        out.append(
            "Contribution to the SUDA score: " + ", ".join(f"{md_code(k)} {v:.3g}%" for k, v in contrib)
        )
        out.append("")
    subsets = list(dr.subsets or [])
    if subsets:
        _table(
            out,
            [
                "quasi-identifier subset",
                "sample uniques",
                "minimal sample uniques",
                "distinction",
                "separation",
            ],
            [
                [
                    _names(s.attributes),
                    _int(s.sample_uniques),
                    _int(s.minimal_sample_uniques),
                    _num(s.distinction),
                    _num(s.separation),
                ]
                for s in subsets[:MAX_ROWS]
            ],
        )
        if len(subsets) > MAX_ROWS:
            out.append(f"... {len(subsets) - MAX_ROWS} more subsets in scorecard.json.")
            out.append("")
    sug = list(dr.suggestions or [])
    if sug:
        out.append("Generalization suggestions (as computed by the scan):")
        out.append("")
        _table(
            out,
            ["column", "action", "k before -> after", "average risk before -> after", "sample uniques after"],
            [
                [
                    md_code(s.column),
                    md_escape(s.action),
                    f"{_int(s.k_before)} -> {_int(s.k_after)}",
                    f"{_num(s.average_risk_before)} -> {_num(s.average_risk_after)}",
                    _int(s.sample_uniques_after),
                ]
                for s in sug[:MAX_ROWS]
            ],
        )
    if dr.note:
        out.append(f"Note: {md_escape(dr.note)}")
        out.append("")
