"""Release-to-release comparison (``riskaudit diff``): two scorecards compared measure by measure and check by
check, with schema changes and optional per-column drift. Pure functions over the scorecard models; only
:func:`column_drift` touches an engine."""

from typing import TYPE_CHECKING

from .._lazy import attach

_NAMES = {
    "Change": "_model",
    "ColumnDrift": "_model",
    "DiffResult": "_model",
    "ReleaseInfo": "_model",
    "SchemaChange": "_model",
    "MEASURES": "_measures",
    "Measure": "_measures",
    "measure_values": "_measures",
    "Tolerance": "_tolerance",
    "load_tolerance": "_tolerance",
    "compare_scorecards": "_compare",
    "schema_changes": "_compare",
    "column_drift": "_drift",
    "psi": "_drift",
    "jensen_shannon": "_drift",
    "wasserstein": "_drift",
    "sturges_bins": "_drift",
    "load_release": "_release",
    "diff_releases": "_release",
}
__getattr__, __dir__ = attach(__name__, _NAMES)
__all__ = [
    "Change",
    "ColumnDrift",
    "DiffResult",
    "MEASURES",
    "Measure",
    "ReleaseInfo",
    "SchemaChange",
    "Tolerance",
    "column_drift",
    "compare_scorecards",
    "diff_releases",
    "jensen_shannon",
    "load_release",
    "load_tolerance",
    "measure_values",
    "psi",
    "schema_changes",
    "sturges_bins",
    "wasserstein",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from ._compare import compare_scorecards, schema_changes
    from ._drift import column_drift, jensen_shannon, psi, sturges_bins, wasserstein
    from ._measures import MEASURES, Measure, measure_values
    from ._model import Change, ColumnDrift, DiffResult, ReleaseInfo, SchemaChange
    from ._release import diff_releases, load_release
    from ._tolerance import Tolerance, load_tolerance
