"""The PII scan as a pure function: tables + config -> :class:`PiiResult`."""

from __future__ import annotations

import ibis.expr.types as ir

from ..config import ColumnsConfig, PiiConfig
from ..engine import Engine, sample_rows, sample_values
from ._analyzer import build_analyzer, spacy_pipeline_available
from ._column_scan import analyze_column
from ._free_text import scan_free_text
from ._result import ColumnPii, PiiResult
from ._roles import ENTITIES, PROTECTED_ENTITIES, entity_info

__all__ = ["scan_pii", "sample_columns"]


def sample_columns(
    engine: Engine, text_table: ir.Table, columns: list[str], n: int, seed: int, *, free_text_rows: int = 0,
    rows: int | None = None,
) -> dict[str, list[str]]:
    """Up to ``n`` non-null values per column from one seeded row sample (rows in hash order, so the first
    ``n`` of a larger sample are themselves the seeded sample). A column with fewer non-null values in that
    sample than ``n`` (sparse columns) gets a seeded top-up query of its own; dense data costs one query.
    Free-text columns take up to ``free_text_rows`` cells from the same sample."""
    t = text_table
    want = max(n, free_text_rows)
    m = int(want * 1.25)  # headroom for a few nulls, so most columns need no top-up
    m = min(m, rows) if rows is not None else m
    df = sample_rows(engine, t, m, seed, columns=columns)
    complete = rows is not None and m >= rows  # the sample is the whole table: nothing to top up
    out: dict[str, list[str]] = {}
    for c in columns:
        vals = [str(v) for v in df[c].tolist() if v is not None and v == v and str(v).strip() != ""]
        if len(vals) < n and not complete:
            vals = sample_values(engine, t, c, want, seed)
        out[c] = vals
    return out


def scan_pii(
    engine: Engine,
    text_table: ir.Table,
    config: PiiConfig,
    columns_config: ColumnsConfig | None = None,
    *,
    column_types: dict[str, str] | None = None,
    sample_size: int | None = None,
    full_text: bool | None = None,
    rows: int | None = None,
) -> PiiResult:
    cols_cfg = columns_config or ColumnsConfig()
    n = sample_size or config.sample_size
    columns = [c for c in text_table.columns if c not in set(cols_cfg.ignore)]
    jur = tuple(j.upper() for j in config.jurisdictions) or ("US",)
    analyzer = build_analyzer(jur, config.spacy_model if spacy_pipeline_available(config.spacy_model) else None)
    notes: list[str] = []
    if config.spacy_model and not spacy_pipeline_available(config.spacy_model):
        notes.append(f"pii.spacy_model '{config.spacy_model}' is not installed; names and places come from pattern and list recognizers only")
    ft = config.free_text
    samples = sample_columns(engine, text_table, columns, n, config.seed, rows=rows,
                             free_text_rows=ft.sample_rows if ft.mode == "sample" else 0) if columns else {}
    result_cols: dict[str, ColumnPii] = {}
    free: dict = {}
    for c in columns:
        all_vals = samples[c]
        vals = all_vals[:n]
        lens = [len(v) for v in vals]
        words = [len(v.split()) for v in vals]
        is_free = bool(vals) and ft.mode != "off" and (sum(lens) / len(vals) >= ft.min_mean_length) and (
            sum(words) / len(vals) >= ft.min_mean_words)
        col = analyze_column(analyzer, c, vals, min_score=config.min_score, min_prevalence=config.min_prevalence,
                             use_column_names=config.use_column_names, column_type=(column_types or {}).get(c))
        if col.decision == "ZIP_CODE" and "B" in col.hipaa and col.shape is not None and 0 < col.shape.digits_max <= 3:
            # 45 CFR 164.514(b)(2)(i)(B) permits the initial three ZIP digits; the restricted ZIP3s are the
            # safe_harbor.zip3 rule's job. A ZIP3 column is still a quasi-identifier.
            col = col.model_copy(update={"hipaa": [h for h in col.hipaa if h != "B"],
                                         "reason": col.reason + "; three-digit ZIP: permitted by Safe Harbor (B) unless restricted"})
        if is_free:
            full = full_text if full_text is not None else ft.mode == "full"
            if full:
                t = text_table
                cells = engine.execute(t.filter(t[c].notnull() & (t[c].strip() != "")).select(__v=t[c]))["__v"].tolist()
                cells = [str(x) for x in cells]
            else:
                cells = all_vals[: ft.sample_rows]
            ftr = scan_free_text(analyzer, cells, mode="full" if full else "sample", max_cell_length=ft.max_cell_length,
                                 min_score=ft.min_score)
            free[c] = ftr
            found = {e: r.row_share for e, r in ftr.entities.items()}
            direct = sorted(e for e in found if entity_info(e).role == "direct_identifier" and e in ENTITIES)
            hipaa = sorted({h for e in found for h in entity_info(e).hipaa})
            role = "direct_identifier" if any(found[e] >= config.min_prevalence for e in direct) else (
                "sensitive" if ftr.rows_with_pii else col.role if col.decision else "other")
            col = col.model_copy(update={
                "free_text": True,
                "entities": dict(sorted(found.items())),
                "decision": "FREE_TEXT",
                "role": role,
                "confidence": round(max(found.values(), default=0.0), 4),
                "hipaa": hipaa,
                "gdpr_special": sorted(set(col.gdpr_special) | ({"health"} if col.name_hint == "HEALTH" else set())),
                "ccpa_spi": sorted({x for e in found for x in entity_info(e).ccpa}),
                "reason": f"free text: {ftr.share_rows_with_pii:.1%} of {ftr.rows_analysed} analysed cells name a person or hold an identifier"
                + (f" ({', '.join(direct)})" if direct else ""),
                "examples": ftr.examples[:3],
            })
        result_cols[c] = col
    # config overrides any role
    for c, role in cols_cfg.roles.items():
        if c in result_cols:
            result_cols[c] = result_cols[c].model_copy(update={"role": role, "role_source": "config",
                                                               "reason": f"columns.roles sets {role}"})
    never_qi = cols_cfg.record_columns()
    for c in sorted(never_qi):
        if c in result_cols and result_cols[c].role == "quasi_identifier" and result_cols[c].role_source == "scan":
            result_cols[c] = result_cols[c].model_copy(update={"role": "other", "reason": "named as id/label/prediction/score/weight in columns; never a quasi-identifier"})
    # suggestions: quasi-identifiers (finest geography only) and protected attributes
    qi_cands = []
    for c, r in result_cols.items():
        if r.role != "quasi_identifier" or c in never_qi:
            continue
        info = entity_info(r.decision) if r.decision else None
        if r.role_source == "config":
            qi_cands.append((c, 0))  # the config's choice is kept whatever the geography
        elif info and info.suggest_qi:
            qi_cands.append((c, info.geo_rank))
    geo = [rank for _, rank in qi_cands if rank > 0]
    finest = min(geo) if geo else 0
    suggested_qi = [c for c, rank in qi_cands if rank == 0 or rank == finest]
    suggested_protected = [c for c, r in result_cols.items() if r.decision in PROTECTED_ENTITIES and c not in never_qi]
    for c in suggested_qi:
        result_cols[c] = result_cols[c].model_copy(update={"suggested_quasi_identifier": True})
    for c in suggested_protected:
        result_cols[c] = result_cols[c].model_copy(update={"suggested_protected": True})
    return PiiResult(
        columns=result_cols,
        free_text=free,
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
    )


