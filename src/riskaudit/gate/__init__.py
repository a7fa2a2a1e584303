"""CI gate: audit, compare with a baseline of accepted findings, fail only on new ones."""

from ._baseline import Baseline, GateResult, compare, finding_key, load_baseline, make_baseline
from ._summary import gate_summary

__all__ = ["Baseline", "GateResult", "compare", "finding_key", "gate_summary", "load_baseline", "make_baseline"]
