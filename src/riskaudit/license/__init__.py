"""License terms (``license.yaml``) bound into the scorecard and checked against findings."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "EU_EEA": "_model",
    "LicenseResult": "_result",
    "LicenseTerms": "_model",
    "license_result": "_load",
    "load_license": "_load",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = ["EU_EEA", "LicenseResult", "LicenseTerms", "license_result", "load_license"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._load import license_result, load_license
    from ._model import EU_EEA, LicenseTerms
    from ._result import LicenseResult
