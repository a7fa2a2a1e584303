"""Health-plan beneficiary / member numbers (HIPAA I): plan-like prefixes plus digits, or context."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class HealthPlanRecognizer(PatternRecognizer):
    PATTERNS = [
        Pattern("plan prefixed", r"\b(?:HP|HPID|MBR|MEM|MID|INS|BEN|POL)[-:#\s]?\d{6,12}\b", 0.6),
        Pattern("member id shape", r"\b[A-Z]{1,3}\d{8,11}\b", 0.01),  # only counts with plan/member context
    ]
    CONTEXT = ["health plan", "insurance", "member", "beneficiary", "subscriber", "policy", "plan"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="HEALTH_PLAN_ID",
            patterns=self.PATTERNS,
            context=self.CONTEXT,
            supported_language="en",
            name="RiskauditHealthPlanRecognizer",
        )
