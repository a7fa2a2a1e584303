"""Privacy of what is built from the data: synthetic releases (DCR family, DOMIAS-style and Anonymeter-style
attacks) and trained models (membership-inference scores supplied by the user)."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "DcrResult": "_result",
    "DerivedResult": "_result",
    "DomiasResult": "_result",
    "MembershipMetrics": "_result",
    "ModelPrivacyResult": "_result",
    "SynthPrivacyResult": "_result",
    "membership_metrics": "_membership",
    "scan_scores": "_scan",
    "scan_synthetic": "_scan",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "DcrResult",
    "DerivedResult",
    "DomiasResult",
    "MembershipMetrics",
    "ModelPrivacyResult",
    "SynthPrivacyResult",
    "membership_metrics",
    "scan_scores",
    "scan_synthetic",
]

if TYPE_CHECKING:  # pragma: no cover
    from ._membership import membership_metrics
    from ._result import (
        DcrResult,
        DerivedResult,
        DomiasResult,
        MembershipMetrics,
        ModelPrivacyResult,
        SynthPrivacyResult,
    )
    from ._scan import scan_scores, scan_synthetic
