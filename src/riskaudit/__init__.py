"""riskaudit: audit a tabular dataset for personal data, re-identification risk and bias before licensing.

The public API::

    from riskaudit import run_audit, load_config
    report = run_audit("data.csv", "configs/default.yaml")
    report.scorecard.verdict, report.scorecard.results.reident.k
"""

import logging as _logging
import os as _os

# Presidio's email recognizer uses tldextract, which fetches the Public Suffix List over HTTP unless told
# not to: riskaudit never reaches the network at run time.
_os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from ._version import __version__  # noqa: E402
from .audit import AuditReport, run_audit  # noqa: E402
from .config import AuditConfig, load_config  # noqa: E402
from .errors import ColumnError, ConfigError, InputError, RiskAuditError  # noqa: E402
from .scorecard import Check, Scorecard  # noqa: E402

_logging.getLogger("riskaudit").addHandler(_logging.NullHandler())

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
