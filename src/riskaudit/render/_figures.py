"""Figures for report.html as inline SVG (matplotlib, Agg backend; deterministic ids, no metadata date)."""

from __future__ import annotations

import functools
import io
import logging
import warnings
from collections.abc import Callable
from typing import Any

import matplotlib

from .._safe import shown_name

matplotlib.use("Agg")
import matplotlib.pyplot as plt

plt.rcParams.update({"svg.hashsalt": "riskaudit", "svg.fonttype": "path", "font.size": 9})


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
    plt.close(fig)
    s = buf.getvalue()
    return s[s.index("<svg"):]


def size_bins(hist: dict[str, int], k: int) -> list[tuple[str, int, bool]]:
    """(label, classes, below k) per bar: every size from 1 to max(k, 5) on its own (sizes 2-4 always shown, even
    with no class), then 5-9, 10-19, 20-49 and 50+ (or the sizes above k in those ranges)."""
    sizes = {int(s): int(c) for s, c in hist.items()}
    single = max(int(k), 5)
    bins: list[tuple[str, int, bool]] = [(str(s), sizes.get(s, 0), s < k) for s in range(1, single)]
    edges = [single, 10, 20, 50]
    edges = sorted({e for e in edges if e >= single})
    for lo, hi in zip(edges, [*edges[1:], None], strict=True):
        n = sum(c for s, c in sizes.items() if s >= lo and (hi is None or s < hi))
        label = f"{lo}+" if hi is None else (str(lo) if hi == lo + 1 else f"{lo}-{hi - 1}")
        bins.append((label, n, lo < k))
    return bins


@_quiet
def class_size_histogram(hist: dict[str, int], k: int) -> str:
    """Classes per size: one bar per size below the threshold (and 2-4 always), integer size labels, a log count
    axis so a handful of classes of size 2 stay visible next to thousands of size 1, and the count on each bar."""
    from matplotlib.ticker import LogLocator, NullFormatter, ScalarFormatter

    bins = size_bins(hist, k)
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    xs = list(range(len(bins)))
    counts = [c for _, c, _ in bins]
    colors = ["#c0392b" if below else "#2e86c1" for _, _, below in bins]
    hatches = ["//" if below else "" for _, _, below in bins]
    bars = ax.bar(xs, [c if c > 0 else 0.0 for c in counts], color=colors, width=0.8, edgecolor="#333", linewidth=0.5)
    for b, h in zip(bars, hatches, strict=True):
        b.set_hatch(h)
    ax.set_xticks(xs, [lab for lab, _, _ in bins])
    if max(counts, default=0) > 0:
        ax.set_yscale("log")  # a class of size 4 next to 19,000 of size 1 stays visible
        ax.yaxis.set_major_locator(LogLocator(base=10))
        ax.yaxis.set_major_formatter(ScalarFormatter())
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylim(0.5, max(counts) * 4)
    for x, c in zip(xs, counts, strict=True):
        ax.annotate(f"{c:,}", (x, max(c, 0.5)), ha="center", va="bottom", fontsize=7, xytext=(0, 1), textcoords="offset points")
    ax.set_xlabel("equivalence class size (records per class)")
    ax.set_ylabel("classes (log scale)")
    ax.set_title(f"Classes by size; hatched red = below k = {k}")
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
    fig, ax = plt.subplots(figsize=(6.5, 2.6))
    ax.barh([b for _, b in bands][::-1], counts[::-1], color="#8e44ad")
    ax.set_xlabel("records")
    ax.set_title(f"Prosecutor risk per record (1/class size); threshold {threshold:g}")
    return _svg(fig)


@_quiet
def intervals(title: str, names: list[str], values: list[float | None], lows: list[float | None],
              highs: list[float | None], xlabel: str, line: float | None = None, line_label: str = "") -> str:
    """A dot per group with its confidence interval drawn as a bar (groups without an interval get a dot and no
    bar, and the x label says so); an optional reference line (e.g. the four-fifths line)."""
    rows = [(n, v, lo, hi) for n, v, lo, hi in zip(names, values, lows, highs, strict=True) if isinstance(v, int | float)]
    if not rows:
        return ""
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(rows) + 1.3))
    ys = list(range(len(rows)))[::-1]
    for y, (_, v, lo, hi) in zip(ys, rows, strict=True):
        if isinstance(lo, int | float) and isinstance(hi, int | float):
            ax.plot([lo, hi], [y, y], color="#1f618d", lw=2, solid_capstyle="butt")
            ax.plot([lo, lo], [y - 0.2, y + 0.2], color="#1f618d", lw=1)
            ax.plot([hi, hi], [y - 0.2, y + 0.2], color="#1f618d", lw=1)
        ax.plot([v], [y], "o", color="#154360", ms=4)
    if line is not None:
        ax.axvline(line, color="#c0392b", ls="--", lw=1, label=line_label or None)
        if line_label:
            ax.legend(loc="lower right", fontsize=7, frameon=False)
    ax.set_yticks(ys, [_label(n) for n, _, _, _ in rows])
    ax.set_xlabel(xlabel)
    ax.set_title(_label(title, 200))
    return _svg(fig)


@_quiet
def pii_heatmap(cols: dict[str, dict[str, float]]) -> str:
    """``cols``: column -> {entity: prevalence}."""
    ents = sorted({e for c in cols.values() for e in c})
    names = [n for n, c in cols.items() if c]
    if not ents or not names:
        return ""
    data = [[(cols[n].get(e) or 0.0) for e in ents] for n in names]
    fig, ax = plt.subplots(figsize=(min(12, 1.0 + 0.55 * len(ents)), 0.32 * len(names) + 1.5))
    im = ax.imshow(data, cmap="Reds", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(ents)), ents, rotation=60, ha="right")
    ax.set_yticks(range(len(names)), [_label(n) for n in names])
    fig.colorbar(im, ax=ax, label="prevalence")
    ax.set_title("PII entities by column (share of sampled values)")
    return _svg(fig)
