"""The PII analysis of sampled values: pure Python over the values, no engine (so the helper process of
:mod:`._worker` imports neither Ibis, DuckDB nor pandas to run it)."""

from __future__ import annotations

from collections import Counter

from ..config import ColumnsConfig, PiiConfig
from ._result import ColumnPii, PiiResult, QiCandidate
from ._roles import ENTITIES, PROTECTED_ENTITIES, entity_info

__all__ = ["analyse_samples", "suggest_quasi_identifiers"]

#: why a quasi-identifier column is not suggested, by entity
_LEFT_OUT = {
    "DATE_TIME": "an event date (admission, visit): an attacker rarely knows it, and it would make every record unique",
    "OCCUPATION": "not in the public registers a linkage attacker typically holds (name, ZIP, birth date, sex); "
    "confirm it in columns.quasi_identifiers if the attacker could know it",
    "COMPANY": "not in the public registers a linkage attacker typically holds; confirm it if the attacker could know it",
    "NATIONALITY": "not in the typical linkage register; confirm it if the attacker could know it",
    "GEO_COORDINATE": "precise coordinates: reported as a HIPAA B identifier; generalise them before a k-anonymity analysis",
}


def analyse_samples(
    config: PiiConfig,
    cols_cfg: ColumnsConfig,
    columns: list[str],
    samples: dict[str, list[str]],
    aligned: dict[str, list[str | None]],
    free_cells: dict[str, list[str]],
    n: int,
    full: bool,
    column_types: dict[str, str],
) -> PiiResult:
    """The analysis of the sampled values (Presidio's and riskaudit's recognizers): no engine, pure Python."""
    # imported here: an audit whose analysis runs in the helper process (._worker) never loads Presidio itself
    from ._analyzer import build_analyzer, spacy_pipeline_available
    from ._column_scan import analyze_column
    from ._free_text import scan_free_text
    from ._qi_values import apply_table_context

    jur = tuple(j.upper() for j in config.jurisdictions) or ("US",)
    analyzer = build_analyzer(
        jur, config.spacy_model if spacy_pipeline_available(config.spacy_model) else None
    )
    notes: list[str] = []
    if config.spacy_model and not spacy_pipeline_available(config.spacy_model):
        notes.append(
            f"pii.spacy_model '{config.spacy_model}' is not installed; names and places come from pattern and list recognizers only"
        )
    ft = config.free_text
    result_cols: dict[str, ColumnPii] = {}
    free: dict = {}
    for c in columns:
        vals = samples[c][:n]
        col = analyze_column(
            analyzer,
            c,
            vals,
            min_score=config.min_score,
            min_prevalence=config.min_prevalence,
            use_column_names=config.use_column_names,
            column_type=column_types.get(c),
        )
        if (
            col.decision == "ZIP_CODE"
            and "B" in col.hipaa
            and col.shape is not None
            and 0 < col.shape.digits_max <= 3
        ):
            # 45 CFR 164.514(b)(2)(i)(B) permits the initial three ZIP digits; the restricted ZIP3s are the
            # safe_harbor.zip3 rule's job. A ZIP3 column is still a quasi-identifier.
            col = col.model_copy(
                update={
                    "hipaa": [h for h in col.hipaa if h != "B"],
                    "reason": col.reason
                    + "; three-digit ZIP: permitted by Safe Harbor (B) unless restricted",
                }
            )
        if c in free_cells:
            ftr = scan_free_text(
                analyzer,
                free_cells[c],
                mode="full" if full else "sample",
                max_cell_length=ft.max_cell_length,
                min_score=ft.min_score,
            )
            free[c] = ftr
            found = {e: r.row_share for e, r in ftr.entities.items()}
            direct = sorted(e for e in found if entity_info(e).role == "direct_identifier" and e in ENTITIES)
            hipaa = sorted({h for e in found for h in entity_info(e).hipaa})
            role = (
                "direct_identifier"
                if any(found[e] >= config.min_prevalence for e in direct)
                else ("sensitive" if ftr.rows_with_pii else col.role if col.decision else "other")
            )
            col = col.model_copy(
                update={
                    "free_text": True,
                    "entities": dict(sorted(found.items())),
                    "decision": "FREE_TEXT",
                    "role": role,
                    "confidence": round(max(found.values(), default=0.0), 4),
                    "hipaa": hipaa,
                    "gdpr_special": sorted(
                        set(col.gdpr_special) | ({"health"} if col.name_hint == "HEALTH" else set())
                    ),
                    "ccpa_spi": sorted({x for e in found for x in entity_info(e).ccpa}),
                    "reason": f"free text: {ftr.share_rows_with_pii:.1%} of {ftr.rows_analysed} analysed cells name a person or hold an identifier"
                    + (f" ({', '.join(direct)})" if direct else ""),
                    "examples": ftr.examples[:3],
                }
            )
        result_cols[c] = col
    # undecided columns: postcodes, ages, card codes, handles from the table's other columns (pii/_qi_values.py)
    result_cols = apply_table_context(result_cols, {c: samples[c][:n] for c in columns}, aligned)
    # config overrides any role
    for c, role in cols_cfg.roles.items():
        if c in result_cols:
            result_cols[c] = result_cols[c].model_copy(
                update={
                    "role": role,
                    "role_source": "config",
                    "evidence": "config",
                    "reason": f"columns.roles sets {role}",
                }
            )
    never_qi = cols_cfg.record_columns()
    for c in sorted(never_qi):
        if (
            c in result_cols
            and result_cols[c].role == "quasi_identifier"
            and result_cols[c].role_source == "scan"
        ):
            result_cols[c] = result_cols[c].model_copy(
                update={
                    "role": "other",
                    "reason": "named as id/label/prediction/score/weight in columns; never a quasi-identifier",
                }
            )
    suggested_qi, candidates = suggest_quasi_identifiers(
        result_cols, {c: samples[c][:n] for c in columns}, never_qi
    )
    suggested_protected = [
        c for c, r in result_cols.items() if r.decision in PROTECTED_ENTITIES and c not in never_qi
    ]
    for c in suggested_qi:
        result_cols[c] = result_cols[c].model_copy(update={"suggested_quasi_identifier": True})
    for c in suggested_protected:
        result_cols[c] = result_cols[c].model_copy(update={"suggested_protected": True})
    configured = bool(cols_cfg.quasi_identifiers) or any(
        r == "quasi_identifier" for r in cols_cfg.roles.values()
    )
    qi_source = "config" if configured else ("suggested" if suggested_qi else "none")
    return PiiResult(
        columns=result_cols,
        free_text=free,
        free_text_analysis="off" if ft.mode == "off" else None,
        direct_identifiers=[c for c, r in result_cols.items() if r.role == "direct_identifier"],
        suggested_quasi_identifiers=suggested_qi,
        sensitive=[c for c, r in result_cols.items() if r.role == "sensitive"],
        suggested_protected=suggested_protected,
        hipaa_letters=sorted({h for r in result_cols.values() for h in r.hipaa}),
        gdpr_special=sorted({g for r in result_cols.values() for g in r.gdpr_special}),
        ccpa_spi=sorted({g for r in result_cols.values() for g in r.ccpa_spi}),
        sample_size=n,
        seed=config.seed,
        jurisdictions=list(jur),
        ner=spacy_pipeline_available(config.spacy_model),
        notes=notes,
        qi_candidates=candidates,
        quasi_identifiers_source=qi_source,
    )


