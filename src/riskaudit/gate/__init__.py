"""CI gate: audit, compare with a baseline of accepted findings, fail only on new ones."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "Baseline": "_baseline",
    "BaselineKey": "_baseline",
    "DatasetIdentity": "_baseline",
    "GateResult": "_baseline",
    "check_identity": "_baseline",
    "compare": "_baseline",
    "finding_key": "_baseline",
    "gate_summary": "_summary",
    "generate_baseline_key": "_baseline",
    "identity_warnings": "_baseline",
    "load_baseline": "_baseline",
    "load_baseline_key": "_baseline",
    "make_baseline": "_baseline",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "Baseline",
    "BaselineKey",
    "DatasetIdentity",
    "GateResult",
    "check_identity",
    "compare",
    "finding_key",
    "gate_summary",
    "generate_baseline_key",
    "identity_warnings",
    "load_baseline",
    "load_baseline_key",
    "make_baseline",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._baseline import (
        Baseline,
        BaselineKey,
        DatasetIdentity,
        GateResult,
        check_identity,
        compare,
        finding_key,
        generate_baseline_key,
        identity_warnings,
        load_baseline,
        load_baseline_key,
        make_baseline,
    )
    from ._summary import gate_summary
