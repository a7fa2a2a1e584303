"""Report sections for ``results.derived`` (synthetic release / model membership): Markdown and HTML, each called
from its renderer with a one-line hook."""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["derived_section", "derived_html"]

CAVEAT = (
    "Similarity metrics are not anonymity (Ganev & De Cristofaro 2023): the DCR rows are screening signals; "
    "the membership and singling-out/linkability/inference attacks back the privacy claims."
)


def _n(v: Any, d: int = 4) -> str:
    return "n/a" if v is None else f"{float(v):.{d}f}"


def _ci(ci: Any) -> str:
    return f"[{_n(ci[0])}, {_n(ci[1])}]"


def _rows(s: Any) -> list[tuple[str, str, str]]:
    c = s.dcr
    rows = [
        (
            "median DCR to train / holdout",
            f"{_n(c.dcr_train.median)} / {_n(c.dcr_holdout.median)}",
            "similarity only",
        ),
        (
            "identical match share train / holdout",
            f"{_n(c.ims_train)} / {_n(c.ims_holdout)}",
            "similarity only",
        ),
        ("DCR share (mostlyai-qa, ties/2)", f"{_n(c.dcr_share)} {_ci(c.dcr_share_ci)}", "similarity only"),
        (
            "overfitting protection (SDMetrics DCROverfittingProtection)",
            _n(c.overfitting_protection),
            "similarity only",
        ),
        (
            "NNDR, 10th smallest, train / holdout (mostlyai-qa)",
            f"{_n(c.nndr_train)} / {_n(c.nndr_holdout)}",
            "similarity only",
        ),
    ]
    if s.domias is not None:
        m = s.domias.metrics
        rows.append(
            ("DOMIAS-style membership AUC", f"{_n(m.auc)} {_ci(m.auc_ci)}", "density-ratio membership attack")
        )
        rows += [
            (
                f"DOMIAS-style TPR at FPR {k}",
                f"{_n(v)} {_ci(m.tpr_at_fpr_ci[k])}",
                "density-ratio membership attack",
            )
            for k, v in m.tpr_at_fpr.items()
        ]
    if s.attacks is not None:
        for name in ("singling_out", "linkability", "inference"):
            x = getattr(s.attacks, name)
            if x is not None:
                rows.append(
                    (
                        f"{name.replace('_', ' ')} risk (holdout as control)",
                        f"{_n(x.risk)} {_ci(x.ci)}",
                        "Anonymeter-style attack",
                    )
                )
    return rows


def _intro(s: Any) -> tuple[str, str, str, str]:
    c = s.dcr
    return (
        s.synthetic,
        s.train,
        s.holdout,
        f"rows used: train {c.rows.get('train_used')}, holdout {c.rows.get('holdout_used')}, synthetic "
        f"{c.rows.get('synthetic_used')}; nearest-neighbour search: {c.search}.",
    )


def _notes(s: Any) -> list[str]:
    return [*s.warnings, *([s.dcr.search_note] if s.dcr.search_note else [])]


def _model_line(d: Any) -> str:
    m = d.model.metrics
    return (
        f"({m.members} members, {m.non_members} non-members): AUC {_n(m.auc)} {_ci(m.auc_ci)}; "
        + "; ".join(f"TPR at FPR {k} {_n(v)} {_ci(m.tpr_at_fpr_ci[k])}" for k, v in m.tpr_at_fpr.items())
        + "."
    )


def derived_section(out: list[str], d: Any) -> None:
    from .markdown import md_escape

    out += ["## Derived artefacts (synthetic release, trained model)", "", CAVEAT, ""]
    s = d.synthetic
    if s is not None:
        syn, tr, ho, used = _intro(s)
        out += [
            f"Synthetic release `{md_escape(syn)}` vs train `{md_escape(tr)}` and holdout `{md_escape(ho)}`; {used}",
            "",
            "| measure | value | backed by |",
            "|---|---|---|",
        ]
        out += [f"| {a} | {b} | {c} |" for a, b, c in _rows(s)]
        out.append("")
        notes = _notes(s)
        out += [f"- {md_escape(w)}" for w in notes] + ([""] if notes else [])
    if d.model is not None:
        out += [
            f"Model membership inference from supplied scores `{md_escape(d.model.scores)}` {_model_line(d)}",
            md_escape(d.model.note),
            "",
        ]


def derived_html(d: Any) -> str:
    e = escape
    out = ["<h2>Derived artefacts (synthetic release, trained model)</h2>", f"<p>{e(CAVEAT)}</p>"]
    s = d.synthetic
    if s is not None:
        syn, tr, ho, used = _intro(s)
        out.append(
            f"<p>Synthetic release <code>{e(syn)}</code> vs train <code>{e(tr)}</code> and holdout <code>{e(ho)}</code>; {e(used)}</p>"
        )
        out.append(
            "<table><tr><th>measure</th><th>value</th><th>backed by</th></tr>"
            + "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>" for a, b, c in _rows(s))
            + "</table>"
        )
        notes = _notes(s)
        if notes:
            out.append("<ul>" + "".join(f"<li>{e(w)}</li>" for w in notes) + "</ul>")
    if d.model is not None:
        out.append(
            f"<p>Model membership inference from supplied scores <code>{e(d.model.scores)}</code> {e(_model_line(d))}</p>"
        )
        out.append(f"<p>{e(d.model.note)}</p>")
    return "".join(out)
