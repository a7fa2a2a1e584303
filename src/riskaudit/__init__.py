"""riskaudit: audit a tabular dataset for personal data, re-identification risk and bias before licensing.

The public API::

    from riskaudit import run_audit, load_config
    report = run_audit("data.csv", "my-audit.yaml")
    report.scorecard.verdict, report.scorecard.results.reident.k

Names are imported on first use, so ``import riskaudit`` is cheap.
"""

import logging as _logging
import os as _os
from typing import TYPE_CHECKING

# Presidio's email recognizer uses tldextract, which fetches the Public Suffix List over HTTP unless told
# not to: riskaudit never reaches the network at run time.
_os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from ._lazy import attach
from ._version import __version__
from .errors import ColumnError, ConfigError, InputError, RiskAuditError

_logging.getLogger("riskaudit").addHandler(_logging.NullHandler())

__getattr__, __dir__ = attach(
    __name__,
    {
        "AuditConfig": "config",
        "AuditReport": "audit",
        "Check": "scorecard",
        "Scorecard": "scorecard",
        "load_config": "config",
        "run_audit": "audit",
    },
)

__all__ = [
    "AuditConfig",
    "AuditReport",
    "Check",
    "ColumnError",
    "ConfigError",
    "InputError",
    "RiskAuditError",
    "Scorecard",
    "__version__",
    "load_config",
    "run_audit",
]

if TYPE_CHECKING:  # pragma: no cover
    from .audit import AuditReport, run_audit
    from .config import AuditConfig, load_config
    from .scorecard import Check, Scorecard
