"""The whole audit configuration."""

from __future__ import annotations

from pydantic import Field, PrivateAttr

from ._base import Section
from ._bias import BiasConfig
from ._columns import ColumnsConfig
from ._dataset import DatasetConfig, EngineConfig
from ._derived import DerivedConfig
from ._linkage import LinkageConfig
from ._outputs import OutputsConfig
from ._pii import PiiConfig
from ._policy import PolicyConfig
from ._quality import QualityConfig
from ._reident import ReidentConfig


class AuditConfig(Section):
    """Everything an audit needs besides the data. Loaded from YAML by :func:`load_config`."""

    version: int = Field(1, description="Config format version.")
    dataset: DatasetConfig = Field(default_factory=DatasetConfig)
    engine: EngineConfig = Field(default_factory=EngineConfig)
    columns: ColumnsConfig = Field(default_factory=ColumnsConfig)
    pii: PiiConfig = Field(default_factory=PiiConfig)
    reident: ReidentConfig = Field(default_factory=ReidentConfig)
    linkage: LinkageConfig = Field(default_factory=LinkageConfig)
    bias: BiasConfig = Field(default_factory=BiasConfig)
    quality: QualityConfig = Field(default_factory=QualityConfig)
    policy: PolicyConfig = Field(default_factory=PolicyConfig)
    license: str | None = Field(None, description="Path to a license.yaml bound into the scorecard.")
    outputs: OutputsConfig = Field(default_factory=OutputsConfig)
    derived: DerivedConfig = Field(
        default_factory=DerivedConfig,
        description="Privacy of a synthetic release / trained model built from the data.",
    )

    # the YAML file this config was loaded from (set by load_config; not part of the digest)
    _source_path: str | None = PrivateAttr(None)

    @property
    def source_path(self) -> str | None:
        """The YAML file this config came from, for error messages; None when built in Python."""
        return self._source_path
