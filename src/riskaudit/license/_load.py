"""Load ``license.yaml`` with ``file:line: key: problem`` errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config._loader import format_validation_error
from ..config._yaml import load_yaml_with_lines
from ..errors import ConfigError
from ._model import LicenseTerms

__all__ = ["LicenseResult", "load_license", "license_result"]


class LicenseResult(BaseModel):
    """``results.license``: the terms as loaded, with the digest of the exact file bytes."""

    model_config = ConfigDict(extra="forbid")

    provided: bool = Field(True, description="False when the policy checks license terms but no license was given.")
    path: str | None = None
    sha256: str | None = Field(None, description="sha256 of the license file bytes.")
    terms: LicenseTerms | None = None

    def summary(self) -> dict | None:
        if self.terms is None:
            return None
        return {"path": self.path, "sha256": self.sha256, **self.terms.summary()}


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
