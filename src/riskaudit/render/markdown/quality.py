"""## Data quality: duplicates and near duplicates, conflicting labels, balance, label issues, leakage, missingness,
outliers, mixed types, declared constraints (counts, row numbers and column names only: never a value)."""

from __future__ import annotations

from typing import Any

from ._fmt import DASH, MAX_ROWS, _int, _items, _kv, _names, _notes, _num, _pct, _table, md_escape


def _group_list(groups: Any) -> str:
    shown = []
    for g in list(groups or [])[:5]:
        rows = ", ".join(str(r) for r in g.rows or [])
        more = " ..." if (g.size or 0) > len(g.rows or []) else ""
        shown.append(f"`{md_escape(g.group_hash)}` ({_int(g.size)} rows: {rows}{more})")
    return "; ".join(shown) if shown else DASH


def _quality(out: list[str], q: Any) -> None:
    out.append("## Data quality")
    out.append("")
    d = q.duplicates
    m = q.missing
    rows: list[tuple[str, str]] = [
        (
            "duplicate rows (beyond the first of each group; NULL equals NULL)",
            f"{_int(d.duplicate_rows)} ({_pct(d.ratio)})",
        ),
        (
            "rows in duplicate groups",
            f"{_int(d.rows_in_duplicate_groups)} in {_int(d.duplicate_groups)} groups",
        ),
        ("largest duplicate groups (salted hash, row numbers)", _group_list(d.largest_groups)),
    ]
    nd = q.near_duplicates
    if nd is not None:
        steps = ", ".join(md_escape(s) for s in nd.normalisation or []) or "none"
        rows.append(
            (
                f"near-duplicate rows (equal after: {steps})",
                f"{_int(nd.duplicate_rows)} ({_pct(nd.ratio)}); {_int(nd.beyond_exact)} beyond the exact duplicates; "
                f"{_int(nd.rows_in_duplicate_groups)} rows in {_int(nd.duplicate_groups)} groups",
            )
        )
        rows.append(
            ("largest near-duplicate groups (salted hash, row numbers)", _group_list(nd.largest_groups))
        )
    rows.append(
        ("rows with a missing value", f"{_int(m.rows_with_any)}; complete rows {_int(m.complete_rows)}")
    )
    c = q.conflicting_labels
    if c is not None:
        rows.append(
            (
                f"rows with conflicting labels ({md_escape(c.label)})",
                f"{_int(c.rows)} ({_pct(c.ratio)}) in {_int(c.groups)} feature groups",
            )
        )
        rows.append(("largest conflicting groups", _group_list(c.largest_groups)))
    b = q.class_balance
    if b is not None:
        rows.append(
            (
                f"classes of {md_escape(b.label)} (counts, largest first)",
                f"{', '.join(_int(n) for n in b.counts or [])}; minority share {_pct(b.minority_share)}; "
                f"imbalance score {_num(b.imbalance_score)}",
            )
        )
    li = q.label_issues
    if li is not None:
        flagged = ", ".join(str(r) for r in (li.rows or [])[:20])
        rows.append(
            (
                "label issues (confident learning)",
                f"{_int(li.issues)} of {_int(li.rows_examined)} "
                f"{'sampled ' if li.sample else ''}rows ({_pct(li.rate)}; {md_escape(li.method)}); "
                f"rows {flagged or DASH}{' ...' if (li.issues or 0) > 20 else ''}",
            )
        )
    t = q.train_test
    if t is not None:
        rows.append(
            (
                "test rows found in train (features)",
                f"{_int(t.feature_overlap_rows)} of {_int(t.test_rows)} ({_pct(t.feature_overlap_ratio)})",
            )
        )
        if t.exact_overlap_rows is not None:
            rows.append(
                (
                    "test rows found in train (features and label)",
                    f"{_int(t.exact_overlap_rows)} ({_pct(t.exact_overlap_ratio)})",
                )
            )
        if t.id_overlap_rows is not None:
            rows.append(
                (
                    f"test ids found in train ({md_escape(t.id)})",
                    f"{_int(t.id_overlap_rows)} ({_pct(t.id_overlap_ratio)})",
                )
            )
    cols = q.columns
    rows += [
        ("constant columns", _names(cols.constant)),
        ("id-like columns", _names(cols.id_like)),
        ("high-cardinality text columns", _names(cols.high_cardinality)),
        (
            "redundant 1:1 column pairs",
            "; ".join(" = ".join(md_escape(x) for x in p) for p in cols.redundant_pairs or []) or DASH,
        ),
    ]
    _kv(out, rows)
    miss = [(name, v) for name, v in _items(m.columns) if v.count]
    if miss:
        out.append("| column | missing | share |")
        out.append("|---|---|---|")
        for name, v in miss:
            out.append(f"| {md_escape(name)} | {_int(v.count)} | {_pct(v.share)} |")
        out.append("")
    pats = list(m.patterns or [])
    if pats:
        out.append(f"Missingness patterns ({_int(m.pattern_count)} distinct; most frequent first):")
        out.append("")
        _table(
            out,
            ["columns missing together", "rows", "share"],
            [[_names(p.columns), _int(p.rows), _pct(p.share)] for p in pats[:MAX_ROWS]],
        )
    sent = _items(cols.sentinels)
    if sent:
        _table(
            out,
            ["column", "placeholder values (configured) x rows"],
            [
                [md_escape(name), ", ".join(f"{md_escape(s.value)} x{_int(s.count)}" for s in ss)]
                for name, ss in sent
            ],
        )
    outl = [(name, o) for name, o in _items(q.outliers) if o.iqr or o.mad]
    if outl:
        _table(
            out,
            ["column", "IQR outliers (low / high)", "share", "MAD outliers", "share"],
            [
                [
                    md_escape(name),
                    f"{_int(o.iqr)} ({_int(o.iqr_low)} / {_int(o.iqr_high)})",
                    _pct(o.iqr_share),
                    _int(o.mad),
                    _pct(o.mad_share),
                ]
                for name, o in outl
            ],
        )
    mixed = _items(cols.mixed_types)
    if mixed:
        out.append("Text columns whose values parse as more than one kind (values per kind):")
        out.append("")
        _table(
            out,
            ["column", "values", "integer", "decimal", "date", "text", "rarest kind"],
            [
                [
                    md_escape(name),
                    _int(x.values),
                    _int(x.integer),
                    _int(x.decimal),
                    _int(x.date),
                    _int(x.text),
                    _pct(x.minority_share),
                ]
                for name, x in mixed
            ],
        )
    cons = _items(q.constraints)
    if cons:
        out.append("Declared constraints (quality.constraints): rows violating them, by column:")
        out.append("")
        _table(
            out,
            [
                "column",
                "values checked",
                "below min",
                "above max",
                "not allowed",
                "regex mismatch",
                "violating rows",
                "first row numbers",
            ],
            [
                [
                    md_escape(name),
                    _int(v.values),
                    _opt(v.below_min),
                    _opt(v.above_max),
                    _opt(v.not_allowed),
                    _opt(v.regex_mismatch),
                    f"{_int(v.violating_rows)} ({_pct(v.ratio)})",
                    (", ".join(str(r) for r in v.rows) + (" ..." if v.violating_rows > len(v.rows) else ""))
                    or DASH,
                ]
                for name, v in cons
            ],
        )
    _notes(out, q.notes)


def _opt(v: Any) -> str:
    """A count of a constraint that was not declared is a dash, not 0."""
    return DASH if v is None else _int(v)
