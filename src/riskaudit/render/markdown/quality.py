"""## Data quality: duplicates, conflicting labels, balance, label issues, leakage, missingness, outliers."""

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
        ("duplicate rows (beyond the first of each group; NULL equals NULL)", f"{_int(d.duplicate_rows)} ({_pct(d.ratio)})"),
        ("rows in duplicate groups", f"{_int(d.rows_in_duplicate_groups)} in {_int(d.duplicate_groups)} groups"),
        ("largest duplicate groups (salted hash, row numbers)", _group_list(d.largest_groups)),
        ("rows with a missing value", f"{_int(m.rows_with_any)}; complete rows {_int(m.complete_rows)}"),
    ]
    c = q.conflicting_labels
    if c is not None:
        rows.append((f"rows with conflicting labels ({md_escape(c.label)})",
                     f"{_int(c.rows)} ({_pct(c.ratio)}) in {_int(c.groups)} feature groups"))
        rows.append(("largest conflicting groups", _group_list(c.largest_groups)))
    b = q.class_balance
    if b is not None:
        rows.append((f"classes of {md_escape(b.label)} (counts, largest first)",
                     f"{', '.join(_int(n) for n in b.counts or [])}; minority share {_pct(b.minority_share)}; "
                     f"imbalance score {_num(b.imbalance_score)}"))
    li = q.label_issues
    if li is not None:
        flagged = ", ".join(str(r) for r in (li.rows or [])[:20])
        rows.append(("label issues (confident learning)", f"{_int(li.issues)} of {_int(li.rows_examined)} "
                     f"{'sampled ' if li.sample else ''}rows ({_pct(li.rate)}; {md_escape(li.method)}); "
                     f"rows {flagged or DASH}{' ...' if (li.issues or 0) > 20 else ''}"))
    t = q.train_test
    if t is not None:
        rows.append(("test rows found in train (features)", f"{_int(t.feature_overlap_rows)} of {_int(t.test_rows)} "
                     f"({_pct(t.feature_overlap_ratio)})"))
        if t.exact_overlap_rows is not None:
            rows.append(("test rows found in train (features and label)", f"{_int(t.exact_overlap_rows)} ({_pct(t.exact_overlap_ratio)})"))
        if t.id_overlap_rows is not None:
            rows.append((f"test ids found in train ({md_escape(t.id)})", f"{_int(t.id_overlap_rows)} ({_pct(t.id_overlap_ratio)})"))
    cols = q.columns
    rows += [
        ("constant columns", _names(cols.constant)),
        ("id-like columns", _names(cols.id_like)),
        ("high-cardinality text columns", _names(cols.high_cardinality)),
        ("redundant 1:1 column pairs", "; ".join(" = ".join(md_escape(x) for x in p) for p in cols.redundant_pairs or []) or DASH),
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
        _table(out, ["columns missing together", "rows", "share"],
               [[_names(p.columns), _int(p.rows), _pct(p.share)] for p in pats[:MAX_ROWS]])
    sent = _items(cols.sentinels)
    if sent:
        _table(out, ["column", "placeholder values (configured) x rows"],
               [[md_escape(name), ", ".join(f"{md_escape(s.value)} x{_int(s.count)}" for s in ss)] for name, ss in sent])
    outl = [(name, o) for name, o in _items(q.outliers) if o.iqr or o.mad]
    if outl:
        _table(out, ["column", "IQR outliers (low / high)", "share", "MAD outliers", "share"],
               [[md_escape(name), f"{_int(o.iqr)} ({_int(o.iqr_low)} / {_int(o.iqr_high)})",
                 _pct(o.iqr_share), _int(o.mad), _pct(o.mad_share)] for name, o in outl])
    _notes(out, q.notes)
