"""CI gate: audit, compare with a baseline of accepted findings, fail only on new ones."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "Baseline": "_baseline",
    "GateResult": "_baseline",
    "compare": "_baseline",
    "finding_key": "_baseline",
    "gate_summary": "_summary",
    "load_baseline": "_baseline",
    "make_baseline": "_baseline",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = ['Baseline', 'GateResult', 'compare', 'finding_key', 'gate_summary', 'load_baseline', 'make_baseline']

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._baseline import Baseline, GateResult, compare, finding_key, load_baseline, make_baseline
    from ._summary import gate_summary
