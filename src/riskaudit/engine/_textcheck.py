"""One streaming pass over an input file: its sha256, and the text checks the engines cannot be trusted with.

DuckDB fails with an internal error (not a clean message) on invalid UTF-8 met past its sniffing sample, and
crashes the process on JSON nested tens of thousands of levels deep; Ibis's type parser overflows Python's
recursion limit on a few thousand. The digest pass already reads every byte, so it checks both on the way:
the bytes decode as UTF-8 (for UTF-8 text input) and no JSON Lines record nests deeper than
:data:`MAX_JSON_DEPTH`. Errors give the line number, never the bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import numpy as np

from ..errors import InputError

__all__ = ["MAX_JSON_DEPTH", "digest_and_check"]

#: deepest nesting accepted in a JSON Lines record (tabular data nests a few levels; DuckDB crashes near 30,000)
MAX_JSON_DEPTH = 1000
_CHUNK = 1 << 20
_JSON_STRING = re.compile(rb'"(?:[^"\\\n]|\\.)*"')
_OPEN = np.zeros(256, dtype=np.int32)
_OPEN[[ord("{"), ord("[")]] = 1
_OPEN[[ord("}"), ord("]")]] = -1


def _max_depth(block: bytes) -> tuple[int, int]:
    """(deepest nesting in any line of ``block`` (whole lines, strings removed), index of that line)."""
    b = np.frombuffer(block, dtype=np.uint8)
    depth = np.cumsum(_OPEN[b], dtype=np.int64)
    newline = b == 10
    line = np.cumsum(newline)  # a newline starts the next line
    base = np.concatenate(([0], depth[newline]))
    rel = depth - base[line]
    at = int(np.argmax(rel))
    return int(rel[at]), int(line[at])


def digest_and_check(path: Path, *, utf8: bool, jsonl: bool) -> str:
    """sha256 of ``path``'s bytes; with ``utf8`` also check they decode as UTF-8, with ``jsonl`` also check
    the nesting depth of every line. Raise :class:`InputError` naming the line on failure."""
    h = hashlib.sha256()
    dec = codecs.getincrementaldecoder("utf-8-sig")() if utf8 else None
    lines_before = 0
    with open(path, "rb") as f:
        while block := f.read(_CHUNK):
            if jsonl and not block.endswith(b"\n"):
                block += f.readline()  # whole lines: a JSON string never spans lines
            h.update(block)
            if dec is not None:
                try:
                    dec.decode(block)
                except UnicodeDecodeError as exc:
                    pending = exc.object[
                        : exc.start
                    ]  # what the decoder held over plus this block, up to the error
                    line = lines_before + pending.count(b"\n") + 1
                    what = (
                        "JSON Lines must be UTF-8; re-save the file as UTF-8"
                        if jsonl
                        else ("set dataset.encoding: latin-1 (or re-save the file as UTF-8)")
                    )
                    raise InputError(f"{path}: not valid UTF-8 on line {line:,}; {what}") from None
            if jsonl and block.count(b"{") + block.count(b"[") > MAX_JSON_DEPTH:
                depth, line = _max_depth(_JSON_STRING.sub(b"", block))
                if depth > MAX_JSON_DEPTH:
                    raise InputError(
                        f"{path}: line {lines_before + line + 1:,}: a record nests deeper than {MAX_JSON_DEPTH} "
                        "levels; flatten the records (riskaudit audits tabular data)"
                    )
            lines_before += block.count(b"\n")
    if dec is not None:
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(
                f"{path}: not valid UTF-8 at the end of the file (a truncated character); "
                "re-save the file as UTF-8"
            ) from None
    return h.hexdigest()
