"""Keyed watermarks of numeric columns, as Ibis expressions (the engine streams them; nothing is pulled).

Agrawal & Kiernan (VLDB 2002), one least significant "bit" per selected row: F = keyed hash of the virtual
primary key; a row is selected when F mod gamma = 0; F picks the attribute (of the nu declared columns) and
the mark bit. Here the bit is the parity of the value in units of the last kept decimal (``col:decimals``):
a selected value is moved to the neighbouring unit of the right parity, at most one unit away (values with
more decimals than declared are cut to the declared precision, still within one unit). Detection re-selects
the rows, counts parities equal to the keyed bit, and compares with Bin(marks, 1/2).

Continuous columns (``col:~width``, after He et al. 2024): the real line is cut into intervals of ``width``,
each into two halves; the keyed bit names the green half of the row's interval and a value in the red half is
mirrored into the green one (moved by width/2, kept 5 % of a half away from the edges so that float noise
cannot flip it: at most 0.55 width in all). Detection counts values in their green half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from ..errors import ConfigError
from ._keyed import hex_int, keyed_expr, message_expr
from ._result import WatermarkSpec

__all__ = ["parse_watermarks", "Selection", "select", "mark_table", "bits_table", "barrier"]

_EXACT = 1e-6


def parse_watermarks(spec: str | None) -> list[WatermarkSpec]:
    """``total_charges:2,risk_score:~0.01`` -> specs (the column name is everything before the last ':')."""
    out: list[WatermarkSpec] = []
    for item in [s.strip() for s in (spec or "").split(",") if s.strip()]:
        col, sep, arg = item.rpartition(":")
        if not sep or not col:
            raise ConfigError(
                f"--watermark '{item}': give COLUMN:DECIMALS (e.g. total_charges:2) or COLUMN:~WIDTH (e.g. score:~0.01)"
            )
        try:
            if arg.startswith("~"):
                width = float(arg[1:])
                if not (math.isfinite(width) and width > 0):
                    raise ValueError
                out.append(WatermarkSpec(column=col, kind="interval", width=width))
            else:
                dec = int(arg)
                if not 0 <= dec <= 9:
                    raise ValueError
                out.append(WatermarkSpec(column=col, kind="lsb", decimals=dec))
        except ValueError:
            raise ConfigError(
                f"--watermark '{item}': DECIMALS must be an integer 0..9, WIDTH a positive number after '~'"
            ) from None
    cols = [s.column for s in out]
    dup = next((c for c in cols if cols.count(c) > 1), None)
    if dup is not None:
        raise ConfigError(f"--watermark: column '{dup}' given twice; mark each column once")
    return out


@dataclass
class Selection:
    f: ir.StringValue
    selected: ir.BooleanValue
    attribute: ir.IntegerValue
    bit: ir.IntegerValue
    direction: ir.IntegerValue  # +1 or -1


def barrier(table: ir.Table) -> ir.Table:
    """Keep Ibis from inlining this stage's expressions into the next (it does not fuse a SELECT holding an
    impure call): without it every reference repeats the whole expression and the SQL grows exponentially."""
    return table.mutate(__rm_b=ibis.random())


def select(
    table: ir.Table, k: str | ir.StringValue, key_columns: list[str], gamma: int, nu: int
) -> tuple[ir.Table, Selection]:
    """``table`` with the keyed hash (``__rm_f``, computed once per row) and the selection as columns."""
    t = barrier(table.mutate(__rm_f=keyed_expr(k, message_expr(table, key_columns))))
    f = t["__rm_f"]
    t = barrier(
        t.mutate(
            __rm_sel=(hex_int(f, 0) % gamma) == 0,
            __rm_attr=hex_int(f, 8) % max(nu, 1),
            __rm_bit=hex_int(f, 16) % 2,
            __rm_dir=(hex_int(f, 24) % 2) * 2 - 1,
        )
    )
    return t, Selection(
        f=t["__rm_f"],
        selected=t["__rm_sel"],
        attribute=t["__rm_attr"],
        bit=t["__rm_bit"],
        direction=t["__rm_dir"],
    )


def _mod2(v: ir.IntegerValue) -> ir.IntegerValue:
    return ((v % 2) + 2) % 2


def _fmt_units(v: ir.IntegerValue, decimals: int) -> ir.StringValue:
    """Integer ``v`` in units of 10^-decimals as decimal text (``-123``, 2 -> ``-1.23``)."""
    a = v.abs()
    sign = ibis.ifelse(v < 0, ibis.literal("-"), ibis.literal(""))
    if decimals == 0:
        return sign.concat(a.cast("string"))
    scale = 10**decimals
    ip = (a // scale).cast("int64").cast("string")
    fp = (a % scale).cast("int64").cast("string").lpad(decimals, "0")
    return sign.concat(ip, ibis.literal("."), fp)


def _scaled(t: ir.Table, specs: list[WatermarkSpec], names: list[str]) -> ir.Table:
    """Stages shared by marking and detection: ``__rm_s{j}`` = the value in units of the last kept decimal
    (lsb) or the value itself (interval), NULL when unreadable, infinite, NaN or too large to count in."""
    t = barrier(t.mutate(**{f"__rm_x{j}": t[c].strip().try_cast("float64") for j, c in enumerate(names)}))
    upd = {}
    for j, spec in enumerate(specs):
        x = t[f"__rm_x{j}"]
        if spec.kind == "lsb":
            s = x * (10.0 ** int(spec.decimals or 0))
            upd[f"__rm_s{j}"] = ibis.ifelse(s.abs() < 2.0**52, s, ibis.null("float64"))
        else:
            upd[f"__rm_s{j}"] = ibis.ifelse(
                (x / float(spec.width or 1)).abs() < 2.0**50, x, ibis.null("float64")
            )
    return barrier(t.mutate(**upd))


def mark_table(t: ir.Table, specs: list[WatermarkSpec], sel: Selection) -> ir.Table:
    """Adds ``__rm_new{j}`` (the marked text) and ``__rm_hit{j}`` (the cell carries a mark) per declared column."""
    if not specs:
        return t
    t = _scaled(t, specs, [s.column for s in specs])
    upd: dict[str, ir.Value] = {}
    for j, spec in enumerate(specs):
        s = t[f"__rm_s{j}"]
        if spec.kind == "lsb":
            upd[f"__rm_ri{j}"] = s.round().cast("int64")
            upd[f"__rm_fi{j}"] = s.floor().cast("int64")
            upd[f"__rm_ex{j}"] = (s - s.round()).abs() <= _EXACT
        else:
            w = float(spec.width or 0.0)
            k = (s / w).floor()
            upd[f"__rm_k{j}"] = k
            upd[f"__rm_off{j}"] = (s - k * w) / (w / 2)  # position in [0, 2): which half, and where in it
    t = barrier(t.mutate(**upd))
    upd = {}
    for j, spec in enumerate(specs):
        if spec.kind == "lsb":
            ri, fi, ex = t[f"__rm_ri{j}"], t[f"__rm_fi{j}"], t[f"__rm_ex{j}"]
            step = ibis.ifelse(ri == 0, 1, sel.direction)  # never turn a zero negative
            upd[f"__rm_v{j}"] = ibis.ifelse(
                ex,
                ibis.ifelse(_mod2(ri) == sel.bit, ri, ri + step),
                ibis.ifelse(_mod2(fi) == sel.bit, fi, fi + 1),
            )
        else:
            off = t[f"__rm_off{j}"]
            upd[f"__rm_h{j}"] = off.floor().clip(0, 1)
    t = barrier(t.mutate(**upd))
    upd = {}
    for j, spec in enumerate(specs):
        col = t[spec.column]
        hit = sel.selected & (sel.attribute == j) & t[f"__rm_s{j}"].notnull()
        if spec.kind == "lsb":
            d = int(spec.decimals or 0)
            v, ri, ex = t[f"__rm_v{j}"], t[f"__rm_ri{j}"], t[f"__rm_ex{j}"]
            upd[f"__rm_new{j}"] = ibis.ifelse(ex & (v == ri), col, _fmt_units(v, d))
        else:
            w = float(spec.width or 0.0)
            h, off, k = t[f"__rm_h{j}"], t[f"__rm_off{j}"], t[f"__rm_k{j}"]
            inner = off - h
            u = inner.clip(0.05, 0.95)
            keep = (h.cast("int64") == sel.bit) & (inner >= 0.05) & (inner <= 0.95)
            y = k * w + (sel.bit.cast("float64") + u) * (w / 2)
            upd[f"__rm_new{j}"] = ibis.ifelse(keep, col, y.round(12).cast("string"))
        upd[f"__rm_hit{j}"] = hit
    return barrier(t.mutate(**upd))


def bits_table(t: ir.Table, specs: list[WatermarkSpec], present: list[bool]) -> ir.Table:
    """Adds ``__rm_bit{j}``: the bit a suspect's cell carries (parity in units of the last kept decimal, or
    its half-interval); NULL when the cell is unreadable or the column absent."""
    names = [s.column if ok else None for s, ok in zip(specs, present, strict=True)]
    t = barrier(
        t.mutate(
            **{
                f"__rm_x{j}": (t[c].strip().try_cast("float64") if c else ibis.null("float64"))
                for j, c in enumerate(names)
            }
        )
    )
    upd = {}
    for j, spec in enumerate(specs):
        x = t[f"__rm_x{j}"]
        if spec.kind == "lsb":
            s = x * (10.0 ** int(spec.decimals or 0))
            upd[f"__rm_s{j}"] = ibis.ifelse(s.abs() < 2.0**52, s, ibis.null("float64"))
        else:
            upd[f"__rm_s{j}"] = ibis.ifelse(
                (x / float(spec.width or 1)).abs() < 2.0**50, x, ibis.null("float64")
            )
    t = barrier(t.mutate(**upd))
    upd = {}
    for j, spec in enumerate(specs):
        s = t[f"__rm_s{j}"]
        if spec.kind == "lsb":
            upd[f"__rm_bit{j}"] = _mod2(s.round().cast("int64"))
        else:
            w = float(spec.width or 0.0)
            upd[f"__rm_bit{j}"] = ((s - (s / w).floor() * w) / (w / 2)).floor().clip(0, 1).cast("int64")
    return barrier(t.mutate(**upd))
