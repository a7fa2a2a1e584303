"""Label issues by confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty
in Dataset Labels", JAIR 70, 2021), implemented from the paper (no cleanlab code).

Given out-of-sample predicted probabilities p[x, j] and given labels y~:

1. per-class threshold t_j = mean of p[x, j] over rows labelled j (Eq. 2);
2. x is confidently of class j when p[x, j] >= t_j; with several such classes, the one with the largest
   p[x, j]; the confident joint C[i][j] counts rows labelled i that are confidently j (rows confident in no
   class are not counted);
3. calibration: each row i of C is rescaled to the number of rows labelled i, and the result normalised to
   the joint Q (Eq. 3);
4. prune by noise rate: for every off-diagonal cell (i, j), the round(n * Q[i][j]) rows labelled i with the
   largest margin p[x, j] - p[x, i] are label issues.

The probabilities come from a file (``--pred-probs``, one row per data row, one column per class named by the
class text) or from a seeded, stratified k-fold scikit-learn model on a seeded sample of at most
``quality.label_issues_sample`` rows: the cost is bounded by the sample size, not the row count.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

__all__ = ["ConfidentLearning", "confident_learning"]


@dataclass
class ConfidentLearning:
    thresholds: list[float]
    confident_joint: list[list[int]]
    calibrated_joint: list[list[float]]
    issues: list[int]  # row indexes into the inputs, most confident issue (largest margin) first
    margins: list[float]


def confident_learning(labels: np.ndarray, probs: np.ndarray) -> ConfidentLearning:
    """``labels``: int class index per row (0..k-1); ``probs``: rows x k out-of-sample probabilities."""
    labels = np.asarray(labels, dtype=int)
    probs = np.asarray(probs, dtype=float)
    n, k = probs.shape
    counts = np.bincount(labels, minlength=k)
    thresholds = np.array([probs[labels == j, j].mean() if counts[j] else np.inf for j in range(k)])
    confident = probs >= thresholds[None, :]
    masked = np.where(confident, probs, -np.inf)
    best = masked.argmax(axis=1)
    has = confident.any(axis=1)
    cj = np.zeros((k, k), dtype=int)
    np.add.at(cj, (labels[has], best[has]), 1)
    row_sums = cj.sum(axis=1, keepdims=True)
    cal = np.where(row_sums > 0, cj / np.where(row_sums == 0, 1, row_sums) * counts[:, None], 0.0)
    total = cal.sum()
    q = cal / total if total else cal
    flagged: dict[int, float] = {}
    for i in range(k):
        rows_i = np.flatnonzero(labels == i)
        for j in range(k):
            if i == j:
                continue
            m = int(round(n * q[i, j]))
            if m <= 0 or rows_i.size == 0:
                continue
            margin = probs[rows_i, j] - probs[rows_i, i]
            order = np.lexsort((rows_i, -margin))[:m]  # largest margin first, ties by row
            for idx in order:
                r = int(rows_i[idx])
                flagged[r] = max(flagged.get(r, -np.inf), float(margin[idx]))
    ranked = sorted(flagged.items(), key=lambda kv: (-kv[1], kv[0]))
    return ConfidentLearning(
        thresholds=[float(t) for t in thresholds],
        confident_joint=cj.tolist(),
        calibrated_joint=[[float(x) for x in r] for r in cal],
        issues=[r for r, _ in ranked],
        margins=[m for _, m in ranked],
    )


def class_order(values_with_counts: dict[str, int]) -> list[str]:
    """Classes largest first, ties by md5 of the class text (the order class_balance uses on the engine)."""
    return sorted(
        values_with_counts, key=lambda v: (-values_with_counts[v], hashlib.md5(v.encode()).hexdigest())
    )


# ---------------------------------------------------------------- on a dataset


def _encode(df, features: list[str], max_levels: int = 250):
    """Features for a tree model: numbers as floats, dates as seconds, text with few levels as categories
    (others dropped); returns the frame and the columns used."""
    import pandas as pd

    out = {}
    for c in features:
        s = df[c]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            out[c] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[c] = (s.astype("int64") / 1e9).where(s.notna())
        else:
            t = s.map(lambda v: None if v is None or pd.isna(v) else str(v))
            if t.nunique(dropna=True) <= max_levels:
                out[c] = pd.Categorical(t)  # missing values become NaN codes, which the model handles
    frame = pd.DataFrame(out, index=df.index)
    return frame, list(frame.columns)


def scan_label_issues(
    engine, table, label: str, features: list[str], cfg, *, where: str, rows: int, text_table=None
):
    """Confident learning on ``table``: from ``cfg.pred_probs`` (a file aligned with the data rows) or from a
    seeded stratified k-fold model on a seeded sample. Returns (LabelIssues | None, notes). ``text_table`` (the
    dataset's all-text view) gives the label as written in the file, to match the probability file's header."""
    import pandas as pd

    from ..engine import sample_rows
    from ..errors import InputError
    from ._result import LabelIssues

    notes: list[str] = []
    numbered = engine.with_row_number(table, "__row")
    if cfg.pred_probs:
        path = cfg.pred_probs
        try:
            probs_df = pd.read_csv(path)
        except FileNotFoundError:
            raise InputError(f"quality.pred_probs: {path}: file not found; check the path") from None
        except Exception as exc:  # one line naming the file, never its content
            raise InputError(
                f"quality.pred_probs: {path}: not a readable CSV ({type(exc).__name__})"
            ) from None
        if len(probs_df) != rows:
            raise InputError(
                f"quality.pred_probs: {path} has {len(probs_df)} rows; the data have {rows} (one row of "
                "probabilities per data row, in data order)"
            )
        probs_df.columns = [str(c).strip() for c in probs_df.columns]
        try:
            probs_all = probs_df.to_numpy(dtype="float64")
        except (TypeError, ValueError):
            raise InputError(
                f"quality.pred_probs: {path}: every cell must be a probability (a number)"
            ) from None
        if not np.isfinite(probs_all).all() or (probs_all < 0).any() or (probs_all > 1).any():
            raise InputError(
                f"quality.pred_probs: {path}: probabilities must be numbers between 0 and 1 (no blanks)"
            )
        src = engine.with_row_number(text_table, "__row") if text_table is not None else numbered
        lab = engine.execute(src.select("__row", __y=src[label].cast("string")).order_by("__row"))
        keep = lab["__y"].notna().to_numpy()
        y_text = lab["__y"][keep].astype(str).str.strip().tolist()
        row_numbers = lab["__row"][keep].astype(int).tolist()
        header = list(probs_df.columns)
        unknown = sorted(set(y_text) - set(header))
        if unknown:
            raise InputError(
                f"quality.pred_probs: {path}: {len(unknown)} label class(es) of '{label}' have no column; the "
                "header must name every class as written in the data"
            )
        counts = pd.Series(y_text).value_counts().to_dict()
        order = class_order({str(k): int(v) for k, v in counts.items()})
        probs = probs_all[keep][:, [header.index(c) for c in order]]
        method, model, sampled = "pred_probs", None, False
    else:
        labelled = numbered.filter(numbered[label].notnull())
        n_lab = engine.count(labelled)
        df = sample_rows(
            engine, labelled, cfg.label_issues_sample, cfg.seed, columns=["__row", *features, label]
        )
        df = df.sort_values("__row", kind="stable").reset_index(drop=True)
        y_all = df[label].astype(str).str.strip()
        counts = y_all.value_counts().to_dict()
        small = {k for k, v in counts.items() if v < cfg.folds}
        if small:
            notes.append(
                f"label_issues: {len(small)} class(es) with fewer than {cfg.folds} sampled rows left out"
            )
            df = df[~y_all.isin(small)].reset_index(drop=True)
            y_all = y_all[~y_all.isin(small)].reset_index(drop=True)
            counts = {k: v for k, v in counts.items() if k not in small}
        if len(counts) < 2:
            notes.append("label_issues: fewer than two classes to learn; not measured")
            return None, notes
        X, used = _encode(df, features)
        if not used:
            notes.append(
                "label_issues: no usable feature column (numbers, dates, text with at most 250 values); not measured"
            )
            return None, notes
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        order = class_order({str(k): int(v) for k, v in counts.items()})
        index = {c: i for i, c in enumerate(order)}
        y = y_all.map(index).to_numpy(dtype=int)
        clf = HistGradientBoostingClassifier(
            categorical_features="from_dtype", random_state=cfg.seed, max_iter=100, early_stopping=False
        )
        cv = StratifiedKFold(n_splits=cfg.folds, shuffle=True, random_state=cfg.seed)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(
            limits=1
        ):  # OpenMP threads oversubscribe a busy machine; one is faster and the same
            probs = cross_val_predict(clf, X, y, cv=cv, method="predict_proba")
        y_text = [order[i] for i in y]
        row_numbers = df["__row"].astype(int).tolist()
        method = "cross_validation"
        model = f"HistGradientBoostingClassifier(max_iter=100), {cfg.folds}-fold stratified, seed {cfg.seed}, {len(used)} features"
        sampled = len(df) < n_lab
    index = {c: i for i, c in enumerate(order)}
    y_idx = np.array([index[v] for v in y_text], dtype=int)
    cl = confident_learning(y_idx, probs)
    n = len(y_idx)
    flagged_rows = [row_numbers[i] for i in cl.issues]
    return LabelIssues(
        method=method,
        model=model,
        rows_examined=n,
        sample=sampled,
        classes=len(order),
        thresholds=[round(t, 6) for t in cl.thresholds],
        confident_joint=cl.confident_joint,
        issues=len(cl.issues),
        rate=round(len(cl.issues) / n, 6) if n else 0.0,
        rows=flagged_rows[: cfg.label_issue_rows],
    ), notes
