"""Audit configuration: YAML validated by pydantic, with errors that name file, line and key."""

from ._audit import AuditConfig
from ._bias import BiasConfig
from ._columns import ColumnsConfig, Role
from ._dataset import DEFAULT_NULL_VALUES, DatasetConfig, EngineConfig, text_cleaning
from ._linkage import LinkageConfig
from ._loader import config_digest, configs_dir, default_config_path, load_config, resolve_policy
from ._outputs import OutputsConfig
from ._pii import PiiConfig
from ._policy import PolicyConfig, RuleConfig
from ._quality import QualityConfig
from ._reident import ReidentConfig

__all__ = [
    "DEFAULT_NULL_VALUES",
    "AuditConfig",
    "BiasConfig",
    "ColumnsConfig",
    "DatasetConfig",
    "EngineConfig",
    "LinkageConfig",
    "OutputsConfig",
    "PiiConfig",
    "PolicyConfig",
    "QualityConfig",
    "ReidentConfig",
    "Role",
    "RuleConfig",
    "config_digest",
    "configs_dir",
    "default_config_path",
    "load_config",
    "resolve_policy",
    "text_cleaning",
]
