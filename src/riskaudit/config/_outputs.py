"""What an audit writes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section

Format = Literal["json", "md", "html", "sarif", "junit", "spdx", "croissant"]


class OutputsConfig(Section):
    dir: str | None = Field(None, description="Default: reports/<dataset name>/")
    formats: list[Format] = Field(
        default_factory=lambda: ["json", "md", "html", "sarif", "junit", "spdx", "croissant"]
    )
    timestamp: bool = Field(
        False, description="Put the generation time in the scorecard (breaks byte-identity)."
    )
    salt: str = Field(
        "riskaudit",
        description="Salt for hashed evidence (gate baselines are keyed with a secret key instead: `riskaudit keygen --purpose baseline`).",
    )
