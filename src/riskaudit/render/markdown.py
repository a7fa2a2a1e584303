"""report.md: the scorecard for people, in Markdown (GitHub step summaries, PR comments).

Sections, in order: verdict, worst findings, checks, license, personal data, re-identification risk, linkage, Safe Harbor
evidence, bias, data quality, column profile. A section appears only when its result is in the scorecard. The renderer
never judges: it shows the stored values and the checks' statuses. Every data-derived string goes through
:func:`md_escape`; examples of personal data are shown exactly as the PII scan stored them (masked).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .._safe import MAX_MESSAGE, cap, md_code, term
from ..findings import get
from ..scorecard import Scorecard
from . import _derived_md
from ._common import sorted_checks, verdict_summary, worst_findings
from ._registry import register_renderer

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}

MAX_GROUPS = 20  # bias groups shown per attribute (largest first)
MAX_ROWS = 20  # other long tables (drivers, proxies, suggestions)
DASH = "-"


def _linkish(token: str) -> bool:
    """A token GitHub would turn into a link or a ping (URL, www., e-mail, @mention, #123 / GH-123 reference)."""
    low = token.lower()
    return "@" in token or "://" in token or "www." in low or "#" in token or "gh-" in low


def md_escape(text: object) -> str:
    """Escape Markdown/HTML-significant characters in messages (names go through :func:`md_code`).

    Control characters are escaped and credentials in URLs redacted (:func:`riskaudit._safe.term`); a token
    that GitHub would autolink or treat as a mention becomes a code span, so a report posted as a PR comment
    links and pings no one. Linear in the length of the text (split on whitespace, no regex backtracking)."""
    out = []
    for tok in re.split(r"(\s+)", term(text)):
        if tok and not tok.isspace() and _linkish(tok):
            out.append(md_code(tok, limit=len(tok)))
            continue
        for ch in ("\\", "|", "`", "*", "_", "[", "]", "<", ">", "&", "~"):
            tok = tok.replace(ch, "\\" + ch)
        out.append(tok)
    return "".join(out)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list | tuple):
        return ", ".join(_fmt(x) for x in v)
    return md_escape(v) if v is not None else ""


# ---------------------------------------------------------------- number formats


def _num(v: Any, digits: int = 4) -> str:
    """A rate or statistic to ``digits`` significant digits; ``-`` when absent."""
    if v is None or isinstance(v, bool):
        return DASH if v is None else str(v).lower()
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if v != v:  # NaN never occurs in a valid result; stay readable if it does
            return DASH
        if abs(v) >= 10 ** digits:  # counts and estimates of counts: no exponent
            return f"{v:,.0f}"
        return f"{v:.{digits}g}"
    return md_escape(v)


