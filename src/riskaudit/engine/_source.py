"""Finding and checking the input files before any engine reads them.

Everything here is engine-neutral: it expands globs and directories, detects the format, encoding,
delimiter and header, checks column names, and computes the sha256 digests the scorecard binds.
The input files are only ever opened for reading.
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from .._safe import redact_url
from ..config import text_cleaning
from ..errors import InputError
from ._header import first_row_is_data, generated_names, personal_value
from ._textcheck import digest_and_check

__all__ = ["FileDigest", "SourceSpec", "resolve_source", "sha256_file", "check_column_names"]

SUFFIX_FORMAT = {
    ".csv": "csv",
    ".txt": "csv",
    ".data": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
CANDIDATE_DELIMITERS = [",", ";", "\t", "|"]
#: compressed text files DuckDB reads directly (``people.csv.gz``); the format comes from the inner suffix
COMPRESSED = {".gz": "gzip"}


def _data_suffix(path: Path) -> str:
    """``.csv`` for ``a.csv`` and ``a.csv.gz``; the suffix that decides the format."""
    suffixes = [x.lower() for x in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in COMPRESSED:
        return suffixes[-2]
    return path.suffix.lower()


def _is_data_file(path: Path) -> bool:
    # Hadoop/Spark/Hive convention: names starting with "_" or "." are metadata (_SUCCESS, ._x resource forks)
    return path.is_file() and not path.name.startswith(("_", ".")) and _data_suffix(path) in SUFFIX_FORMAT


def _open_head(path: Path, n: int) -> bytes:
    """The first ``n`` bytes of the content (decompressed for .gz)."""
    if path.suffix.lower() == ".gz":
        import gzip

        try:
            with gzip.open(path, "rb") as f:
                return f.read(n)
        except (OSError, EOFError):
            raise InputError(
                f"{path}: not a readable gzip file (corrupt or truncated); re-compress or re-download it"
            ) from None
    with open(path, "rb") as f:
        return f.read(n)


@dataclass(frozen=True)
class FileDigest:
    path: str
    sha256: str
    bytes: int


@dataclass
class SourceSpec:
    """A resolved input: the files, their format and how to parse them."""

    display: str
    name: str
    files: list[Path]
    format: str
    delimiter: str | None = None
    quote: str | None = None
    encoding: str = "utf-8"
    header: bool = True
    column_names: list[str] | None = None
    null_values: list[str] = field(default_factory=list)
    trim_whitespace: bool = True
    digests: list[FileDigest] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        if len(self.digests) == 1:
            return self.digests[0].sha256
        h = hashlib.sha256()
        for d in sorted(self.digests, key=lambda d: d.path):
            h.update(f"{d.sha256}  {d.path}\n".encode())
        return h.hexdigest()


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


def _digest(path: Path, spec: SourceSpec) -> str:
    """sha256 of the file; plain (not compressed) text files are checked on the way (see ``_textcheck``)."""
    if path.suffix.lower() in COMPRESSED or spec.format == "parquet":
        return sha256_file(path)
    return digest_and_check(
        path, utf8=spec.format == "jsonl" or spec.encoding == "utf-8", jsonl=spec.format == "jsonl"
    )


def _expand(path: str) -> list[Path]:
    if any(ch in path for ch in "*?["):
        files = sorted(Path(p) for p in glob.glob(path, recursive=True) if Path(p).is_file())
        if not files:
            raise InputError(f"{path}: no file matches this pattern; check the glob")
        return files
    p = Path(path)
    if p.is_dir():
        files = sorted(
            q
            for q in p.rglob("*")
            if _is_data_file(q)
            and not any(part.startswith(("_", ".")) for part in q.relative_to(p).parts[:-1])
        )
        if not files:
            raise InputError(f"{path}: the directory holds no CSV, TSV, Parquet or JSON Lines file")
        return files
    if not p.exists():
        raise InputError(f"{path}: file not found; check the path")
    if not os.access(p, os.R_OK):
        raise InputError(f"{path}: permission denied; make the file readable")
    return [p]


def _detect_format(files: list[Path], requested: str) -> str:
    if requested != "auto":
        return requested
    formats = {SUFFIX_FORMAT.get(_data_suffix(f)) for f in files}
    formats.discard(None)
    if len(formats) > 1:
        raise InputError(
            f"{files[0].parent}: mixed formats ({', '.join(sorted(formats))}); audit one format at a time"
        )
    if formats:
        return formats.pop()  # type: ignore[return-value]
    with open(files[0], "rb") as f:
        head = f.read(4)
    if head == b"PAR1":
        return "parquet"
    return "csv"


def _check_parquet(path: Path) -> None:
    """Read only the footer: a corrupt or truncated file, or duplicate column names, fail here in one line."""
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names
    except Exception:
        raise InputError(
            f"{path}: not a valid Parquet file (corrupt or truncated footer); re-export or re-download it"
        ) from None
    check_column_names(names, str(path))


def _detect_encoding(path: Path, requested: str) -> tuple[str, str]:
    """Return (encoding for the engine, decoded head text)."""
    raw = _open_head(path, 1 << 20)
    if not raw:
        raise InputError(f"{path}: the file is empty; nothing to audit")
    if requested == "auto":
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            requested = "utf-16"
        elif b"\x00" in raw[:4096]:
            raise InputError(
                f"{path}: looks binary (NUL bytes), not a text CSV; pass a CSV, TSV, Parquet or JSON Lines file"
            )
        else:
            requested = "utf-8"
    if requested == "utf-8":
        dec = codecs.getincrementaldecoder("utf-8-sig")()
        try:
            text = dec.decode(raw, final=len(raw) < (1 << 20))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                "set dataset.encoding: latin-1 (or re-save the file as UTF-8)"
            ) from None
        return "utf-8", text
    if requested == "utf-16":
        return "utf-16", raw.decode("utf-16", errors="replace")
    return "latin-1", raw.decode("latin-1")


#: characters of the head given to the delimiter sniffer (its regexes are slow on very long lines)
_SNIFF_CHARS = 200_000


def _sniff_delimiter(head: str, path: Path) -> str:
    first = head.splitlines()[0] if head.splitlines() else ""
    lines = [ln for ln in head.splitlines()[:50] if ln.strip()]
    sample: list[str] = []
    size = 0
    for ln in lines[:20]:
        if sample and size + len(ln) > _SNIFF_CHARS:
            break
        sample.append(ln[:_SNIFF_CHARS])
        size += len(sample[-1])
    try:
        return csv.Sniffer().sniff("\n".join(sample), delimiters="".join(CANDIDATE_DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in CANDIDATE_DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


#: most columns audited in one table (the DuckDB engine checks it again on the bound table; see docs/scale.md)
MAX_COLUMNS = 10_000


def _header_fields(head: str, delimiter: str) -> list[str]:
    # a header or first row may hold a cell larger than the csv module's default field limit (128 KiB)
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, len(head) + 1))
    try:
        reader = csv.reader(io.StringIO(head), delimiter=delimiter)
        return next(reader)
    except StopIteration:
        return []
    except csv.Error:
        # an unterminated quote in the head: fall back to a plain split of the first line
        first = head.splitlines()[0] if head else ""
        return first.split(delimiter) if first else []
    finally:
        csv.field_size_limit(old)


def check_column_names(names: list[str], where: str) -> None:
    """Refuse empty or duplicate names (case-insensitive: SQL engines fold case)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if not str(name).strip():
            raise InputError(f"{where}: column {i} has an empty name; give every column a header")
        key = str(name).strip().casefold()
        if key in seen:
            raise InputError(
                f"{where}: duplicate column name '{name}' (columns {seen[key]} and {i}); rename one of them"
            )
        seen[key] = i


