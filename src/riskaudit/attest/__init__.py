"""Signed attestations: in-toto v1 Statement in a DSSE envelope, Ed25519, several signers, offline verify."""

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

__all__ = [
    "PAYLOAD_TYPE", "PREDICATE_TYPE", "STATEMENT_TYPE", "Verification", "build_statement", "cosign_envelope",
    "generate_keypair", "key_id", "load_private_key", "load_public_key", "pae", "sign_scorecard", "verify_envelope",
]