def _int(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else _num(v)


def _pct(v: Any) -> str:
    """A share as a percentage: one decimal from 1%, three significant digits below (small groups stay visible)."""
    if not isinstance(v, int | float) or isinstance(v, bool) or v != v:
        return DASH
    if v == 0 or abs(v) >= 0.01:
        return f"{v:.1%}"
    return f"{v * 100:.3g}%"


def _ci(low: Any, high: Any, fmt=_num) -> str:
    if low is None and high is None:
        return ""
    return f" [{fmt(low)}, {fmt(high)}]"


def _with_ci(v: Any, ci: Any, fmt=_num) -> str:
    """``value [low, high]`` from a bias Interval (or nothing when there is no interval)."""
    if v is None:
        return DASH
    return fmt(v) + (_ci(get(ci, "low"), get(ci, "high"), fmt) if ci is not None else "")


def _names(items: Iterable[Any] | None) -> str:
    items = list(items or [])
    return ", ".join(md_code(x) for x in items) if items else DASH


def _items(d: Any) -> list[tuple[str, Any]]:
    """A mapping's items sorted by key (models and dicts), for a deterministic order."""
    if not d:
        return []
    if hasattr(d, "items"):
        return sorted(((str(k), v) for k, v in d.items()), key=lambda kv: kv[0])
    return []


def _table(out: list[str], header: list[str], rows: list[list[str]]) -> None:
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for r in rows:
        out.append("| " + " | ".join(r) + " |")
    out.append("")


def _kv(out: list[str], rows: list[tuple[str, str]]) -> None:
    _table(out, ["measure", "value"], [[k, v] for k, v in rows])


def _notes(out: list[str], notes: Any, label: str = "Notes") -> None:
    notes = [n for n in (notes or []) if n]
    if notes:
        out.append(f"{label}:")
        out.append("")
        out.extend(f"- {md_escape(n)}" for n in notes)
        out.append("")


# ---------------------------------------------------------------- sections


def _license(out: list[str], sc: Scorecard) -> None:
    lic = sc.license
    if not lic:
        return
    terms = get(sc.results, "license", "terms")
    out.append("## License")
    out.append("")
    term = lic.get("term") or {}
    rows = [
        ("dataset", _num(lic.get("dataset"))),
        ("declared license", _num(lic.get("declared_license"))),
        ("parties", _names(lic.get("parties"))),
        ("permitted uses", _names(lic.get("permitted_uses"))),
        ("excluded uses", _names(lic.get("excluded_uses"))),
        ("intended uses", _names(lic.get("intended_uses"))),
        ("origin (data subjects)", _names(lic.get("origin"))),
        ("processing", _names(lic.get("processing"))),
        ("storage", _names(lic.get("storage"))),
        ("transfer mechanism", _num(lic.get("transfer_mechanism"))),
    ]
    gov = get(terms, "jurisdictions", "governing_law")
    if gov:
        rows.append(("governing law", md_escape(gov)))
    if isinstance(term, dict) and (term.get("start") or term.get("end")):
        rows.append(("term", f"{_num(term.get('start'))} to {_num(term.get('end')) if term.get('end') else 'open'}"))
    rows += [
        ("de-identification claim", _num(lic.get("deidentification_claim"))),
    ]
    ref = get(terms, "privacy", "expert_determination_ref")
    if ref:
        rows.append(("expert determination", md_escape(ref)))
    rows += [
        ("GDPR Art. 9 basis", _num(lic.get("art9_basis"))),
        ("residual rights in trained models", _num(lic.get("residual_model_rights"))),
        ("erasure propagation", _num(lic.get("erasure_propagation"))),
        ("no-re-identification covenant / flow-down",
         f"{_num(lic.get('no_reidentification_covenant'))} / {_num(lic.get('flow_down'))}"),
        ("license file", f"{md_escape(lic['path'])}" if lic.get("path") else DASH),
        ("license file sha256", f"`{lic['sha256']}`" if lic.get("sha256") else DASH),
    ]
    _table(out, ["term", "value"], [[k, v] for k, v in rows])


def _top_entities(c: Any, n: int = 3) -> str:
    ents = get(c, "entities") or {}
    if not ents:  # below min_prevalence: show what was seen, from entity_stats
        ents = {k: get(s, "prevalence") for k, s in (get(c, "entity_stats") or {}).items()}
    ranked = sorted(((str(k), v) for k, v in ents.items()), key=lambda kv: (-(kv[1] or 0.0), kv[0]))
    parts = [f"{md_escape(k)} {_pct(v)}" for k, v in ranked[:n]]
    if len(ranked) > n:
        parts.append(f"+{len(ranked) - n} more")
    return ", ".join(parts) or DASH


def _pii(out: list[str], pii: Any) -> None:
    out.append("## Personal data")
    out.append("")
    ner = "spaCy NER and pattern recognizers" if get(pii, "ner") else "pattern/list recognizers (no NER)"
    out.append(f"Up to {_int(get(pii, 'sample_size'))} non-null values sampled per column (seed {_num(get(pii, 'seed'))}); "
               f"{ner}; jurisdictions {_names(get(pii, 'jurisdictions'))}. Examples are masked by the scan.")
    out.append("")
    summary = [
        ("direct identifiers", _names(get(pii, "direct_identifiers"))),
        ("suggested quasi-identifiers", _names(get(pii, "suggested_quasi_identifiers"))),
        ("sensitive", _names(get(pii, "sensitive"))),
        ("suggested protected attributes", _names(get(pii, "suggested_protected"))),
        ("HIPAA identifier letters", _names(get(pii, "hipaa_letters"))),
        ("GDPR Art. 9 categories", _names(get(pii, "gdpr_special"))),
        ("CCPA sensitive personal information", _names(get(pii, "ccpa_spi"))),
    ]
    _table(out, ["finding", "columns / categories"], [[k, v] for k, v in summary])
    cols = get(pii, "columns") or {}
    if cols:
        rows = []
        for name, c in _items(cols):
            role = _num(get(c, "role"))
            if get(c, "role_source") == "config":
                role += " (config)"
            rows.append([
                md_code(name), role, _num(get(c, "decision")), _top_entities(c), _num(get(c, "confidence"), 3),
                _names(get(c, "hipaa")), _names(get(c, "gdpr_special")), _names(get(c, "ccpa_spi")),
                "; ".join(md_escape(x) for x in (get(c, "examples") or [])) or DASH,
            ])
        _table(out, ["column", "role", "type", "entities (prevalence)", "confidence", "HIPAA", "GDPR Art. 9", "CCPA",
                     "examples (masked)"], rows)
    qic = get(pii, "qi_candidates") or []
    if qic:
        out.append(f"Quasi-identifier candidates (source: {md_escape(str(get(pii, 'quasi_identifiers_source') or 'suggested'))}):")
        out.append("")
        _table(out, ["column", "suggested", "entity", "evidence", "confidence", "reason"], [
            [md_escape(str(get(q, "column"))), "yes" if get(q, "suggested") else "no", _num(get(q, "entity")),
             _num(get(q, "evidence")), _num(get(q, "confidence"), 2), md_escape(str(get(q, "reason") or ""))]
            for q in qic])
    ft = get(pii, "free_text") or {}
    for name, f in _items(ft):
        out.append(f"### Free text: {md_code(name)}")
        out.append("")
        out.append(
            f"{_int(get(f, 'rows_analysed'))} cells analysed ({_num(get(f, 'mode'))} mode); "
            f"{_int(get(f, 'rows_with_pii'))} with personal data ({_pct(get(f, 'share_rows_with_pii'))}); "
            f"{_int(get(f, 'capped_cells'))} cells cut at {_int(get(f, 'max_cell_length'))} characters before analysis."
        )
        out.append("")
        ents = sorted(((str(k), e) for k, e in (get(f, "entities") or {}).items()),
                      key=lambda kv: (-(get(kv[1], "rows") or 0), kv[0]))
        if ents:
            _table(out, ["entity", "spans", "cells", "share of cells"],
                   [[md_escape(k), _int(get(e, "spans")), _int(get(e, "rows")), _pct(get(e, "row_share"))] for k, e in ents])
        ex = get(f, "examples") or []
        if ex:
            out.append("Examples (masked): " + "; ".join(md_escape(x) for x in ex))
            out.append("")
    _notes(out, get(pii, "notes"))


def _reident(out: list[str], re_: Any) -> None:
    out.append("## Re-identification risk")
    out.append("")
    qis = get(re_, "quasi_identifiers") or []
    out.append(f"Quasi-identifiers ({md_escape(get(re_, 'quasi_identifiers_source') or 'config')}): {_names(qis)}; "
               f"missing values: {md_escape(get(re_, 'missing') or 'value')}")
    out.append("")
    pr = get(re_, "prosecutor")
    kt = get(re_, "k_threshold")
    rows = [
        ("records", _int(get(re_, "records"))),
        ("equivalence classes", _int(get(re_, "classes"))),
        ("k (smallest class)", _int(get(re_, "k"))),
        ("sample uniques", _int(get(re_, "sample_uniques"))),
        (f"records in classes < {_num(kt)}",
         f"{_int(get(re_, 'records_in_small_classes'))} ({_pct(get(re_, 'share_in_small_classes'))})"),
    ]
    if pr is not None:
        rows += [
            ("prosecutor risk, highest (1/k)", _num(get(pr, "highest"))),
            ("prosecutor risk, average (records-weighted)", _num(get(pr, "average_records_weighted"))),
            (f"records at risk (1/size > {_num(get(pr, 'threshold'))})", _pct(get(pr, "records_at_risk"))),
        ]
    jr = get(re_, "journalist")
    if jr is not None:
        src = md_escape(get(jr, "population_source") or "")
        rows += [
            (f"journalist risk, highest (population: {src})", _num(get(jr, "highest"))),
            ("journalist risk, average", _num(get(jr, "average"))),
            ("journalist records at risk", _pct(get(jr, "records_at_risk"))),
        ]
        if get(jr, "classes_not_in_population_table"):
            rows.append(("classes absent from the population table", _int(get(jr, "classes_not_in_population_table"))))
    mk = get(re_, "marketer")
    if mk is not None:
        rows.append((f"marketer risk, average (population: {md_escape(get(mk, 'population_source') or '')})",
                     _num(get(mk, "average"))))
    pu = get(re_, "population_uniqueness")
    if pu is not None:
        est = get(pu, "estimate")
        rows += [
            (f"population uniqueness (model: {md_escape(get(pu, 'model') or DASH)}, rule {md_escape(get(pu, 'rule') or DASH)})",
             f"{_pct(est)} ({_num(get(pu, 'uniques'))} uniques)" if est is not None else DASH),
            ("population size / sampling fraction",
             f"{_int(get(pu, 'population_size'))} / {_num(get(pu, 'sampling_fraction'))}"),
            ("estimates of population uniques (Pitman / Zayatz / SNB)",
             f"{_num(get(pu, 'pitman'))} / {_num(get(pu, 'zayatz'))} / {_num(get(pu, 'snb'))}"),
            ("sample uniques share", _pct(get(pu, "sample_uniques_share"))),
        ]
    ir_ = get(re_, "individual_risk")
    if ir_ is not None:
        rows += [
            (f"individual risk (weights: {md_escape(get(ir_, 'weight_column') or DASH)}), global", _num(get(ir_, "global_risk"))),
            ("expected re-identifications", _num(get(ir_, "expected_reidentifications"))),
            (f"records with individual risk > {_num(get(ir_, 'threshold'))}", _int(get(ir_, "records_above_threshold"))),
        ]
    _kv(out, rows)
    hist = get(re_, "class_size_histogram") or {}
    if hist:
        sizes = sorted((int(s), c) for s, c in hist.items())
        out.append("Class-size histogram (size: classes): " + ", ".join(f"{s}: {c}" for s, c in sizes[:20])
                   + (f" ... ({len(sizes) - 20} more sizes)" if len(sizes) > 20 else ""))
        out.append("")
    _sensitive(out, re_)
    _drivers(out, get(re_, "drivers"))
    if get(re_, "per_record_output"):
        out.append(f"Per-record risks (no QI values): {md_escape(get(re_, 'per_record_output'))}")
        out.append("")
    _notes(out, get(re_, "notes"))


def _sensitive(out: list[str], re_: Any) -> None:
    ld = get(re_, "l_diversity") or {}
    tc = get(re_, "t_closeness") or {}
    dd = get(re_, "delta_disclosure") or {}
    attrs = sorted({str(a) for a in [*ld, *tc, *dd]})
    if not attrs:
        return
    out.append("### Sensitive attributes")
    out.append("")
    rows = []
    for a in attrs:
        l_, t, d = ld.get(a), tc.get(a), dd.get(a)
        rec = get(l_, "recursive")
        rec_s = DASH
        if rec is not None:
            c = get(rec, "c_required")
            rec_s = f"l={_num(get(rec, 'l'))}: " + (f"c > {_num(c)}" if c is not None else "not attainable")
        below = DASH if l_ is None else f"{_int(get(l_, 'classes_below_l'))} (l < {_num(get(l_, 'l_threshold'))})"
        t_s = DASH if t is None else f"{_num(get(t, 't'))} ({md_escape(get(t, 'distance') or '')}, {_int(get(t, 'values'))} values)"
        if t is not None and get(t, "note"):
            t_s += f"; {md_escape(get(t, 'note'))}"
        rows.append([md_code(a), _num(get(l_, "distinct_l")), _num(get(l_, "entropy_l")), rec_s, below, t_s,
                     _num(get(d, "delta"))])
    _table(out, ["attribute", "distinct l", "entropy l", "recursive (c,l)", "classes below l", "t-closeness", "delta"], rows)


def _drivers(out: list[str], dr: Any) -> None:
    if dr is None:
        return
    out.append("### Uniqueness drivers")
    out.append("")
    by_size = ", ".join(f"size {k}: {v:,}" for k, v in sorted((int(k), v) for k, v in (get(dr, "msu_count_by_size") or {}).items()))
    out.append(f"{_int(get(dr, 'records_with_msu'))} records have a minimal sample unique (MSU) on at most "
               f"{_num(get(dr, 'max_subset_size'))} quasi-identifiers ({_int(get(dr, 'subsets_examined'))} subsets examined)"
               + (f"; MSUs by size: {by_size}" if by_size else "") + ".")
    out.append("")
    contrib = sorted(((str(k), v) for k, v in (get(dr, "attribute_contributions") or {}).items()), key=lambda kv: (-kv[1], kv[0]))
    if contrib:
        out.append("Contribution to the SUDA score: " + ", ".join(f"{md_code(k)} {v:.3g}%" for k, v in contrib))
        out.append("")
    subsets = list(get(dr, "subsets") or [])
    if subsets:
        _table(out, ["quasi-identifier subset", "sample uniques", "minimal sample uniques", "distinction", "separation"], [
            [_names(get(s, "attributes")), _int(get(s, "sample_uniques")), _int(get(s, "minimal_sample_uniques")),
             _num(get(s, "distinction")), _num(get(s, "separation"))] for s in subsets[:MAX_ROWS]])
        if len(subsets) > MAX_ROWS:
            out.append(f"... {len(subsets) - MAX_ROWS} more subsets in scorecard.json.")
            out.append("")
    sug = list(get(dr, "suggestions") or [])
    if sug:
        out.append("Generalization suggestions (as computed by the scan):")
        out.append("")
        _table(out, ["column", "action", "k before -> after", "average risk before -> after", "sample uniques after"], [
            [md_code(get(s, "column")), md_escape(get(s, "action")), f"{_int(get(s, 'k_before'))} -> {_int(get(s, 'k_after'))}",
             f"{_num(get(s, 'average_risk_before'))} -> {_num(get(s, 'average_risk_after'))}", _int(get(s, "sample_uniques_after"))]
            for s in sug[:MAX_ROWS]])
    if get(dr, "note"):
        out.append(f"Note: {md_escape(get(dr, 'note'))}")
        out.append("")


def _rate(r: Any) -> str:
    """A Wilson rate: value +- error (successes/trials)."""
    if r is None:
        return DASH
    return f"{_num(get(r, 'value'))} ± {_num(get(r, 'error'), 3)} ({_int(get(r, 'successes'))}/{_int(get(r, 'trials'))})"


def _linkage(out: list[str], lk: Any) -> None:
    out.append("## Linkage")
    out.append("")
    ex, fz, an = get(lk, "exact"), get(lk, "fuzzy"), get(lk, "anonymeter")
    if get(lk, "aux"):
        out.append(f"Auxiliary table {md_escape(get(lk, 'aux'))} linked on {_names(get(lk, 'on'))}"
                   + (f"; true id {md_escape(get(lk, 'id_column'))} used only to score the attack." if get(lk, "id_column") else "."))
        out.append("")
    if ex is not None:
        out.append("### Exact linkage")
        out.append("")
        rows = [
            ("auxiliary rows", _int(get(ex, "aux_rows"))),
            ("matching at least one record", _int(get(ex, "matched_any"))),
            ("matching exactly one record (claimed re-identifications)",
             f"{_int(get(ex, 'matched_unique'))} ({_pct(get(ex, 'unique_match_rate'))} of auxiliary rows)"),
            ("matching several records", _int(get(ex, "matched_several"))),
        ]
        if get(ex, "correct") is not None:
            rows += [
                ("correct re-identifications", f"{_int(get(ex, 'correct'))} ({_pct(get(ex, 'correct_rate'))} of auxiliary rows)"),
                ("precision (correct / unique matches)", _pct(get(ex, "precision"))),
                ("auxiliary rows whose person is in the data", _int(get(ex, "aux_in_data"))),
                ("correct, of those in the data", _pct(get(ex, "correct_rate_of_overlap"))),
            ]
        _kv(out, rows)
    if fz is not None:
        out.append("### Fuzzy linkage")
        out.append("")
        compared = ", ".join(f"{md_code(k)} ~ {md_code(v)}" for k, v in _items(get(fz, "compared"))) or DASH
        rules = "; ".join(" + ".join(md_code(c) for c in r) for r in (get(fz, "blocking_rules") or [])) or DASH
        rows = [
            ("library", _num(get(fz, "library"))),
            ("match probability threshold", _num(get(fz, "threshold"))),
            ("compared (auxiliary ~ data)", compared),
            ("blocking rules", rules),
            ("auxiliary rows", _int(get(fz, "aux_rows"))),
            ("linked to a single record", f"{_int(get(fz, 'linked'))} ({_pct(get(fz, 'link_rate'))})"),
        ]
        if get(fz, "correct") is not None:
            rows += [
                ("correct links", f"{_int(get(fz, 'correct'))} ({_pct(get(fz, 'correct_rate'))} of auxiliary rows)"),
                ("precision", _pct(get(fz, "precision"))),
            ]
        hist = get(fz, "match_probability_histogram") or {}
        if hist:
            rows.append(("best match probability (tenths: links)", ", ".join(f"{md_escape(k)}: {_int(v)}" for k, v in _items(hist))))
        _kv(out, rows)
    if an is not None:
        out.append("### Attacks on the release (Anonymeter-style)")
        out.append("")
        rows_d = ", ".join(f"{md_escape(k)} {_int(v)}" for k, v in _items(get(an, "rows"))) or DASH
        out.append(
            (f"Release {md_escape(get(lk, 'release'))}; " if get(lk, "release") else "")
            + f"{_int(get(an, 'n_attacks'))} attacks, seed {_num(get(an, 'seed'))}, confidence level {_num(get(an, 'confidence_level'))}; "
            f"control: {md_escape(get(an, 'control_source') or DASH)}; auxiliary columns {_names(get(an, 'aux_columns'))}"
            + (f"; secret {md_escape(get(an, 'secret'))}" if get(an, "secret") else "") + f"; rows: {rows_d}."
        )
        out.append("")
        rows = []
        for name in ("singling_out", "linkability", "inference"):
            a = get(an, name)
            if a is None:
                continue
            risk = get(a, "risk")
            ci = get(risk, "ci") or (None, None)
            rows.append([name.replace("_", " "), _rate(get(a, "attack")), _rate(get(a, "baseline")), _rate(get(a, "control")),
                         f"{_num(get(risk, 'value'))}{_ci(ci[0], ci[1])}" if risk is not None else DASH,
                         _num(get(a, "trustworthy"))])
        if rows:
            _table(out, ["attack", "attack success", "baseline (random guess)", "control", "risk [CI]", "trustworthy"], rows)
        _notes(out, get(an, "notes"), "Attack notes")
    if ex is None and fz is None and an is None and not get(lk, "notes"):
        out.append("No linkage attack ran.")
        out.append("")
    _notes(out, get(lk, "notes"))


def _safe_harbor(out: list[str], sh: Any) -> None:
    out.append("## Safe Harbor evidence")
    out.append("")
    rows = []
    for c, g in _items(get(sh, "geographic")):
        rows.append([md_code(c), "geographic", _int(get(g, "values")),
                     f"{_int(get(g, 'more_than_3_digits'))} values with more than 3 digits; "
                     f"{len(get(g, 'zip3_counts') or {}):,} distinct 3-digit prefixes"])
    for c, d in _items(get(sh, "dates")):
        what = f"{_int(get(d, 'finer_than_year'))} values finer than the year"
        if get(d, "birth"):
            what += f"; birth column, {len(get(d, 'year_counts') or {}):,} distinct years"
        rows.append([md_code(c), "date", _int(get(d, "values")), what])
    for c, a in _items(get(sh, "ages")):
        rows.append([md_code(c), "age", _int(get(a, "values")), f"{_int(get(a, 'over_89'))} ages over 89"])
    if rows:
        _table(out, ["column", "kind", "values", "evidence"], rows)
    else:
        out.append("No geographic, date or age columns found.")
        out.append("")


# ---------------------------------------------------------------- bias


def _flags(g: Any) -> str:
    f = []
    if get(g, "unknown"):
        f.append("Unknown")
    if get(g, "small"):
        f.append("small")
    if get(g, "eligible") is False and not (get(g, "unknown") or get(g, "small")):
        f.append("not eligible")
    if get(g, "below_four_fifths"):
        f.append("below four-fifths")
    if get(g, "significant"):
        f.append("significant")
    return ", ".join(f) or ""


def _capped(groups: Iterable[Any]) -> tuple[list[Any], str]:
    """Largest groups first (then by name); at most MAX_GROUPS, with a line saying what was left out."""
    gs = sorted(groups or [], key=lambda g: (-(get(g, "n") or 0), str(get(g, "group"))))
    if len(gs) <= MAX_GROUPS:
        return gs, ""
    rest = gs[MAX_GROUPS:]
    return gs[:MAX_GROUPS], (f"... {len(rest)} more groups ({sum(get(g, 'n') or 0 for g in rest):,} rows) "
                             "in scorecard.json.")


def _outcome_groups(out: list[str], groups: list[Any], with_outcome: bool) -> None:
    shown, more = _capped(groups)
    if with_outcome:
        rows = [[md_code(get(g, "group")), _int(get(g, "n")), _pct(get(g, "share")),
                 f"{_int(get(g, 'positives'))}/{_int(get(g, 'n_labelled'))}" if get(g, "n_labelled") is not None else DASH,
                 _with_ci(get(g, "base_rate"), get(g, "base_rate_ci")),
                 _with_ci(get(g, "impact_ratio"), get(g, "impact_ratio_ci")),
                 _with_ci(get(g, "parity_difference"), get(g, "parity_difference_ci")),
                 _num(get(g, "p_value"), 3), _num(get(g, "p_value_adjusted"), 3), _num(get(g, "test")), _flags(g)]
                for g in shown]
        _table(out, ["group", "n", "share", "positives/labelled", "base rate [CI]", "impact ratio [CI]",
                     "parity difference [CI]", "p", "p (Holm)", "test", "flags"], rows)
    else:
        _table(out, ["group", "n", "share", "flags"],
               [[md_code(get(g, "group")), _int(get(g, "n")), _pct(get(g, "share")), _flags(g)] for g in shown])
    if more:
        out.append(more)
        out.append("")


def _outcome_summary(out: list[str], o: Any) -> None:
    if o is None:
        return
    parts = [
        f"Outcome {md_code(get(o, 'column'))} (positive: {md_code(get(o, 'positive'))})",
        f"most favoured group {md_code(get(o, 'reference_group')) if get(o, 'reference_group') is not None else DASH}",
        f"lowest impact ratio {_with_ci(get(o, 'min_impact_ratio'), get(o, 'min_impact_ratio_ci'))}"
        + (f" ({md_code(get(o, 'min_impact_ratio_group'))})" if get(o, "min_impact_ratio_group") is not None else ""),
        f"demographic parity ratio {_with_ci(get(o, 'demographic_parity_ratio'), get(o, 'demographic_parity_ratio_ci'))}",
        f"difference {_with_ci(get(o, 'demographic_parity_difference'), get(o, 'demographic_parity_difference_ci'))}",
        f"chi-square p {_num(get(o, 'p_value'), 3)}",
    ]
    out.append("; ".join(parts) + ".")
    out.append("")
    if get(o, "groups_below_four_fifths"):
        out.append(f"Groups below four-fifths: {_names(get(o, 'groups_below_four_fifths'))}.  ")
    if get(o, "significantly_disadvantaged"):
        out.append(f"Significantly disadvantaged: {_names(get(o, 'significantly_disadvantaged'))}.  ")
    if get(o, "groups_below_four_fifths") or get(o, "significantly_disadvantaged"):
        out.append("")


def _model(out: list[str], m: Any) -> None:
    out.append(f"Model decision {md_code(get(m, 'prediction'))} against the label:")
    out.append("")
    out.append("; ".join([
        f"highest selection rate {md_code(get(m, 'reference_group')) if get(m, 'reference_group') is not None else DASH}",
        f"lowest impact ratio {_num(get(m, 'min_impact_ratio'))}"
        + (f" ({md_code(get(m, 'min_impact_ratio_group'))})" if get(m, "min_impact_ratio_group") is not None else ""),
        f"demographic parity ratio {_with_ci(get(m, 'demographic_parity_ratio'), get(m, 'demographic_parity_ratio_ci'))}",
        f"difference {_with_ci(get(m, 'demographic_parity_difference'), get(m, 'demographic_parity_difference_ci'))}",
        f"equalized odds difference {_with_ci(get(m, 'equalized_odds_difference'), get(m, 'equalized_odds_difference_ci'))}",
        f"equal opportunity difference {_with_ci(get(m, 'equal_opportunity_difference'), get(m, 'equal_opportunity_difference_ci'))}",
    ]) + ".")
    out.append("")
    shown, more = _capped(get(m, "groups") or [])
    _table(out, ["group", "n", "selection rate [CI]", "impact ratio [CI]", "TPR [CI]", "FPR [CI]", "FNR [CI]", "flags"], [
        [md_code(get(g, "group")), _int(get(g, "n")),
         _with_ci(get(g, "selection_rate"), get(g, "selection_rate_ci")),
         _with_ci(get(g, "impact_ratio"), get(g, "impact_ratio_ci")),
         _with_ci(get(g, "tpr"), get(g, "tpr_ci")), _with_ci(get(g, "fpr"), get(g, "fpr_ci")),
         _with_ci(get(g, "fnr"), get(g, "fnr_ci")), "" if get(g, "eligible", default=True) else "not eligible"]
        for g in shown])
    if more:
        out.append(more)
        out.append("")
    cal = list(get(m, "calibration") or [])
    if cal:
        out.append(f"Calibration of {md_code(get(m, 'calibration_score'))} by group:")
        out.append("")
        shown, more = _capped(cal)
        _table(out, ["group", "n", "mean score", "base rate", "ECE", "bins"], [
            [md_code(get(c, "group")), _int(get(c, "n")), _num(get(c, "mean_score")), _num(get(c, "base_rate")),
             _num(get(c, "ece")), str(len(get(c, "bins") or []))] for c in shown])
        if more:
            out.append(more)
            out.append("")


def _representation(out: list[str], rp: Any) -> None:
    out.append(f"Representation against the reference population ({md_escape(get(rp, 'reference') or 'config')}): "
               f"chi-square {_num(get(rp, 'chi2'))}, p {_num(get(rp, 'p_value'), 3)}; lowest ratio {_num(get(rp, 'min_ratio'))}.")
    out.append("")
    gs = sorted(get(rp, "groups") or [], key=lambda g: str(get(g, "group")))
    _table(out, ["group", "n", "share", "reference share", "ratio", "p", "flags"], [
        [md_code(get(g, "group")), _int(get(g, "n")), _pct(get(g, "share")), _pct(get(g, "reference_share")),
         _num(get(g, "ratio")), _num(get(g, "p_value"), 3), "under-represented" if get(g, "under_represented") else ""]
        for g in gs[:MAX_GROUPS]])
    if len(gs) > MAX_GROUPS:
        out.append(f"... {len(gs) - MAX_GROUPS} more groups in scorecard.json.")
        out.append("")
    if get(rp, "not_in_reference"):
        out.append(f"Not in the reference (not tested): {_names(sorted(map(str, get(rp, 'not_in_reference'))))}.")
        out.append("")


def _missingness(out: list[str], miss: list[Any]) -> None:
    out.append("Missing values by group:")
    out.append("")
    rows = []
    for m in sorted(miss, key=lambda m: str(get(m, "column"))):
        bg = _items(get(m, "by_group"))
        by = ", ".join(f"{md_code(k)} {_pct(v)}" for k, v in bg[:10]) + (f", +{len(bg) - 10} more" if len(bg) > 10 else "")
        rows.append([md_code(get(m, "column")), _pct(get(m, "missing_rate")), by or DASH,
                     _pct(get(m, "difference")) if get(m, "difference") is not None else DASH,
                     _num(get(m, "p_value"), 3), "flagged" if get(m, "flagged") else ""])
    _table(out, ["column", "missing", "by group", "difference (eligible)", "p", "flags"], rows)


def _proxies(out: list[str], px: Any) -> None:
    cols = list(get(px, "columns") or [])
    head = "Proxies for the attribute"
    if get(px, "classifier_auc") is not None:
        head += (f": {md_escape(get(px, 'classifier'))} predicts it from the candidate columns with ROC AUC "
                 f"{_num(get(px, 'classifier_auc'), 3)} ({_int(get(px, 'classifier_folds'))} folds, "
                 f"{_int(get(px, 'classifier_sample'))} rows; 0.5 = no signal)")
    out.append(head + ".")
    if get(px, "classifier_note"):
        out.append(f"Classifier note: {md_escape(get(px, 'classifier_note'))}")
    out.append("")
    if cols:
        strong = {str(s) for s in (get(px, "strong") or [])}
        _table(out, ["column", "levels", "Cramér's V", "mutual information (nats)", "uncertainty coefficient", "flags"], [
            [md_code(get(c, "column")), _int(get(c, "levels")), _num(get(c, "cramers_v"), 3),
             _num(get(c, "mutual_information"), 3), _num(get(c, "uncertainty_coefficient"), 3),
             "strong" if str(get(c, "column")) in strong else ""] for c in cols[:MAX_ROWS // 2]])
        if len(cols) > MAX_ROWS // 2:
            out.append(f"... {len(cols) - MAX_ROWS // 2} weaker candidate columns in scorecard.json.")
            out.append("")
    skipped = get(px, "skipped") or {}
    if skipped:
        names = sorted(map(str, skipped))
        more = f", +{len(names) - 10} more" if len(names) > 10 else ""
        out.append(f"Not candidates: {_names(names[:10])}{more} (reasons in scorecard.json).")
        out.append("")


def _bias(out: list[str], b: Any) -> None:
    out.append("## Bias")
    out.append("")
    lines = [f"Protected attributes ({md_escape(get(b, 'protected_source') or 'config')}): {_names(get(b, 'protected'))}."]
    if get(b, "label"):
        lines.append(f"Label {md_code(get(b, 'label'))} ({md_escape(get(b, 'label_kind') or DASH)}, positive "
                     f"{md_code(get(b, 'positive')) if get(b, 'positive') is not None else DASH}).")
    else:
        lines.append("No label: group sizes only.")
    if get(b, "prediction"):
        lines.append(f"Decision {md_code(get(b, 'prediction'))}.")
    if get(b, "score"):
        lines.append(f"Score {md_code(get(b, 'score'))}.")
    out.append(" ".join(lines) + "  ")
    out.append(f"{_int(get(b, 'rows'))} rows; small group: below {_int(get(b, 'min_group_size'))} rows or "
               f"{_pct(get(b, 'min_group_share'))} of rows (reported, never dropped); four-fifths {_num(get(b, 'four_fifths'))}; "
               f"alpha {_num(get(b, 'alpha'))}; intervals: {md_escape(get(b, 'ci_method') or DASH)}, "
               f"{_int(get(b, 'n_boot'))} resamples, seed {_num(get(b, 'seed'))}.")
    out.append("")
    _notes(out, get(b, "notes"))
    for a in get(b, "attributes") or []:
        name = md_code(get(a, "attribute"))
        out.append(f"### {name}" + (" (intersection)" if get(a, "intersection") else ""))
        out.append("")
        groups = list(get(a, "groups") or [])
        out.append(f"{len(groups):,} groups over {_int(get(a, 'rows'))} rows; Unknown: {_int(get(a, 'unknown_count'))} rows; "
                   f"small groups: {len(get(a, 'small_groups') or []):,}. Grouping: {md_escape(get(a, 'grouping') or DASH)}.")
        out.append("")
        o = get(a, "outcome")
        _outcome_summary(out, o)
        _outcome_groups(out, groups, with_outcome=o is not None or any(get(g, "base_rate") is not None for g in groups))
        for cls in get(a, "one_vs_rest") or []:
            co = get(cls, "outcome")
            out.append(f"#### {name}: class {md_code(get(co, 'positive'))} vs rest")
            out.append("")
            _outcome_summary(out, co)
            _outcome_groups(out, list(get(cls, "groups") or []), with_outcome=True)
        if get(a, "model") is not None:
            _model(out, get(a, "model"))
        if get(a, "representation") is not None:
            _representation(out, get(a, "representation"))
        if get(a, "missingness"):
            _missingness(out, list(get(a, "missingness")))
        if get(a, "proxies") is not None:
            _proxies(out, get(a, "proxies"))


def _group_list(groups: Any) -> str:
    shown = []
    for g in list(groups or [])[:5]:
        rows = ", ".join(str(r) for r in get(g, "rows") or [])
        more = " ..." if (get(g, "size") or 0) > len(get(g, "rows") or []) else ""
        shown.append(f"`{md_escape(get(g, 'group_hash'))}` ({_int(get(g, 'size'))} rows: {rows}{more})")
    return "; ".join(shown) if shown else DASH


def _quality(out: list[str], q: Any) -> None:
    out.append("## Data quality")
    out.append("")
    d = get(q, "duplicates")
    m = get(q, "missing")
    rows: list[tuple[str, str]] = [
        ("duplicate rows (beyond the first of each group; NULL equals NULL)", f"{_int(get(d, 'duplicate_rows'))} ({_pct(get(d, 'ratio'))})"),
        ("rows in duplicate groups", f"{_int(get(d, 'rows_in_duplicate_groups'))} in {_int(get(d, 'duplicate_groups'))} groups"),
        ("largest duplicate groups (salted hash, row numbers)", _group_list(get(d, "largest_groups"))),
        ("rows with a missing value", f"{_int(get(m, 'rows_with_any'))}; complete rows {_int(get(m, 'complete_rows'))}"),
    ]
    c = get(q, "conflicting_labels")
    if c is not None:
        rows.append((f"rows with conflicting labels ({md_escape(get(c, 'label'))})",
                     f"{_int(get(c, 'rows'))} ({_pct(get(c, 'ratio'))}) in {_int(get(c, 'groups'))} feature groups"))
        rows.append(("largest conflicting groups", _group_list(get(c, "largest_groups"))))
    b = get(q, "class_balance")
    if b is not None:
        rows.append((f"classes of {md_escape(get(b, 'label'))} (counts, largest first)",
                     f"{', '.join(_int(n) for n in get(b, 'counts') or [])}; minority share {_pct(get(b, 'minority_share'))}; "
                     f"imbalance score {_num(get(b, 'imbalance_score'))}"))
    li = get(q, "label_issues")
    if li is not None:
        flagged = ", ".join(str(r) for r in (get(li, "rows") or [])[:20])
        rows.append(("label issues (confident learning)", f"{_int(get(li, 'issues'))} of {_int(get(li, 'rows_examined'))} "
                     f"{'sampled ' if get(li, 'sample') else ''}rows ({_pct(get(li, 'rate'))}; {md_escape(get(li, 'method'))}); "
                     f"rows {flagged or DASH}{' ...' if (get(li, 'issues') or 0) > 20 else ''}"))
    t = get(q, "train_test")
    if t is not None:
        rows.append(("test rows found in train (features)", f"{_int(get(t, 'feature_overlap_rows'))} of {_int(get(t, 'test_rows'))} "
                     f"({_pct(get(t, 'feature_overlap_ratio'))})"))
        if get(t, "exact_overlap_rows") is not None:
            rows.append(("test rows found in train (features and label)", f"{_int(get(t, 'exact_overlap_rows'))} ({_pct(get(t, 'exact_overlap_ratio'))})"))
        if get(t, "id_overlap_rows") is not None:
            rows.append((f"test ids found in train ({md_escape(get(t, 'id'))})", f"{_int(get(t, 'id_overlap_rows'))} ({_pct(get(t, 'id_overlap_ratio'))})"))
    cols = get(q, "columns")
    rows += [
        ("constant columns", _names(get(cols, "constant"))),
        ("id-like columns", _names(get(cols, "id_like"))),
        ("high-cardinality text columns", _names(get(cols, "high_cardinality"))),
        ("redundant 1:1 column pairs", "; ".join(" = ".join(md_escape(x) for x in p) for p in get(cols, "redundant_pairs") or []) or DASH),
    ]
    _kv(out, rows)
    miss = [(name, v) for name, v in _items(get(m, "columns")) if get(v, "count")]
    if miss:
        out.append("| column | missing | share |")
        out.append("|---|---|---|")
        for name, v in miss:
            out.append(f"| {md_escape(name)} | {_int(get(v, 'count'))} | {_pct(get(v, 'share'))} |")
        out.append("")
    pats = list(get(m, "patterns") or [])
    if pats:
        out.append(f"Missingness patterns ({_int(get(m, 'pattern_count'))} distinct; most frequent first):")
        out.append("")
        _table(out, ["columns missing together", "rows", "share"],
               [[_names(get(p, "columns")), _int(get(p, "rows")), _pct(get(p, "share"))] for p in pats[:MAX_ROWS]])
    sent = _items(get(cols, "sentinels"))
    if sent:
        _table(out, ["column", "placeholder values (configured) x rows"],
               [[md_escape(name), ", ".join(f"{md_escape(get(s, 'value'))} x{_int(get(s, 'count'))}" for s in ss)] for name, ss in sent])
    outl = [(name, o) for name, o in _items(get(q, "outliers")) if get(o, "iqr") or get(o, "mad")]
    if outl:
        _table(out, ["column", "IQR outliers (low / high)", "share", "MAD outliers", "share"],
               [[md_escape(name), f"{_int(get(o, 'iqr'))} ({_int(get(o, 'iqr_low'))} / {_int(get(o, 'iqr_high'))})",
                 _pct(get(o, "iqr_share")), _int(get(o, "mad")), _pct(get(o, "mad_share"))] for name, o in outl])
    _notes(out, get(q, "notes"))


# ---------------------------------------------------------------- the report


def _check_name(c: Any) -> str:
    extra = ", ".join(md_code(x) for x in (c.column, c.judged_by) if x)
    return md_escape(c.id) + (f" ({extra})" if extra else "")


@register_renderer("md", "report.md")
def render_markdown(sc: Scorecard) -> str:
    out: list[str] = []
    d = sc.dataset
    out.append(f"# riskaudit report: {md_escape(d.path)}")
    out.append("")
    out.append(f"**Verdict: {ICON[sc.verdict]}** ({md_escape(verdict_summary(sc))})  ")
    out.append(f"Dataset sha256 `{d.sha256}` ({d.rows:,} rows x {d.columns} columns, {md_escape(d.format)})  ")
    pol = f"{md_escape(sc.policy.name)} (sha256 `{sc.policy.sha256[:16]}`)" if sc.policy else "none"
    out.append(f"Policy: {pol}  ")
    out.append(f"Tool: {md_escape(sc.tool.name)} {md_escape(sc.tool.version)}; config sha256 `{sc.config_sha256[:16]}`")
    out.append("")
    worst = worst_findings(sc, 10)
    if worst:
        out.append("## Worst findings")
        out.append("")
        out.append("| status | severity | check | value | threshold | message |")
        out.append("|---|---|---|---|---|---|")
        for c in worst:
            out.append(f"| {ICON[c.status]} | {c.severity or 'medium'} | {_check_name(c)} | {_fmt(c.value)} | {_fmt(c.threshold)} "
                       f"| {md_escape(cap(c.message, MAX_MESSAGE))} |")
        out.append("")
    out.append("## Checks")
    out.append("")
    out.append("| status | check | value | threshold | message |")
    out.append("|---|---|---|---|---|")
    for c in sorted_checks(sc):
        out.append(f"| {ICON[c.status]} | {_check_name(c)} | {_fmt(c.value)} | {_fmt(c.threshold)} | {md_escape(cap(c.message, MAX_MESSAGE))} |")
    out.append("")
    r = sc.results
    _license(out, sc)
    if r.pii is not None:
        _pii(out, r.pii)
    if r.reident is not None:
        _reident(out, r.reident)
    if r.linkage is not None:
        _linkage(out, r.linkage)
    if r.safe_harbor is not None:
        _safe_harbor(out, r.safe_harbor)
    if r.bias is not None:
        _bias(out, r.bias)
    if r.quality is not None:
        _quality(out, r.quality)
    if getattr(r, "derived", None) is not None:
        _derived_md.derived_section(out, r.derived)
    if r.profile is not None:  # sorted by name: scorecard.json keeps no column order
        out.append("## Columns")
        out.append("")
        out.append("| column | type | nulls | distinct | unique share |")
        out.append("|---|---|---|---|---|")
        for name, p in _items(r.profile.columns):
            out.append(f"| {md_code(name)} | {md_escape(p.type)} | {p.nulls:,} | {p.distinct:,} | {p.unique_share:.3f} |")
        out.append("")
    return "\n".join(out)
