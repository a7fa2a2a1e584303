"""The label (and decision) as engine expressions: binary, multi-class (one-vs-rest) or numeric with a threshold."""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir

from ..config import BiasConfig
from ..engine import Engine
from ..errors import ColumnError
from ._counts import W, rebind

__all__ = ["LabelSpec", "label_spec", "decision_expr", "shown_label_value", "MAX_SHOWN_LABEL"]

_PAIRS = [
    ({"0", "1"}, "1"),
    ({"0.0", "1.0"}, "1.0"),
    ({"false", "true"}, "true"),
    ({"no", "yes"}, "yes"),
    ({"n", "y"}, "y"),
    ({"f", "t"}, "t"),
]


@dataclass
class LabelSpec:
    column: str
    kind: str  # binary | multiclass | numeric
    positive: str  # value, or ">= t" for numeric
    expr: ir.Value  # binary/numeric: int 0/1 (null kept); multiclass: the class as text (null kept)
    classes: list[str] = field(default_factory=list)
    #: what reports show for ``positive`` and ``classes`` (:func:`shown_label_value`); the raw values stay in memory
    positive_shown: str = ""
    classes_shown: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.positive_shown:
            self.positive_shown = self.positive
        if not self.classes_shown:
            self.classes_shown = list(self.classes)


_CODES = frozenset(v for pair, _ in _PAIRS for v in pair)
#: a label value longer than this is never shown verbatim
MAX_SHOWN_LABEL = 24


def shown_label_value(
    value: str,
    rank: int | None,
    count: int | None,
    min_count: int,
    *,
    noun: str = "label value",
    max_len: int = MAX_SHOWN_LABEL,
) -> str:
    """How a label value (the positive value, a class) appears in reports, messages and the scorecard.

    Shown verbatim only when it is a short code: at most ``MAX_SHOWN_LABEL`` characters, no control or
    invisible character, not flagged as a personal value by the PII recognisers (``engine._header.personal_value``:
    SSN, e-mail, phone, name, date...) and, when its count is known, held by at least ``min_count`` rows
    (bias.min_group_size: a rare label value can single a person out). The usual binary codes (0/1,
    true/false, yes/no, y/n, t/f) are always shown. Otherwise the value is masked and named by its rank among
    the label's values (most frequent first): ``<label value 3, masked>``. The raw value is never hashed into
    an output (a hash of a short value is a lookup away from the value).

    The same rule names the groups of a protected attribute (``bias._shown``): ``noun`` is then
    ``"race group"`` and ``max_len`` longer, so standard census categories stay readable."""
    from .._safe import term
    from ..engine._header import personal_value

    v = str(value)
    if v.lower() in _CODES:
        return v  # 0/1, true/false, yes/no, y/n, t/f
    ok = (
        len(v) <= max_len
        and term(v) == v
        and personal_value(v) is None
        and (count is None or count >= min_count)
    )
    if ok:
        return v
    return f"<{noun} {rank}, masked>" if rank else f"<{noun}, masked>"


def _text(v: ir.Value) -> ir.StringValue:
    s = v.cast("string").strip()
    return ibis.ifelse(s == "", ibis.null("string"), s)


def _default_positive(values: set[str]) -> str | None:
    low = {v.lower(): v for v in values}
    for pair, pos in _PAIRS:
        if set(low) == pair or set(low) == {pos}:
            return low[pos]
    return None


def _distinct(
    engine: Engine,
    v: ir.StringValue,
    limit: int,
    table: ir.Table | None = None,
    counts: ir.Table | None = None,
) -> list[tuple[str, int]]:
    """The ``limit + 1`` most frequent non-null values of ``v`` with their row counts; from ``counts`` (the
    key-count table, bias/_counts.py) when given, ``v`` being built on ``table``."""
    if counts is not None and table is not None:
        t = counts.select(__v=rebind(v, table, counts), __w=counts[W])
        f = t.filter(t["__v"].notnull())
        agg = f.group_by("__v").aggregate(__n=f["__w"].sum())
    else:
        t = v.name("__v").as_table()
        f = t.filter(t["__v"].notnull())
        agg = f.group_by("__v").aggregate(__n=f.count())
    df = engine.execute(agg.order_by([ibis.desc("__n"), "__v"]).limit(limit + 1))
    return [(str(a), int(b)) for a, b in zip(df["__v"], df["__n"], strict=True)]


def _counts_only(top: list[tuple[str, int]], limit: int = 5) -> str:
    """'2 distinct values, with 6,012 and 5,988 rows': counts, never the values (they may be personal data)."""
    shown = [f"{n:,}" for _, n in top[:limit]]
    more = f" (the {limit} largest)" if len(top) > limit else ""
    joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{len(top) if len(top) <= limit else f'more than {limit}'} distinct value{'s' if len(top) != 1 else ''}, with {joined} rows{more}"