def _candidate(c: str, r: ColumnPii, *, suggested: bool, reason: str) -> QiCandidate:
    """A quasi-identifier candidate from its column's PII finding."""
    return QiCandidate(
        column=c,
        entity=r.decision,
        evidence=r.evidence or "values",
        confidence=r.confidence,
        suggested=suggested,
        reason=reason,
    )


def suggest_quasi_identifiers(
    cols: dict[str, ColumnPii], samples: dict[str, list[str]], never_qi: set[str]
) -> tuple[list[str], list[QiCandidate]]:
    """The suggested quasi-identifiers (in column order) and every candidate with its evidence and why it is in or out.

    In: config QIs; columns whose entity an attacker plausibly knows from a public register (birth date/year, age,
    sex, marital status) and the finest geography; moderate-cardinality categoricals no recognizer identifies but
    that split the records finely (lower confidence). Out, with a reason: coarser geography, event dates,
    occupation/company/nationality, record/label/score columns, sensitive attributes, free text.
    """
    from ._qi_values import distribution_split

    cands: list[tuple[str, int]] = []
    out: dict[str, QiCandidate] = {}
    for c, r in cols.items():
        if r.free_text:
            continue
        if c in never_qi:
            if r.decision and entity_info(r.decision).role == "quasi_identifier":
                out[c] = _candidate(
                    c,
                    r,
                    suggested=False,
                    reason="named as id/label/prediction/score/weight in columns",
                )
            continue
        if r.role == "quasi_identifier":
            info = entity_info(r.decision) if r.decision else None
            if r.role_source == "config":
                cands.append((c, 0))
            elif info and info.suggest_qi:
                cands.append((c, info.geo_rank))
            else:
                out[c] = _candidate(
                    c,
                    r,
                    suggested=False,
                    reason=_LEFT_OUT.get(r.decision or "", "not suggested for this entity"),
                )
        elif r.role == "sensitive" and r.decision and r.decision in PROTECTED_ENTITIES:
            out[c] = _candidate(
                c,
                r,
                suggested=False,
                reason="a sensitive attribute (GDPR Art. 9): suggested as protected, "
                "analysed by l-diversity/t-closeness, not as a quasi-identifier",
            )
        elif r.role == "other" and r.decision is None and r.role_source == "scan" and r.shape is not None:
            why = distribution_split(Counter(samples.get(c, [])), r.shape.letters_share)
            if why:
                cands.append((c, -1))
                out[c] = QiCandidate(
                    column=c, entity=None, evidence="distribution", confidence=0.3, suggested=True, reason=why
                )
    geo = [rank for _, rank in cands if rank > 0]
    finest = min(geo) if geo else 0
    suggested = []
    for c, rank in cands:
        r = cols[c]
        if rank <= 0 or rank == finest:
            suggested.append(c)
            if c not in out:
                out[c] = _candidate(
                    c,
                    r,
                    suggested=True,
                    reason=(
                        "columns.roles sets quasi_identifier"
                        if r.role_source == "config"
                        else f"{r.decision}: " + r.reason
                    ),
                )
        else:
            finer = next(x for x, k in cands if k == finest)
            out[c] = _candidate(
                c,
                r,
                suggested=False,
                reason=f"coarser geography than '{finer}' ({cols[finer].decision}), which implies it",
            )
    order = list(cols)
    return suggested, sorted(out.values(), key=lambda q: order.index(q.column))
