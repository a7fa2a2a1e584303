"""## Personal data: per-column roles, entities, legal categories, free text."""

from __future__ import annotations

from typing import Any

from ..._safe import md_code
from ._fmt import DASH, _int, _items, _names, _notes, _num, _pct, _table, md_escape


def _top_entities(c: Any, n: int = 3) -> str:
    ents = c.entities or {}
    if not ents:  # below min_prevalence: show what was seen, from entity_stats
        ents = {k: s.prevalence for k, s in (c.entity_stats or {}).items()}
    ranked = sorted(((str(k), v) for k, v in ents.items()), key=lambda kv: (-(kv[1] or 0.0), kv[0]))
    parts = [f"{md_escape(k)} {_pct(v)}" for k, v in ranked[:n]]
    if len(ranked) > n:
        parts.append(f"+{len(ranked) - n} more")
    return ", ".join(parts) or DASH


def _pii(out: list[str], pii: Any) -> None:
    out.append("## Personal data")
    out.append("")
    ner = "spaCy NER and pattern recognizers" if pii.ner else "pattern/list recognizers (no NER)"
    out.append(
        f"Up to {_int(pii.sample_size)} non-null values sampled per column (seed {_num(pii.seed)}); "
        f"{ner}; jurisdictions {_names(pii.jurisdictions)}. Examples are masked by the scan."
    )
    out.append("")
    summary = [
        ("direct identifiers", _names(pii.direct_identifiers)),
        ("suggested quasi-identifiers", _names(pii.suggested_quasi_identifiers)),
        ("sensitive", _names(pii.sensitive)),
        ("suggested protected attributes", _names(pii.suggested_protected)),
        ("HIPAA identifier letters", _names(pii.hipaa_letters)),
        ("GDPR Art. 9 categories", _names(pii.gdpr_special)),
        ("CCPA sensitive personal information", _names(pii.ccpa_spi)),
    ]
    _table(out, ["finding", "columns / categories"], [[k, v] for k, v in summary])
    cols = pii.columns or {}
    if cols:
        rows = []
        for name, c in _items(cols):
            role = _num(c.role)
            if c.role_source == "config":
                role += " (config)"
            rows.append(
                [
                    md_code(name),
                    role,
                    _num(c.decision),
                    _top_entities(c),
                    _num(c.confidence, 3),
                    _names(c.hipaa),
                    _names(c.gdpr_special),
                    _names(c.ccpa_spi),
                    "; ".join(md_escape(x) for x in (c.examples or [])) or DASH,
                ]
            )
        _table(
            out,
            [
                "column",
                "role",
                "type",
                "entities (prevalence)",
                "confidence",
                "HIPAA",
                "GDPR Art. 9",
                "CCPA",
                "examples (masked)",
            ],
            rows,
        )
    qic = pii.qi_candidates or []
    if qic:
        out.append(
            f"Quasi-identifier candidates (source: {md_escape(str(pii.quasi_identifiers_source or 'suggested'))}):"
        )
        out.append("")
        _table(
            out,
            ["column", "suggested", "entity", "evidence", "confidence", "reason"],
            [
                [
                    md_escape(str(q.column)),
                    "yes" if q.suggested else "no",
                    _num(q.entity),
                    _num(q.evidence),
                    _num(q.confidence, 2),
                    md_escape(str(q.reason or "")),
                ]
                for q in qic
            ],
        )
    ft = pii.free_text or {}
    for name, f in _items(ft):
        out.append(f"### Free text: {md_code(name)}")
        out.append("")
        out.append(
            f"{_int(f.rows_analysed)} cells analysed ({_num(f.mode)} mode); "
            f"{_int(f.rows_with_pii)} with personal data ({_pct(f.share_rows_with_pii)}); "
            f"{_int(f.capped_cells)} cells cut at {_int(f.max_cell_length)} characters before analysis."
        )
        out.append("")
        ents = sorted(
            ((str(k), e) for k, e in (f.entities or {}).items()), key=lambda kv: (-(kv[1].rows or 0), kv[0])
        )
        if ents:
            _table(
                out,
                ["entity", "spans", "cells", "share of cells"],
                [[md_escape(k), _int(e.spans), _int(e.rows), _pct(e.row_share)] for k, e in ents],
            )
        ex = f.examples or []
        if ex:
            out.append("Examples (masked): " + "; ".join(md_escape(x) for x in ex))
            out.append("")
    _notes(out, pii.notes)
