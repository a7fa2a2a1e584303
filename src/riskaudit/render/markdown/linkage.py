"""## Linkage: exact and fuzzy linkage, attacks on a release."""

from __future__ import annotations

from typing import Any

from ._fmt import DASH, _ci, _int, _items, _kv, _names, _notes, _num, _pct, _table, md_code, md_escape


def _rate(r: Any) -> str:
    """A Wilson rate: value +- error (successes/trials)."""
    if r is None:
        return DASH
    return f"{_num(r.value)} ± {_num(r.error, 3)} ({_int(r.successes)}/{_int(r.trials)})"


def _linkage(out: list[str], lk: Any) -> None:
    out.append("## Linkage")
    out.append("")
    ex, fz, an = lk.exact, lk.fuzzy, lk.anonymeter
    if lk.aux:
        out.append(
            f"Auxiliary table {md_escape(lk.aux)} linked on {_names(lk.on)}"
            + (f"; true id {md_escape(lk.id_column)} used only to score the attack." if lk.id_column else ".")
        )
        out.append("")
    if ex is not None:
        out.append("### Exact linkage")
        out.append("")
        rows = [
            ("auxiliary rows", _int(ex.aux_rows)),
            ("matching at least one record", _int(ex.matched_any)),
            (
                "matching exactly one record (claimed re-identifications)",
                f"{_int(ex.matched_unique)} ({_pct(ex.unique_match_rate)} of auxiliary rows)",
            ),
            ("matching several records", _int(ex.matched_several)),
        ]
        if ex.correct is not None:
            rows += [
                (
                    "correct re-identifications",
                    f"{_int(ex.correct)} ({_pct(ex.correct_rate)} of auxiliary rows)",
                ),
                ("precision (correct / unique matches)", _pct(ex.precision)),
                ("auxiliary rows whose person is in the data", _int(ex.aux_in_data)),
                ("correct, of those in the data", _pct(ex.correct_rate_of_overlap)),
            ]
        _kv(out, rows)
    if fz is not None:
        out.append("### Fuzzy linkage")
        out.append("")
        compared = ", ".join(f"{md_code(k)} ~ {md_code(v)}" for k, v in _items(fz.compared)) or DASH
        rules = "; ".join(" + ".join(md_code(c) for c in r) for r in (fz.blocking_rules or [])) or DASH
        rows = [
            ("library", _num(fz.library)),
            ("match probability threshold", _num(fz.threshold)),
            ("compared (auxiliary ~ data)", compared),
            ("blocking rules", rules),
            ("auxiliary rows", _int(fz.aux_rows)),
            ("linked to a single record", f"{_int(fz.linked)} ({_pct(fz.link_rate)})"),
        ]
        if fz.correct is not None:
            rows += [
                ("correct links", f"{_int(fz.correct)} ({_pct(fz.correct_rate)} of auxiliary rows)"),
                ("precision", _pct(fz.precision)),
            ]
        hist = fz.match_probability_histogram or {}
        if hist:
            rows.append(
                (
                    "best match probability (tenths: links)",
                    ", ".join(f"{md_escape(k)}: {_int(v)}" for k, v in _items(hist)),
                )
            )
        _kv(out, rows)
    if an is not None:
        out.append("### Attacks on the release (Anonymeter-style)")
        out.append("")
        rows_d = ", ".join(f"{md_escape(k)} {_int(v)}" for k, v in _items(an.rows)) or DASH
        out.append(
            (f"Release {md_escape(lk.release)}; " if lk.release else "")
            + f"{_int(an.n_attacks)} attacks, seed {_num(an.seed)}, confidence level {_num(an.confidence_level)}; "
            f"control: {md_escape(an.control_source or DASH)}; auxiliary columns {_names(an.aux_columns)}"
            + (f"; secret {md_escape(an.secret)}" if an.secret else "")
            + f"; rows: {rows_d}."
        )
        out.append("")
        rows = []
        for name in ("singling_out", "linkability", "inference"):
            a = getattr(an, name)
            if a is None:
                continue
            risk = a.risk
            ci = risk.ci or (None, None)
            rows.append(
                [
                    name.replace("_", " "),
                    _rate(a.attack),
                    _rate(a.baseline),
                    _rate(a.control),
                    f"{_num(risk.value)}{_ci(ci[0], ci[1])}" if risk is not None else DASH,
                    _num(a.trustworthy),
                ]
            )
        if rows:
            _table(
                out,
                [
                    "attack",
                    "attack success",
                    "baseline (random guess)",
                    "control",
                    "risk [CI]",
                    "trustworthy",
                ],
                rows,
            )
        _notes(out, an.notes, "Attack notes")
    if ex is None and fz is None and an is None and not lk.notes:
        out.append("No linkage attack ran.")
        out.append("")
    _notes(out, lk.notes)
