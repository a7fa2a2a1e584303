"""Read settings of a secondary table (auxiliary, release, control, population)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section

INHERITED = ("delimiter", "encoding", "header", "null_values", "trim_whitespace")


class TableRead(Section):
    """Every key unset (None) takes the main dataset's setting (``dataset.delimiter``, ``encoding``,
    ``header``, ``null_values``, ``trim_whitespace``); ``format`` and ``column_names`` are per file."""

    format: Literal["auto", "csv", "tsv", "parquet", "jsonl"] = "auto"
    delimiter: str | None = Field(
        None, description="CSV delimiter; default: dataset.delimiter (else detected)."
    )
    encoding: Literal["auto", "utf-8", "utf-16", "latin-1"] | None = Field(
        None, description="Default: dataset.encoding."
    )
    header: bool | None = Field(None, description="Default: dataset.header (else detected).")
    column_names: list[str] | None = Field(None, description="Names for a header-less file.")
    null_values: list[str] | None = Field(None, description="Default: dataset.null_values.")
    trim_whitespace: bool | None = Field(None, description="Default: dataset.trim_whitespace.")
