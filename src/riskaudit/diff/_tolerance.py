"""The ``--tolerance FILE`` of ``riskaudit diff``: YAML validated by pydantic, errors as ``file:line: key: problem``.

```yaml
version: 1
measures:                      # per registered measure (docs/diff.md lists them with their defaults)
  reident.k: {abs: 0}
  bias.min_impact_ratio: {abs: 0.05}
checks:
  worse_from: warn             # a check getting worse counts when its new status is at least this (warn | fail)
  ignore: ["quality/*"]        # fnmatch patterns over Check.key: not compared
not_comparable: report         # report | fail
drift:
  psi: 0.1                     # thresholds (Evidently's defaults)
  jensenshannon: 0.1
  wasserstein: 0.1
  fail: false                  # drifted columns fail the diff
  max_categories: 1000         # categorical columns with more distinct values are not histogrammed
```
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from ..config._base import Section
from ..config._loader import format_validation_error
from ..config._yaml import load_yaml_with_lines
from ..errors import ConfigError
from ._measures import MEASURES, Measure

__all__ = ["ChecksTolerance", "DriftTolerance", "MeasureTolerance", "Tolerance", "load_tolerance"]


class MeasureTolerance(Section):
    abs: float | None = Field(None, ge=0, description="Absolute worsening allowed.")
    rel: float | None = Field(
        None, ge=0, description="Worsening allowed relative to |old value| (0.05 = 5 %)."
    )


class ChecksTolerance(Section):
    worse_from: Literal["warn", "fail"] = "warn"
    ignore: list[str] = Field(default_factory=list)


class DriftTolerance(Section):
    psi: float = Field(0.1, gt=0)
    jensenshannon: float = Field(0.1, gt=0)
    wasserstein: float = Field(0.1, gt=0)
    fail: bool = False
    max_categories: int = Field(1000, ge=2, le=100_000)


class Tolerance(Section):
    version: Literal[1] = 1
    measures: dict[str, MeasureTolerance] = Field(default_factory=dict)
    checks: ChecksTolerance = Field(default_factory=ChecksTolerance)
    not_comparable: Literal["report", "fail"] = "report"
    drift: DriftTolerance = Field(default_factory=DriftTolerance)

    def allowed(self, m: Measure, old: float) -> float:
        """How far ``m`` may get worse from ``old`` before it counts."""
        t = self.measures.get(m.name)
        a = m.abs if t is None or t.abs is None else t.abs
        r = m.rel if t is None or t.rel is None else t.rel
        return max(a, r * abs(old))


def load_tolerance(path: str | Path | None) -> Tolerance:
    """The tolerance file (the documented defaults when ``path`` is None); every error names file and line."""
    if path is None:
        return Tolerance()
    p = Path(path)
    data, lines = load_yaml_with_lines(p)
    if not isinstance(data, dict):
        raise ConfigError(
            f"{p}:1: a tolerance file is a mapping (version, measures, checks, not_comparable, drift)"
        )
    try:
        tol = Tolerance.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, p, lines, Tolerance)) from None
    for name in tol.measures:
        if name not in MEASURES:
            line = lines.get(("measures", name))
            close = difflib.get_close_matches(name, list(MEASURES), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known measures: {', '.join(MEASURES)}"
            raise ConfigError(f"{p}:{line}: measures.{name}: unknown measure; {hint}")
    return tol
