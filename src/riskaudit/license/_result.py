"""The license result object (``results.license`` in the scorecard).

Pure pydantic (with the terms model from ``_model``): no file reading here, so the scorecard model imports stay
light. ``_load`` builds it from ``license.yaml`` and re-exports it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._model import LicenseTerms

__all__ = ["LicenseResult"]


class LicenseResult(BaseModel):
    """``results.license``: the terms as loaded, with the digest of the exact file bytes."""

    model_config = ConfigDict(extra="forbid")

    provided: bool = Field(
        True, description="False when the policy checks license terms but no license was given."
    )
    path: str | None = None
    sha256: str | None = Field(None, description="sha256 of the license file bytes.")
    terms: LicenseTerms | None = None

    def summary(self) -> dict | None:
        if self.terms is None:
            return None
        return {"path": self.path, "sha256": self.sha256, **self.terms.summary()}