def _refuse_unjudgeable(
    engine: Engine,
    text: ir.StringValue,
    column: str,
    role: str,
    positive: str | None,
    table: ir.Table | None = None,
    counts: ir.Table | None = None,
) -> None:
    """A label that cannot be judged is an input error (exit 2), never all-zero rates: a positive value that does not
    occur, or a single value. The message gives counts only."""
    top = _distinct(engine, text, 5, table, counts)
    if not top:
        raise ColumnError(f"{role} column '{column}' holds no values; choose another column")
    if positive is not None:
        if counts is not None and table is not None:
            t = counts.select(__v=rebind(text, table, counts), __w=counts[W])
            hits = int(engine.execute(t.filter(t["__v"] == str(positive))["__w"].sum().coalesce(0)))
        else:
            t = text.name("__v").as_table()
            hits = int(engine.execute(t.filter(t["__v"] == str(positive)).count()))
        if hits == 0:
            raise ColumnError(
                f"{role} column '{column}': the positive value given (--positive / columns.positive_label) does not occur; "
                f"the column has {_counts_only(top)}; pass one of its values"
            )
    if len(top) == 1:
        raise ColumnError(
            f"{role} column '{column}' holds a single value ({top[0][1]:,} rows): an outcome with one value cannot be "
            "judged; choose a column with at least two values"
        )


def label_spec(
    engine: Engine,
    table: ir.Table,
    column: str,
    positive: str | None,
    config: BiasConfig,
    *,
    role: str = "label",
    counts: ir.Table | None = None,
) -> LabelSpec:
    """The label's coding, its expressions built on ``table``; value counts from ``counts`` (the key-count
    table of bias/_counts.py) when given."""
    if column not in table.columns:
        raise ColumnError(
            f"{role} column '{column}' is not a column of the dataset; check columns.{role} / --{role}"
        )
    v = table[column]
    text = _text(v)
    _refuse_unjudgeable(engine, text, column, role, positive, table, counts)
    if positive is not None:
        y = ibis.ifelse(text.isnull(), ibis.null("int64"), ibis.ifelse(text == str(positive), 1, 0))
        return LabelSpec(
            column, "binary", str(positive), y, positive_shown=shown_label_value(str(positive), None, None, 0)
        )
    top = _distinct(engine, text, max(config.max_classes, 2), table, counts)
    rank = {a: (i, n) for i, (a, n) in enumerate(top, start=1)}

    def shown(value: str) -> str:
        i, n = rank.get(value, (None, None))
        return shown_label_value(value, i, n, config.min_group_size)

    if not top:
        raise ColumnError(f"{role} column '{column}' holds no values; choose another column")
    dtype = v.type()
    if dtype.is_numeric() and not dtype.is_boolean() and len(top) > 2:
        from .._quantiles import exact_quantiles, float_literal

        th = config.label_threshold
        if th is None:
            th = exact_quantiles(engine, table, {"median": (v, [0.5])})["median"][0]
        # the threshold as an exact double (a bare literal parses as DECIMAL and may miss it by one ulp, which
        # would label the rows equal to the median 0)
        y = ibis.ifelse(
            v.isnull(), ibis.null("int64"), ibis.ifelse(v.cast("float64") >= float_literal(float(th)), 1, 0)
        )
        return LabelSpec(column, "numeric", f">= {th:g}", y)
    values = {a for a, _ in top}
    if len(values) <= 2:
        pos = _default_positive(values)
        if pos is None:
            raise ColumnError(
                f"{role} column '{column}' has two values but no obvious positive one; "
                f"name the favourable value with --positive or columns.positive_label"
            )
        y = ibis.ifelse(text.isnull(), ibis.null("int64"), ibis.ifelse(text == pos, 1, 0))
        return LabelSpec(column, "binary", pos, y, positive_shown=shown(pos))
    classes = [a for a, _ in top[: config.max_classes]]
    return LabelSpec(
        column, "multiclass", "one-vs-rest", text, classes, classes_shown=[shown(c) for c in classes]
    )


def decision_expr(
    engine: Engine,
    table: ir.Table,
    prediction: str | None,
    score: str | None,
    positive: str | None,
    config: BiasConfig,
    *,
    counts: ir.Table | None = None,
) -> tuple[ir.Value | None, str | None]:
    """The model decision as int 0/1 (null kept): the prediction column, else score >= bias.score_threshold."""
    if prediction:
        if positive is not None:
            text = _text(table[prediction]) if prediction in table.columns else None
            if text is not None:
                vals = {a for a, _ in _distinct(engine, text, 50, table, counts)}
                if str(positive) in vals:
                    return ibis.ifelse(
                        text.isnull(), ibis.null("int64"), ibis.ifelse(text == str(positive), 1, 0)
                    ), prediction
        spec = label_spec(engine, table, prediction, None, config, role="prediction", counts=counts)
        if spec.kind != "binary":
            raise ColumnError(
                f"prediction column '{prediction}' is not binary; pass the decision (0/1) or use --score with bias.score_threshold"
            )
        return spec.expr, prediction
    if score:
        if score not in table.columns:
            raise ColumnError(
                f"score column '{score}' is not a column of the dataset; check columns.score / --score"
            )
        s = table[score].cast("float64")
        return ibis.ifelse(
            s.isnull(), ibis.null("int64"), ibis.ifelse(s >= config.score_threshold, 1, 0)
        ), f"{score} >= {config.score_threshold:g}"
    return None, None
