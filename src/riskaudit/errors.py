"""Errors riskaudit raises on bad input, each carrying one line a person can act on.

Every error names the file, column or key at fault and says what to do. The CLI prints
``error: <message>`` and exits with code 2; it never shows a traceback for these.
"""

from __future__ import annotations

__all__ = [
    "RiskAuditError",
    "InputError",
    "ConfigError",
    "ColumnError",
    "EngineError",
    "MissingExtraError",
    "SignatureError",
]


class RiskAuditError(Exception):
    """Base class: a problem with what the user gave us, stated in one line."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        # Keep the message on one line whatever the cause says.
        super().__init__(" ".join(str(message).split()))

    @property
    def message(self) -> str:
        return str(self)


class InputError(RiskAuditError):
    """The dataset (file, table, DataFrame) cannot be read or is unusable as given."""


class ConfigError(RiskAuditError):
    """A YAML config, policy or license file is invalid."""


class ColumnError(RiskAuditError):
    """A configured column does not exist or cannot be used in its role."""


class EngineError(RiskAuditError):
    """The compute engine could not be started or failed on a query."""


class MissingExtraError(RiskAuditError):
    """An optional dependency is needed: the message says which extra to install."""


class SignatureError(RiskAuditError):
    """An attestation or signature is malformed or does not verify."""

    exit_code = 1
