"""Figures for report.html as inline SVG (matplotlib, Agg backend; deterministic ids, no metadata date)."""

from __future__ import annotations

import functools
import io
import logging
import warnings
from collections.abc import Callable
from typing import Any

from .._safe import shown_name


@functools.cache
def _pyplot() -> Any:
    """matplotlib.pyplot, imported on the first figure (about 0.6 s: not paid by `riskaudit --help` or a JSON-only run)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "riskaudit", "svg.fonttype": "path", "font.size": 9})
    return plt


def _label(text: object, limit: int = 60) -> str:
    """A name or group label on a figure: capped, control characters escaped, ``$`` not read as mathtext
    (the SVG also carries the text in a comment)."""
    return shown_name(text, limit).replace("$", r"\$")


def _quiet(fn: Callable[..., str]) -> Callable[..., str]:
    """No matplotlib warning or log line during a figure (a missing-glyph warning quotes a character of a
    group label or column name)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        log = logging.getLogger("matplotlib")
        level = log.level
        log.setLevel(logging.CRITICAL + 1)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return fn(*args, **kwargs)
        finally:
            log.setLevel(level)

    return wrapper


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    _pyplot().close(fig)
    s = buf.getvalue()
    return s[s.index("<svg"):]


@_quiet
def class_size_histogram(hist: dict[str, int], k: int) -> str:
    sizes = sorted((int(s), c) for s, c in hist.items())
    fig, ax = _pyplot().subplots(figsize=(6.5, 2.8))
    xs = [min(s, 50) for s, _ in sizes]
    agg: dict[int, int] = {}
    for x, (_, c) in zip(xs, sizes, strict=True):
        agg[x] = agg.get(x, 0) + c
    ax.bar(list(agg), list(agg.values()), color=["#c0392b" if x < k else "#2e86c1" for x in agg], width=0.8)
    ax.axvline(k - 0.5, color="#555", ls="--", lw=1)
    ax.set_xlabel("equivalence class size (50 = 50 or more)")
    ax.set_ylabel("classes")
    ax.set_title(f"Class-size histogram (red: below k={k})")
    return _svg(fig)


@_quiet
def risk_distribution(hist: dict[str, int], threshold: float) -> str:
    bands = [(1.0, "1 (unique)"), (0.5, "0.5"), (0.34, "(0.2, 0.34]"), (0.2, "(0.1, 0.2]"), (0.1, "(0.05, 0.1]"), (0.05, "<= 0.05")]
    counts = [0] * len(bands)
    for s, c in hist.items():
        r = 1.0 / int(s)
        idx = len(bands) - 1
        for i, (lo, _) in enumerate(bands):
            nxt = bands[i + 1][0] if i + 1 < len(bands) else 0
            if nxt < r <= lo + 1e-12:
                idx = i
                break
        counts[idx] += int(s) * c
    fig, ax = _pyplot().subplots(figsize=(6.5, 2.6))
    ax.barh([b for _, b in bands][::-1], counts[::-1], color="#8e44ad")
    ax.set_xlabel("records")
    ax.set_title(f"Prosecutor risk per record (1/class size); threshold {threshold:g}")
    return _svg(fig)


@_quiet
def group_rates(title: str, groups: list[dict]) -> str:
    names, rates, lo, hi = [], [], [], []
    for g in groups:
        r = g.get("base_rate", g.get("rate", g.get("selection_rate")))
        if not isinstance(r, int | float):
            continue
        ci = g.get("base_rate_ci") or g.get("ci") or [g.get("ci_low"), g.get("ci_high")]
        if isinstance(ci, dict):
            ci = [ci.get("low", ci.get("lo")), ci.get("high", ci.get("hi"))]
        a, b = (ci + [None, None])[:2] if isinstance(ci, list) else (None, None)
        names.append(_label(g.get("group")))
        rates.append(float(r))
        lo.append(float(r) - float(a) if isinstance(a, int | float) else 0.0)
        hi.append(float(b) - float(r) if isinstance(b, int | float) else 0.0)
    if not names:
        return ""
    fig, ax = _pyplot().subplots(figsize=(6.5, 0.35 * len(names) + 1.2))
    ax.errorbar(rates, range(len(names)), xerr=[lo, hi], fmt="o", color="#1f618d", capsize=3)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("rate (with confidence interval)")
    ax.set_title(_label(title, 200))
    return _svg(fig)


@_quiet
def pii_heatmap(cols: dict[str, dict]) -> str:
    ents = sorted({e for c in cols.values() for e in c["entities"]})
    names = [n for n, c in cols.items() if c["entities"]]
    if not ents or not names:
        return ""
    data = [[(cols[n]["entities"].get(e) or 0.0) for e in ents] for n in names]
    fig, ax = _pyplot().subplots(figsize=(min(12, 1.0 + 0.55 * len(ents)), 0.32 * len(names) + 1.5))
    im = ax.imshow(data, cmap="Reds", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(ents)), ents, rotation=60, ha="right")
    ax.set_yticks(range(len(names)), [_label(n) for n in names])
    fig.colorbar(im, ax=ax, label="prevalence")
    ax.set_title("PII entities by column (share of sampled values)")
    return _svg(fig)
