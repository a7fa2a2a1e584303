"""Where the data are and how to read them; which engine computes on them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section

DEFAULT_NULL_VALUES = ["", "NA", "N/A", "NULL", "null", "NaN", "nan", "None", "?"]


class DatasetConfig(Section):
    path: str | None = Field(None, description="File, glob, directory or database URL; the CLI argument wins.")
    format: Literal["auto", "csv", "tsv", "parquet", "jsonl"] = "auto"
    delimiter: str | None = Field(None, description="CSV delimiter; detected when absent.")
    encoding: Literal["auto", "utf-8", "utf-16", "latin-1"] = "auto"
    header: bool | None = Field(None, description="Whether the first CSV line is a header; detected when absent.")
    column_names: list[str] | None = Field(None, description="Names for a header-less file.")
    null_values: list[str] = Field(default_factory=lambda: list(DEFAULT_NULL_VALUES))
    trim_whitespace: bool = Field(True, description="Strip leading/trailing spaces from text values.")
    table: str | None = Field(None, description="Table name when path is a database URL.")


class EngineConfig(Section):
    name: Literal["duckdb", "spark"] = "duckdb"
    memory_limit: str | None = Field(None, description="e.g. '4GB'; DuckDB spills to temp_directory beyond it.")
    threads: int | None = Field(None, ge=1)
    temp_directory: str | None = None
    spark_master: str = "local[2]"
    spark_conf: dict[str, str] = Field(default_factory=dict)
