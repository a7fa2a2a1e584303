"""Where the data are and how to read them; which engine computes on them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Section

DEFAULT_NULL_VALUES = ["", "NA", "N/A", "NULL", "null", "NaN", "nan", "None", "?"]
TEXT_FORMATS = ("csv", "tsv")


def text_cleaning(
    fmt: str, null_values: list[str] | None, trim_whitespace: bool | None
) -> tuple[list[str], bool]:
    """The null markers and trimming that apply to a source of format ``fmt``.

    Null markers and stray spaces are artefacts of writing values as text, so by default they are
    undone for CSV/TSV only; Parquet, JSONL, database tables and DataFrames carry real NULLs and are
    read as stored (which also spares every query a per-value CASE). Set either key to apply it to
    any format."""
    text = fmt in TEXT_FORMATS
    nulls = list(null_values) if null_values is not None else (list(DEFAULT_NULL_VALUES) if text else [])
    trim = trim_whitespace if trim_whitespace is not None else text
    return nulls, trim


class DatasetConfig(Section):
    path: str | None = Field(
        None, description="File, glob, directory or database URL; the CLI argument wins."
    )
    format: Literal["auto", "csv", "tsv", "parquet", "jsonl"] = "auto"
    delimiter: str | None = Field(None, description="CSV delimiter; detected when absent.")
    encoding: Literal["auto", "utf-8", "utf-16", "latin-1"] = "auto"
    header: bool | None = Field(
        None, description="Whether the first CSV line is a header; detected when absent."
    )
    column_names: list[str] | None = Field(None, description="Names for a header-less file.")
    null_values: list[str] | None = Field(
        None,
        description='Text that means missing. Unset: the usual markers ("", NA, N/A, NULL, NaN, None, ?) for '
        "CSV/TSV; typed sources (Parquet, JSONL, database tables, DataFrames) keep their values as stored.",
    )
    trim_whitespace: bool | None = Field(
        None,
        description="Strip leading/trailing spaces from text values. Unset: on for CSV/TSV, off for typed sources.",
    )
    table: str | None = Field(None, description="Table name when path is a database URL.")


class EngineConfig(Section):
    name: Literal["duckdb", "spark"] = "duckdb"
    memory_limit: str | None = Field(
        None,
        description="e.g. '4GB'; DuckDB spills to temp_directory beyond it. Unset: min(25% of the machine's memory "
        "(RAM or a smaller cgroup limit), max(1.25 GiB, 128 MiB x threads)), at least 256 MiB, so a whole audit stays "
        "near 2 GB whatever the rows (DuckDB's own default would be 80% of RAM). A value set here always wins.",
    )
    threads: int | None = Field(None, ge=1)
    temp_directory: str | None = None
    group_pass_rows: int | None = Field(
        None,
        ge=1,
        description="DuckDB: a GROUP BY with many groups (the (quasi-identifiers, sensitive value) counts) runs in "
        "ceil(rows / group_pass_rows) passes, each over a hash partition of the class keys, so its hash table "
        "holds at most this many groups; bounds peak memory (about 100 bytes per group) at one extra scan per pass. "
        "Unset: 25,000,000 when engine.memory_limit is set, else the automatic limit / 100 bytes (1.25 GiB: 13.4M rows).",
    )
    spark_master: str = "local[2]"
    spark_conf: dict[str, str] = Field(default_factory=dict)
