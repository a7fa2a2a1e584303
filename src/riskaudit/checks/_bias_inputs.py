"""What the bias rules share (not a rule module): which column judged a check, and why a check is not measured."""

from __future__ import annotations

import hashlib


def decision_role(r) -> str:
    """``decision`` when the model's decision is a prediction column, ``score`` when it is a score above its threshold."""
    return "decision" if r.prediction else "score"


def class_facet(value: str) -> str:
    """A stable facet for one class of a multi-class label that does not spell the class out."""
    return "class:" + hashlib.sha256(str(value).encode()).hexdigest()[:12]


def label_missing_reason(r) -> str | None:
    """Why the label cannot be judged as a binary outcome, or None when it can."""
    if not r.label:
        return "no label configured (columns.label)"
    if r.label_kind == "multiclass":
        return "the label is multi-class: name the favourable class with columns.positive_label (--positive)"
    return None


def decision_missing_reason(r) -> str | None:
    if not r.prediction and not r.score:
        return "no model decision configured (columns.prediction or columns.score)"
    return None
