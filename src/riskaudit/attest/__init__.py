"""Signed attestations: in-toto v1 Statement in a DSSE envelope, Ed25519, several signers, offline verify."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "PAYLOAD_TYPE": "_dsse",
    "PREDICATE_TYPE": "_statement",
    "STATEMENT_TYPE": "_statement",
    "Verification": "_statement",
    "build_statement": "_statement",
    "cosign_envelope": "_statement",
    "generate_keypair": "_keys",
    "key_id": "_keys",
    "load_private_key": "_keys",
    "load_public_key": "_keys",
    "pae": "_dsse",
    "sign_scorecard": "_statement",
    "verify_envelope": "_statement",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "PAYLOAD_TYPE",
    "PREDICATE_TYPE",
    "STATEMENT_TYPE",
    "Verification",
    "build_statement",
    "cosign_envelope",
    "generate_keypair",
    "key_id",
    "load_private_key",
    "load_public_key",
    "pae",
    "sign_scorecard",
    "verify_envelope",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._dsse import PAYLOAD_TYPE, pae
    from ._keys import generate_keypair, key_id, load_private_key, load_public_key
    from ._statement import (
        PREDICATE_TYPE,
        STATEMENT_TYPE,
        Verification,
        build_statement,
        cosign_envelope,
        sign_scorecard,
        verify_envelope,
    )
