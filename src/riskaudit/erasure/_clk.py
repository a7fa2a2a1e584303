"""Cryptographic long-term keys (CLKs): keyed bigram Bloom filters (Schnell, Bachteler & Reiher 2009).

Each normalised name field is padded with one blank on each side and cut into its set of bigrams; a token is
the field's position, ``:`` and the bigram (so equal bigrams of different fields set different bits). Every
token sets ``k`` bits of an ``l``-bit filter by keyed double hashing:
``g_i = (h1 + i * h2) mod l`` for ``i = 0..k-1``, with ``h1``/``h2`` the integers of HMAC-SHA256 of the token
under the sub-keys ``clk-1`` and ``clk-2`` (big-endian). Defaults ``l = 1000``, ``k = 30`` (the paper's).
Similarity is the Dice coefficient of the bit sets, ``2 |A & B| / (|A| + |B|)``.
"""

from __future__ import annotations

import base64
import hmac

__all__ = ["bigrams", "clk_bits", "encode", "decode", "dice"]


def bigrams(text: str, n: int = 2) -> set[str]:
    padded = " " + text + " "
    return {padded[i : i + n] for i in range(len(padded) - n + 1)}


def clk_bits(fields: list[str | None], h1: bytes, h2: bytes, bits: int, k: int, n: int = 2) -> int:
    """The CLK of ``fields`` as an integer; ``h1``/``h2``: the ``clk-1``/``clk-2`` sub-keys."""
    value = 0
    for pos, text in enumerate(fields):
        if not text:
            continue
        for gram in sorted(bigrams(text, n)):
            token = f"{pos}:{gram}".encode()
            x = int.from_bytes(hmac.digest(h1, token, "sha256"), "big")
            y = int.from_bytes(hmac.digest(h2, token, "sha256"), "big")
            for i in range(k):
                value |= 1 << ((x + i * y) % bits)
    return value


def encode(value: int, bits: int) -> str:
    # filter bit g is bit g of the integer (least significant first), written big-endian in ceil(l/8) bytes
    nbytes = (bits + 7) // 8
    return base64.b64encode(value.to_bytes(nbytes, "big")).decode("ascii")


def decode(text: str) -> int:
    return int.from_bytes(base64.b64decode(text), "big")


def dice(a: int, b: int) -> float:
    total = a.bit_count() + b.bit_count()
    return 2 * (a & b).bit_count() / total if total else 0.0
