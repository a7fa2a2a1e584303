"""Derived-release scans: pure functions from engine tables and :class:`DerivedConfig` to typed results."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._safe import shown_name as _n
from ..config._derived import DerivedConfig
from ..errors import ColumnError, InputError
from ._result import AttackRisk, ModelPrivacyResult, SyntheticAttacks, SynthPrivacyResult

__all__ = ["scan_synthetic", "scan_scores", "membership_labels"]


def _columns(cfg: DerivedConfig, train, holdout, synth) -> list[str]:
    if cfg.columns:
        for c in cfg.columns:
            for ds, what in ((train, "train data"), (holdout, "holdout"), (synth, "synthetic file")):
                if c not in ds.columns:
                    raise ColumnError(
                        f"derived.columns: column '{_n(c)}' is not in the {what} ({ds.path}); name columns present in all three (--columns)"
                    )
        return list(cfg.columns)
    cols = [c for c in train.columns if c in holdout.columns and c in synth.columns]
    if not cols:
        raise ColumnError(
            f"derived: the train data, holdout ({holdout.path}) and synthetic file ({synth.path}) share no column; name them with --columns"
        )
    return cols


def _attack_risk(a) -> AttackRisk:
    return AttackRisk(
        risk=a.risk.value,
        ci=a.risk.ci,
        attack_rate=a.attack.value,
        baseline_rate=a.baseline.value,
        control_rate=a.control.value,
        trustworthy=a.trustworthy,
    )


def scan_synthetic(engine, train, holdout, synth, cfg: DerivedConfig) -> SynthPrivacyResult:
    """``train``/``holdout``/``synth`` are opened :class:`~riskaudit.dataset.Dataset` objects on one engine."""
    from ..engine import sample_rows
    from ._dcr import dcr_metrics
    from ._domias import domias
    from ._gower import encode

    cols = _columns(cfg, train, holdout, synth)
    n_t, n_h, n_s = train.rows, holdout.rows, synth.rows
    for ds, n, what in (
        (train, n_t, "train data"),
        (holdout, n_h, "holdout"),
        (synth, n_s, "synthetic file"),
    ):
        if n < 2:
            raise InputError(f"derived: the {what} ({ds.path}) has {n} row(s); at least 2 are needed")
    warnings: list[str] = []
    n_ref = min(n_t, n_h, cfg.max_rows)
    equalised = n_t != n_h
    if equalised:
        warnings.append(
            f"train ({n_t} rows) and holdout ({n_h} rows) differ in size, which biases the DCR share toward "
            f"the larger set: both were sampled to {min(n_t, n_h, cfg.max_rows)} rows (seeded hash sample, seed {cfg.seed})"
        )
    notes: list[str] = []
    if min(n_t, n_h) > cfg.max_rows:
        notes.append(
            f"train and holdout sampled to {cfg.max_rows} rows each (derived.max_rows): DCRs are to the "
            "sample, so they are upper bounds of the DCRs to the whole tables"
        )
    n_s_used = min(n_s, max(1, cfg.max_pairs // n_ref))
    if n_s_used < n_s:
        notes.append(
            f"{n_s_used} of {n_s} synthetic rows (seeded hash sample) searched exactly against {n_ref} reference "
            f"rows (derived.max_pairs = {cfg.max_pairs}); shares are estimates with the stated interval"
        )
    search = "sampled" if notes else "exact"
    tr = sample_rows(engine, train.text_table, n_ref, cfg.seed, cols)
    ho = sample_rows(engine, holdout.text_table, n_ref, cfg.seed, cols)
    sy = sample_rows(engine, synth.text_table, n_s_used, cfg.seed, cols)
    space, (e_tr, e_ho, e_sy) = encode([tr, ho, sy], cols, reference=0)
    rows = {
        "train": n_t,
        "holdout": n_h,
        "synthetic": n_s,
        "train_used": len(tr),
        "holdout_used": len(ho),
        "synthetic_used": len(sy),
    }
    dcr, _, _ = dcr_metrics(
        space,
        e_tr,
        e_ho,
        e_sy,
        rows=rows,
        equalised=equalised,
        search=search,
        search_note="; ".join(notes) or None,
        confidence_level=cfg.confidence_level,
    )
    dom = domias(
        space,
        e_tr,
        e_ho,
        e_sy,
        n_eval=cfg.domias_rows,
        n_ref=cfg.domias_reference_rows,
        seed=cfg.seed,
        n_bootstrap=cfg.n_bootstrap,
        confidence_level=cfg.confidence_level,
    )
    if dom is None:
        warnings.append(
            "DOMIAS-style attack not run: the holdout needs at least 10 rows (half reference, half non-members)"
        )
    attacks = None
    if cfg.attacks:
        from ..linkage._anonymeter import attack_tables

        aux = list(cfg.aux_columns or [c for c in cols if c != cfg.secret])
        if cfg.secret and cfg.secret not in cols:
            raise ColumnError(f"derived.secret: column '{_n(cfg.secret)}' is not among the compared columns")
        use = list(dict.fromkeys(aux + ([cfg.secret] if cfg.secret else [])))
        a = attack_tables(
            engine,
            train.text_table.select(*use),
            synth.text_table.select(*use),
            holdout.text_table.select(*use),
            aux,
            secret=cfg.secret,
            n_attacks=cfg.n_attacks,
            seed=cfg.seed,
            confidence_level=cfg.confidence_level,
            control_source="file",
        )
        attacks = SyntheticAttacks(
            n_attacks=a.n_attacks,
            aux_columns=a.aux_columns,
            secret=a.secret,
            singling_out=_attack_risk(a.singling_out),
            linkability=_attack_risk(a.linkability) if a.linkability else None,
            inference=_attack_risk(a.inference) if a.inference else None,
            notes=list(a.notes),
            lower_bound=a.lower_bound_reason() if (a.linkability or a.inference) else None,
        )
    return SynthPrivacyResult(
        synthetic=synth.path,
        train=train.path,
        holdout=holdout.path,
        seed=cfg.seed,
        dcr=dcr,
        domias=dom,
        attacks=attacks,
        warnings=warnings,
    )


_TRUE = {"1", "1.0", "true", "t", "yes", "y", "member", "in"}
_FALSE = {"0", "0.0", "false", "f", "no", "n", "non-member", "nonmember", "out"}


def membership_labels(values: pd.Series, where: str) -> np.ndarray:
    text = values.astype("object").map(
        lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip().lower()
    )
    bad = text[~text.isin(_TRUE | _FALSE)]
    if len(bad):
        raise InputError(
            f"{where}: {len(bad)} value(s) are not a member label (1/0, true/false, member/non-member); fix the column or name another with --label-column"
        )
    return text.isin(_TRUE).to_numpy()


def scan_scores(engine, scores_ds, cfg: DerivedConfig) -> ModelPrivacyResult:
    from ._membership import membership_metrics

    for key, c in (("--score-column", cfg.score_column), ("--label-column", cfg.label_column)):
        if c not in scores_ds.columns:
            raise ColumnError(
                f"{scores_ds.path}: no column '{_n(c)}' ({key}); columns present: {', '.join(_n(x) for x in scores_ds.columns[:20])}"
            )
    df = engine.execute(scores_ds.text_table.select(cfg.score_column, cfg.label_column))
    s = pd.to_numeric(df[cfg.score_column], errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(s).all():
        raise InputError(
            f"{scores_ds.path}: column '{_n(cfg.score_column)}' has {int((~np.isfinite(s)).sum())} empty or non-numeric score(s); every record needs a finite score"
        )
    y = membership_labels(df[cfg.label_column], f"{scores_ds.path}: column '{_n(cfg.label_column)}'")
    if y.all() or not y.any():
        raise InputError(
            f"{scores_ds.path}: column '{_n(cfg.label_column)}' needs both members and non-members"
        )
    if not cfg.higher_is_member:
        s = -s
    m = membership_metrics(
        s, y, seed=cfg.seed, n_bootstrap=cfg.n_bootstrap, confidence_level=cfg.confidence_level
    )
    return ModelPrivacyResult(
        scores=scores_ds.path,
        score_column=cfg.score_column,
        label_column=cfg.label_column,
        higher_is_member=cfg.higher_is_member,
        metrics=m,
    )
