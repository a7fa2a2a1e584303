"""Erasure (GDPR Art. 17): a keyed ledger of erasure requests, verification of a release against it, and a
signed deletion receipt. The ledger and the receipt hold no raw personal value (see docs/erasure.md)."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "ErasureKey": "_keys",
    "ErasureResult": "_result",
    "Ledger": "_result",
    "LedgerEntry": "_result",
    "RECEIPT_PREDICATE_TYPE": "_receipt",
    "build_receipt": "_receipt",
    "generate_erasure_key": "_keys",
    "load_erasure_key": "_keys",
    "register_requests": "_register",
    "verify_release": "_verify",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "ErasureKey",
    "ErasureResult",
    "Ledger",
    "LedgerEntry",
    "RECEIPT_PREDICATE_TYPE",
    "build_receipt",
    "generate_erasure_key",
    "load_erasure_key",
    "register_requests",
    "verify_release",
]

if TYPE_CHECKING:  # pragma: no cover
    from ._keys import ErasureKey, generate_erasure_key, load_erasure_key
    from ._receipt import RECEIPT_PREDICATE_TYPE, build_receipt
    from ._register import register_requests
    from ._result import ErasureResult, Ledger, LedgerEntry
    from ._verify import verify_release
