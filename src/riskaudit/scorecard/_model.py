"""The scorecard contract: what scripts, CI gates and licensees rely on.

Versioned by ``schema_version``; the JSON Schema is generated from these models and published in
``schemas/scorecard.schema.json`` (a test keeps them equal). Fields are only ever added within a major
version.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# the result models live in pydantic-only ``_result`` modules: importing the scorecard loads no numpy, scipy,
# pandas, Ibis or DuckDB (tests/test_import_light.py; benchmarks/bench_import.py)
from ..bias._result import BiasResult
from ..derived._result import DerivedResult
from ..license._result import LicenseResult
from ..linkage._result import LinkageResult
from ..pii._result import PiiResult
from ..quality._result import QualityResult
from ..reident._result import ReidentResult
from ..scanners._result import ProfileResult, SafeHarborResult
from ._status import Status

SCHEMA_VERSION = "1.0"

__all__ = [
    "SCHEMA_VERSION",
    "Check",
    "check_key",
    "DatasetInfo",
    "FileInfo",
    "PolicyInfo",
    "Results",
    "Scorecard",
    "ToolInfo",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolInfo(_Model):
    name: str = "riskaudit"
    version: str


class FileInfo(_Model):
    path: str
    sha256: str
    bytes: int


class DatasetInfo(_Model):
    path: str = Field(description="The path as given (file, glob, directory or <DataFrame>).")
    sha256: str = Field(
        description="sha256 of the file; for several files, of their sorted 'sha256  path' lines."
    )
    rows: int
    columns: int
    format: str = "csv"
    files: list[FileInfo] = Field(default_factory=list)


class PolicyInfo(_Model):
    name: str
    sha256: str = Field(description="sha256 of the resolved policy (canonical JSON).")
    rules: int


class Check(_Model):
    """One policy rule applied to one finding (or to the dataset as a whole)."""

    id: str = Field(description="Rule id, e.g. 'reident.k_anonymity'.")
    status: Status
    value: Any = Field(None, description="The measured value the rule judged (omitted when none).")
    threshold: Any = Field(None, description="The threshold that decided the status (fail, else warn).")
    message: str
    scanner: str | None = None
    column: str | None = Field(None, description="Column the finding is about, if any.")
    source: str | None = Field(None, description="Where the rule comes from (law, guidance, standard).")
    reason: str | None = Field(
        None,
        description="For status not_measured: what input would make the check measurable (config key or option).",
    )
    judged_by: Literal["label", "decision", "score"] | None = Field(
        None,
        description="Which column the rule judged, when one attribute is judged on several (bias: the label, "
        "the model decision, or the score above its threshold).",
    )
    facet: str | None = Field(
        None,
        description="What tells several checks of one rule on one column apart (e.g. a sub-test, or a hash of a "
        "class of a multi-class label).",
    )
    bound: Literal["lower"] | None = Field(
        None,
        description="'lower' when the value is only a lower bound of the measure (e.g. a search over a sample of "
        "the rows, or a rate the data cannot resolve). A lower bound of a risk never passes: a check "
        "that would pass or warn on it is not_measured, with the bound as its value and the reason.",
    )
    severity: Literal["critical", "high", "medium", "low"] | None = Field(
        None, description="The rule's severity in the policy; orders the worst findings."
    )
    key: str | None = Field(
        None,
        description="Unique, stable identity of the check: scanner/rule[column]@judged_by#facet. Used by the "
        "gate baseline, SARIF fingerprints and JUnit test names. Filled in when not given.",
    )

    @model_validator(mode="after")
    def _fill_key(self) -> Check:
        if self.key is None:
            self.key = check_key(self.id, self.scanner, self.column, self.judged_by, self.facet)
        return self

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Check:
        """A copy; when the update changes what the identity is built from (and gives no key), the key follows."""
        c = super().model_copy(update=update, deep=deep)
        if update and "key" not in update and any(k in update for k in _IDENTITY_FIELDS):
            c.key = check_key(c.id, c.scanner, c.column, c.judged_by, c.facet)
        return c


_IDENTITY_FIELDS = ("id", "scanner", "column", "judged_by", "facet")


def check_key(
    id: str, scanner: str | None, column: str | None, judged_by: str | None = None, facet: str | None = None
) -> str:
    """``scanner/rule[column]@judged_by#facet`` (absent parts left out): the check's identity."""
    k = f"{scanner or '-'}/{id}"
    if column is not None:
        k += f"[{column}]"
    if judged_by:
        k += f"@{judged_by}"
    if facet:
        k += f"#{facet}"
    return k


class Results(_Model):
    """One object per scanner that ran; absent scanners are omitted."""

    model_config = ConfigDict(extra="allow")

    profile: ProfileResult | None = None
    reident: ReidentResult | None = None
    pii: PiiResult | None = None
    linkage: LinkageResult | None = None
    bias: BiasResult | None = None
    license: LicenseResult | None = None
    safe_harbor: SafeHarborResult | None = None
    quality: QualityResult | None = None
    derived: DerivedResult | None = None


class Scorecard(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    dataset: DatasetInfo
    config_sha256: str
    policy: PolicyInfo | None = None
    license: dict[str, Any] | None = Field(
        None, description="License terms bound to this scorecard (digest and summary)."
    )
    generated_at: str | None = Field(None, description="Only when outputs.timestamp is true.")
    checks: list[Check]
    verdict: Status
    results: Results

    def to_json(self) -> str:
        """Canonical JSON: sorted keys, 2-space indent, trailing newline. Byte-identical for equal input."""
        import json

        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