def _rows_below(head: str, delimiter: str, n: int = 200) -> list[list[str]]:
    """Up to ``n`` rows after the first, parsed as the engine will (a parse problem: none, the engine reports it)."""
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(head), delimiter=delimiter)
        next(reader, None)
        for row in reader:
            rows.append(row)
            if len(rows) >= n:
                break
    except csv.Error:
        pass
    return rows[:-1] if len(rows) < n and not head.endswith(("\n", "\r")) and rows else rows


def resolve_source(
    path: str,
    *,
    format: str = "auto",
    delimiter: str | None = None,
    encoding: str = "auto",
    header: bool | None = None,
    column_names: list[str] | None = None,
    null_values: list[str] | None = None,
    trim_whitespace: bool | None = None,
    digest: bool = True,
) -> SourceSpec:
    """Expand ``path`` and work out how to parse it; raise :class:`InputError` with a one-line fix.

    ``null_values`` / ``trim_whitespace`` unset: see :func:`riskaudit.config.text_cleaning`."""
    files = _expand(str(path))
    fmt = _detect_format(files, format)
    null_values, trim_whitespace = text_cleaning(fmt, null_values, trim_whitespace)
    base = Path(str(path).split("*")[0]).name or "dataset"
    single = Path(base).name
    for suffix in COMPRESSED:
        single = single.removesuffix(suffix)
    name = Path(single).stem if files and len(files) == 1 else (Path(base).name or "dataset")
    spec = SourceSpec(
        display=redact_url(str(path)),
        name=name,
        files=files,
        format=fmt,
        null_values=null_values,
        trim_whitespace=trim_whitespace,
        column_names=column_names,
    )
    for f in files:
        if f.stat().st_size == 0:
            raise InputError(f"{f}: the file is empty; nothing to audit")
    if fmt == "parquet":
        for f in files:
            _check_parquet(f)
    if fmt in ("csv", "tsv"):
        enc, head = _detect_encoding(files[0], encoding)
        spec.encoding = enc
        if not head.strip():
            raise InputError(f"{files[0]}: the file holds only blank lines; nothing to audit")
        if fmt == "tsv" and delimiter is None:
            delimiter = "\t"
        sniffed = _sniff_delimiter(head, files[0])
        if delimiter is None:
            delimiter = sniffed
        fields = _header_fields(head, delimiter)
        if len(fields) > MAX_COLUMNS:  # before the per-cell header checks (Presidio on 30,000 names: minutes)
            raise InputError(
                f"{files[0]}: {len(fields):,} columns; riskaudit audits at most {MAX_COLUMNS:,} columns per table; "
                "split the columns into several files (keeping the key columns in each) and audit each"
            )
        if len(fields) <= 1:
            others = [d for d in CANDIDATE_DELIMITERS if d != delimiter and head.splitlines()[0].count(d) > 0]
            if others:
                shown = {"\t": "\\t"}.get(others[0], others[0])
                raise InputError(
                    f"{files[0]}: the delimiter {delimiter!r} splits the header into one column but "
                    f"{shown!r} appears in it; set dataset.delimiter: {shown!r} (or leave it unset to detect it)"
                )
        spec.delimiter = delimiter
        below = _rows_below(head, delimiter)
        detected = header is None and column_names is None
        if header is None:
            # a personal value is never a header; a first row like the rows below it is data (engine._header)
            header = column_names is None and not first_row_is_data(fields, below)
        spec.header = header
        if detected and not header:
            # read the first row as data, under generated names (its values never become names)
            column_names = spec.column_names = generated_names(len(fields))
        elif header and column_names is None:
            cleaned = [f.strip() if trim_whitespace else f for f in fields]
            if any(personal_value(f, anywhere=True) for f in cleaned):
                # dataset.header: true over a first row holding personal values: those cells are never
                # used (or shown) as names; the column is named by its position
                column_names = spec.column_names = [
                    f"column_{i}" if personal_value(f, anywhere=True) else f
                    for i, f in enumerate(cleaned, start=1)
                ]
        if column_names is not None:
            if len(column_names) != len(fields):
                raise InputError(
                    f"{files[0]}: dataset.column_names gives {len(column_names)} names but the file has "
                    f"{len(fields)} columns; list one name per column"
                )
            check_column_names(column_names, "dataset.column_names")
        elif header:
            check_column_names([f.strip() if trim_whitespace else f for f in fields], str(files[0]))
    if digest:
        spec.digests = [
            FileDigest(path=f.as_posix(), sha256=_digest(f, spec), bytes=f.stat().st_size) for f in files
        ]
    return spec
