"""Markdown section for ``results.derived`` (synthetic release / model membership), called by the Markdown renderer."""

from __future__ import annotations

from typing import Any

__all__ = ["derived_section"]


def _n(v: Any, d: int = 4) -> str:
    return "n/a" if v is None else f"{float(v):.{d}f}"


def _ci(ci: Any) -> str:
    return f"[{_n(ci[0])}, {_n(ci[1])}]"


def derived_section(out: list[str], d: Any) -> None:
    from .markdown import md_escape

    out.append("## Derived artefacts (synthetic release, trained model)")
    out.append("")
    out.append("Similarity metrics are not anonymity (Ganev & De Cristofaro 2023): the DCR rows are screening signals; "
               "the membership and singling-out/linkability/inference attacks back the privacy claims.")
    out.append("")
    s = d.synthetic
    if s is not None:
        c = s.dcr
        out.append(f"Synthetic release `{md_escape(s.synthetic)}` vs train `{md_escape(s.train)}` and holdout "
                   f"`{md_escape(s.holdout)}`; rows used: train {c.rows.get('train_used')}, holdout {c.rows.get('holdout_used')}, "
                   f"synthetic {c.rows.get('synthetic_used')}; nearest-neighbour search: {c.search}.")
        out.append("")
        out.append("| measure | value | backed by |")
        out.append("|---|---|---|")
        out.append(f"| median DCR to train / holdout | {_n(c.dcr_train.median)} / {_n(c.dcr_holdout.median)} | similarity only |")
        out.append(f"| identical match share train / holdout | {_n(c.ims_train)} / {_n(c.ims_holdout)} | similarity only |")
        out.append(f"| DCR share (mostlyai-qa, ties/2) | {_n(c.dcr_share)} {_ci(c.dcr_share_ci)} | similarity only |")
        out.append(f"| overfitting protection (SDMetrics DCROverfittingProtection) | {_n(c.overfitting_protection)} | similarity only |")
        out.append(f"| NNDR, 10th smallest, train / holdout (mostlyai-qa) | {_n(c.nndr_train)} / {_n(c.nndr_holdout)} | similarity only |")
        if s.domias is not None:
            m = s.domias.metrics
            out.append(f"| DOMIAS-style membership AUC | {_n(m.auc)} {_ci(m.auc_ci)} | density-ratio membership attack |")
            for k, v in m.tpr_at_fpr.items():
                out.append(f"| DOMIAS-style TPR at FPR {k} | {_n(v)} {_ci(m.tpr_at_fpr_ci[k])} | density-ratio membership attack |")
        if s.attacks is not None:
            for name in ("singling_out", "linkability", "inference"):
                x = getattr(s.attacks, name)
                if x is not None:
                    out.append(f"| {name.replace('_', ' ')} risk (holdout as control) | {_n(x.risk)} {_ci(x.ci)} | Anonymeter-style attack |")
        out.append("")
        for w in [*s.warnings, *([c.search_note] if c.search_note else [])]:
            out.append(f"- {md_escape(w)}")
        if s.warnings or c.search_note:
            out.append("")
    if d.model is not None:
        m = d.model.metrics
        out.append(f"Model membership inference from supplied scores `{md_escape(d.model.scores)}` "
                   f"({m.members} members, {m.non_members} non-members): AUC {_n(m.auc)} {_ci(m.auc_ci)}; "
                   + "; ".join(f"TPR at FPR {k} {_n(v)} {_ci(m.tpr_at_fpr_ci[k])}" for k, v in m.tpr_at_fpr.items()) + ".")
        out.append(f"{md_escape(d.model.note)}")
        out.append("")
