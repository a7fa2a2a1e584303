"""Policy: which checks run and their warn/fail thresholds."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from ._base import Section


class RuleConfig(Section):
    """Thresholds of one rule. Extra keys are rule parameters."""

    model_config = ConfigDict(extra="allow")

    enabled: bool = True
    warn: float | None = None
    fail: float | None = None
    source: str | None = Field(None, description="Where the rule comes from (law, guidance).")
    severity: Literal["critical", "high", "medium", "low"] | None = Field(
        None,
        description="How much a finding of this rule matters; orders the worst findings (unset: medium).",
    )


class PolicyConfig(Section):
    name: str = "inline"
    extends: list[str] = Field(
        default_factory=list,
        description="Policy packs (names of the packs shipped in riskaudit/configs/policies, or paths) to build on.",
    )
    description: str | None = None
    rules: dict[str, RuleConfig] = Field(default_factory=dict)
    require_measured: list[str] = Field(
        default_factory=list,
        description="Rule ids that must be measured: their not_measured checks become fail, with the reason. "
        "Packs add to the list of the packs they extend.",
    )

    def rule(self, rule_id: str) -> RuleConfig | None:
        return self.rules.get(rule_id)

    def params(self, rule_id: str) -> dict[str, Any]:
        r = self.rules.get(rule_id)
        return dict(r.model_extra or {}) if r else {}
