"""Figures for report.html as inline SVG, written directly (no plotting library): deterministic text, no ids
but one hatch pattern, every label XML-escaped. Each figure carries its numbers as text (counts on bars, values
in cells), a ``<title>`` for screen readers, and the same information the matplotlib figures drew before
(docs/scale.md: 14 matplotlib charts took about 3 s of a 20,000-row audit; these take milliseconds)."""

from __future__ import annotations

import math
from html import escape

from .._safe import shown_name

FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'
CHAR_W = 0.58  # average glyph width / font size, for layout only
BLUE, DARK, RED, GREY, PURPLE = "#1f618d", "#154360", "#c0392b", "#555", "#8e44ad"


def _label(text: object, limit: int = 60) -> str:
    """A name or group label on a figure: capped, control characters escaped (then XML-escaped by :func:`_t`)."""
    return shown_name(text, limit)


def _n(x: float) -> str:
    """A coordinate: 2 decimals, no trailing zeros (stable text)."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _t(x: float, y: float, text: str, size: float = 9, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"{extra}>'
        f"{escape(text, quote=False)}</text>"
    )


def _width(text: str, size: float = 9) -> float:
    return len(text) * size * CHAR_W


def _svg(width: float, height: float, title: str, body: list[str], defs: str = "") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" {FONT} fill="#222">'
        f"<title>{escape(title, quote=False)}</title>{defs}" + "".join(body) + "</svg>"
    )


def _nice_ticks(lo: float, hi: float, most: int = 6) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, most - 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9)
    ticks = []
    k = first
    while k * step <= hi + step * 1e-9:
        ticks.append(round(k * step, 12))
        k += 1
    return ticks


def _tick_text(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


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


def class_size_histogram(hist: dict[str, int], k: int) -> str:
    """Classes per size: one bar per size below the threshold (and 2-4 always), integer size labels, a log count
    axis so a handful of classes of size 2 stay visible next to thousands of size 1, and the count on each bar."""
    bins = size_bins(hist, k)
    counts = [c for _, c, _ in bins]
    title = f"Classes by size; hatched red = below k = {k}"
    W, H, left, right, top, bottom = 650.0, 280.0, 62.0, 12.0, 30.0, 48.0
    pw, ph = W - left - right, H - top - bottom
    top_count = max(counts, default=0)
    ymin, ymax = 0.5, max(top_count * 4, 5)
    lmin, lmax = math.log10(ymin), math.log10(ymax)

    def y_of(c: float) -> float:
        return top + ph * (1 - (math.log10(max(c, ymin)) - lmin) / (lmax - lmin))

    body = [
        _t(W / 2, 16, title, 10, "middle", ' font-weight="bold"'),
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(pw)}" height="{_n(ph)}" fill="none" stroke="#333" stroke-width="0.8"/>',
    ]
    p = 0
    while 10**p <= ymax:  # log ticks: 1, 10, 100, ...
        if 10**p >= ymin:
            y = y_of(10**p)
            body.append(
                f'<line x1="{_n(left - 4)}" y1="{_n(y)}" x2="{_n(left)}" y2="{_n(y)}" stroke="#333"/>'
            )
            body.append(_t(left - 6, y + 3, f"{10**p:,}", 8, "end"))
        p += 1
    slot = pw / max(1, len(bins))
    for i, (lab, c, below) in enumerate(bins):
        x = left + slot * i + slot * 0.1
        y = y_of(c) if c > 0 else top + ph
        fill = RED if below else "#2e86c1"
        h = top + ph - y
        body.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.8)}" height="{_n(h)}" fill="{fill}" '
            'stroke="#333" stroke-width="0.5"/>'
        )
        if below and h > 0:
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(slot * 0.8)}" height="{_n(h)}" fill="url(#ra-hatch)"/>'
            )
        cx = x + slot * 0.4
        body.append(_t(cx, y - 3, f"{c:,}", 8, "middle"))
        body.append(_t(cx, top + ph + 13, lab, 9, "middle"))
    body.append(_t(left + pw / 2, H - 10, "equivalence class size (records per class)", 9, "middle"))
    body.append(
        _t(
            14,
            top + ph / 2,
            "classes (log scale)",
            9,
            "middle",
            f' transform="rotate(-90 14 {_n(top + ph / 2)})"',
        )
    )
    defs = (
        '<defs><pattern id="ra-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="1.5"/>'
        "</pattern></defs>"
    )
    return _svg(W, H, title, body, defs)


def risk_distribution(hist: dict[str, int], threshold: float) -> str:
    """Records per prosecutor-risk band (1 / class size), one horizontal bar per band with its count."""
    bands = [
        (1.0, "1 (unique)"),
        (0.5, "0.5"),
        (0.34, "(0.2, 0.34]"),
        (0.2, "(0.1, 0.2]"),
        (0.1, "(0.05, 0.1]"),
        (0.05, "<= 0.05"),
    ]
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
    title = f"Prosecutor risk per record (1/class size); threshold {threshold:g}"
    W, left, right, top, bottom, row = 650.0, 84.0, 60.0, 30.0, 40.0, 28.0
    H = top + bottom + row * len(bands)
    pw = W - left - right
    ticks = _nice_ticks(0, max(max(counts), 1), 6)
    xmax = max(ticks[-1], max(counts), 1)
    body = [
        _t(W / 2, 16, title, 10, "middle", ' font-weight="bold"'),
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(pw)}" height="{_n(row * len(bands))}" fill="none" '
        'stroke="#333" stroke-width="0.8"/>',
    ]
    for v in ticks:
        x = left + pw * v / xmax
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(top + row * len(bands))}" x2="{_n(x)}" y2="{_n(top + row * len(bands) + 4)}" stroke="#333"/>'
        )
        body.append(_t(x, top + row * len(bands) + 15, _tick_text(v), 8, "middle"))
    for i, ((_, name), c) in enumerate(zip(bands, counts, strict=True)):  # highest risk on top
        y = top + row * i
        w = pw * c / xmax
        body.append(
            f'<rect x="{_n(left)}" y="{_n(y + row * 0.15)}" width="{_n(w)}" height="{_n(row * 0.7)}" fill="{PURPLE}"/>'
        )
        body.append(_t(left - 5, y + row / 2 + 3, name, 9, "end"))
        body.append(_t(left + w + 4, y + row / 2 + 3, f"{c:,}", 8))
    body.append(_t(left + pw / 2, H - 8, "records", 9, "middle"))
    return _svg(W, H, title, body)


def intervals(
    title: str,
    names: list[str],
    values: list[float | None],
    lows: list[float | None],
    highs: list[float | None],
    xlabel: str,
    line: float | None = None,
    line_label: str = "",
) -> str:
    """A dot per group with its confidence interval drawn as a bar (groups without an interval get a dot and no
    bar); an optional reference line (e.g. the four-fifths line). Each row also states its value and interval."""
    rows = [
        (n, v, lo, hi)
        for n, v, lo, hi in zip(names, values, lows, highs, strict=True)
        if isinstance(v, int | float)
    ]
    if not rows:
        return ""
    num = (int, float)
    labels = [_label(n) for n, _, _, _ in rows]
    texts = [
        f"{v:.3g}" + (f" [{lo:.3g}, {hi:.3g}]" if isinstance(lo, num) and isinstance(hi, num) else "")
        for _, v, lo, hi in rows
    ]
    xs = [float(x) for _, v, lo, hi in rows for x in (v, lo, hi) if isinstance(x, num) and math.isfinite(x)]
    if line is not None:
        xs.append(float(line))
    lo_x, hi_x = min(xs + [0.0]), max(xs + [1.0])
    ticks = _nice_ticks(lo_x, hi_x, 6)
    lo_x, hi_x = min(lo_x, ticks[0]), max(hi_x, ticks[-1])
    pad = (hi_x - lo_x) * 0.03
    lo_x, hi_x = lo_x - pad, hi_x + pad
    row = 26.0
    left = max(60.0, max(_width(s, 8.5) for s in labels) + 12)
    right = max(90.0, max(_width(s, 7.5) for s in texts) + 12)
    pw, ph = 400.0, row * len(rows)
    W, top, bottom = left + pw + right, 30.0, 44.0
    H = top + bottom + row * len(rows) + (14 if line_label else 0)
    shown_title = _label(title, 200)

    def x_of(v: float) -> float:
        return left + pw * (v - lo_x) / (hi_x - lo_x if hi_x > lo_x else 1.0)

    body = [
        _t(W / 2, 16, shown_title, 10, "middle", ' font-weight="bold"'),
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(pw)}" height="{_n(ph)}" fill="none" stroke="#333" stroke-width="0.8"/>',
    ]
    for v in ticks:
        x = x_of(v)
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(top + ph)}" x2="{_n(x)}" y2="{_n(top + ph + 4)}" stroke="#333"/>'
        )
        body.append(_t(x, top + ph + 15, _tick_text(v), 8, "middle"))
    if line is not None:
        x = x_of(float(line))
        body.append(
            f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(top + ph)}" stroke="{RED}" stroke-width="1" '
            'stroke-dasharray="4 3"/>'
        )
    for i, ((_, v, lo, hi), lab, txt) in enumerate(zip(rows, labels, texts, strict=True)):
        y = top + row * i + row / 2
        if isinstance(lo, num) and isinstance(hi, num):
            x1, x2 = x_of(float(lo)), x_of(float(hi))
            body.append(
                f'<line x1="{_n(x1)}" y1="{_n(y)}" x2="{_n(x2)}" y2="{_n(y)}" stroke="{BLUE}" stroke-width="2"/>'
            )
            for xc in (x1, x2):
                body.append(
                    f'<line x1="{_n(xc)}" y1="{_n(y - 6)}" x2="{_n(xc)}" y2="{_n(y + 6)}" stroke="{BLUE}"/>'
                )
        body.append(f'<circle cx="{_n(x_of(float(v)))}" cy="{_n(y)}" r="3.5" fill="{DARK}"/>')
        body.append(_t(left - 6, y + 3, lab, 8.5, "end"))
        body.append(_t(left + pw + 6, y + 3, txt, 7.5, extra=f' fill="{GREY}"'))
    body.append(_t(left + pw / 2, top + ph + 32, xlabel, 9, "middle"))
    if line is not None and line_label:
        ly = H - 8
        body.append(
            f'<line x1="{_n(left + pw - 150)}" y1="{_n(ly - 3)}" x2="{_n(left + pw - 130)}" y2="{_n(ly - 3)}" '
            f'stroke="{RED}" stroke-dasharray="4 3"/>'
        )
        body.append(_t(left + pw - 126, ly, line_label, 8))
    return _svg(W, H, shown_title, body)


_REDS = [
    (0.0, (255, 245, 240)),
    (0.25, (252, 187, 161)),
    (0.5, (251, 106, 74)),
    (0.75, (203, 24, 29)),
    (1.0, (103, 0, 13)),
]


def _red(v: float) -> str:
    """The colour of prevalence ``v`` in [0, 1] on a white-to-dark-red scale (matplotlib's "Reds", 5 stops)."""
    v = min(1.0, max(0.0, v))
    for (a, ca), (b, cb) in zip(_REDS, _REDS[1:], strict=False):
        if v <= b:
            f = (v - a) / (b - a)
            return "#" + "".join(f"{round(x + (y - x) * f):02x}" for x, y in zip(ca, cb, strict=True))
    return "#67000d"


def pii_heatmap(cols: dict[str, dict[str, float]]) -> str:
    """``cols``: column -> {entity: prevalence}. One cell per column and entity, its share written in the cell."""
    ents = sorted({e for c in cols.values() for e in c})
    names = [n for n, c in cols.items() if c]
    if not ents or not names:
        return ""
    title = "PII entities by column (share of sampled values)"
    labels = [_label(n) for n in names]
    cell_w, cell_h = 38.0, 20.0
    left = max(60.0, max(_width(s, 8.5) for s in labels) + 12)
    bottom = max(_width(e, 8) for e in ents) * 0.87 + 20
    top = 30.0
    pw, ph = cell_w * len(ents), cell_h * len(names)
    W = max(left + pw + 90, 360.0)
    H = top + ph + bottom
    body = [_t(W / 2, 16, title, 10, "middle", ' font-weight="bold"')]
    for r, (n, lab) in enumerate(zip(names, labels, strict=True)):
        y = top + cell_h * r
        body.append(_t(left - 6, y + cell_h / 2 + 3, lab, 8.5, "end"))
        for c, e in enumerate(ents):
            v = float(cols[n].get(e) or 0.0)
            x = left + cell_w * c
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cell_w)}" height="{_n(cell_h)}" fill="{_red(v)}" '
                'stroke="#fff" stroke-width="0.5"/>'
            )
            if v > 0:
                body.append(
                    _t(
                        x + cell_w / 2,
                        y + cell_h / 2 + 3,
                        f"{v:.0%}" if v >= 0.01 else "<1%",
                        7.5,
                        "middle",
                        ' fill="#fff"' if v >= 0.5 else "",
                    )
                )
    for c, e in enumerate(ents):
        x = left + cell_w * c + cell_w / 2
        y = top + ph + 8
        body.append(_t(x, y, e, 8, "end", f' transform="rotate(-60 {_n(x)} {_n(y)})"'))
    # colour bar: 0 to 1
    bx, steps = left + pw + 24, 10
    for i in range(steps):
        v = 1 - (i + 0.5) / steps
        body.append(
            f'<rect x="{_n(bx)}" y="{_n(top + ph * i / steps)}" width="12" height="{_n(ph / steps + 0.5)}" fill="{_red(v)}"/>'
        )
    for v, y in ((1, top), (0.5, top + ph / 2), (0, top + ph)):
        body.append(_t(bx + 16, y + 3, f"{v:g}", 8))
    body.append(
        _t(
            bx + 48,
            top + ph / 2,
            "prevalence",
            8,
            "middle",
            f' transform="rotate(-90 {_n(bx + 48)} {_n(top + ph / 2)})"',
        )
    )
    return _svg(W, H, title, body)
