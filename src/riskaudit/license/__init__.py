"""License terms (``license.yaml``) bound into the scorecard and checked against findings."""

from ._load import LicenseResult, license_result, load_license
from ._model import EU_EEA, LicenseTerms

__all__ = ["EU_EEA", "LicenseResult", "LicenseTerms", "license_result", "load_license"]
