"""## Derived artefacts: privacy of a synthetic release and of a trained model (issue 18; rows in ``render/_derived_md``)."""

from __future__ import annotations

from .._derived_md import derived_section

__all__ = ["derived_section"]
