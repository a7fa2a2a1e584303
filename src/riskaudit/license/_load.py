"""Load ``license.yaml`` with ``file:line: key: problem`` errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from ..config._loader import format_validation_error
from ..config._yaml import load_yaml_with_lines
from ..errors import ConfigError
from ._model import LicenseTerms
from ._result import LicenseResult

__all__ = ["LicenseResult", "load_license", "license_result"]


def load_license(path: str | Path) -> LicenseTerms:
    p = Path(path)
    data, lines = load_yaml_with_lines(p)
    if not isinstance(data, dict):
        raise ConfigError(f"{p}:1: a license file must be a mapping (parties, dataset, license, ...)")
    data = data.get("license_terms", data)
    try:
        return LicenseTerms.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, p, lines, LicenseTerms)) from None


def license_result(path: str | Path) -> LicenseResult:
    p = Path(path)
    terms = load_license(p)
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    return LicenseResult(path=p.as_posix(), sha256=digest, terms=terms)
