"""Warehouse tables audited in place: a source given as a database URL, reached through Ibis.

``postgres://user:password@host:5432/db?table=discharges`` (``postgresql://`` too; ``schema=`` picks a
schema, any other query parameter, e.g. ``host=/run/postgresql`` for a unix socket or ``sslmode=require``,
goes to the driver). Nothing is copied out: every aggregation runs in the database, and only the small
results the scanners ask for leave it.

The scorecard binds a table by a digest computed in the database (:meth:`WarehouseEngine.digest`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import ibis
import ibis.expr.types as ir
import pandas as pd

from .._safe import redact_url
from ..config import text_cleaning
from ..errors import EngineError, InputError, MissingExtraError
from ._base import Engine
from ._source import SourceSpec, check_column_names

__all__ = ["WarehouseEngine", "WarehouseSource", "is_database_url", "parse_database_url"]

#: URL schemes riskaudit reads as a database table -> Ibis backend name
SCHEMES = {"postgres": "postgres", "postgresql": "postgres"}


_PATCHED = False


def _patch_postgres_bool_cast() -> None:
    """PostgreSQL has no boolean -> bigint cast (only -> integer); scanners write ``flag.cast("int64").sum()``.

    Ibis 12 emits ``CAST(flag AS BIGINT)``; route it through ``INT`` so the same expression runs everywhere.
    """
    global _PATCHED
    if _PATCHED:
        return
    import sqlglot.expressions as sge
    from ibis.backends.sql.compilers.postgres import PostgresCompiler

    original = PostgresCompiler.visit_Cast

    def visit_Cast(self, op, *, arg, to):  # type: ignore[no-untyped-def]
        if op.arg.dtype.is_boolean() and to.is_integer():
            arg = sge.Cast(this=arg, to=sge.DataType.build("INT"))
        return original(self, op, arg=arg, to=to)

    PostgresCompiler.visit_Cast = visit_Cast  # type: ignore[method-assign]
    _PATCHED = True


def is_database_url(value: object) -> bool:
    if not isinstance(value, str) or "://" not in value:
        return False
    return value.split("://", 1)[0].lower() in SCHEMES


@dataclass(frozen=True)
class WarehouseSource:
    backend: str
    table: str | None
    schema: str | None
    connect_kwargs: dict[str, Any]
    display: str  # the URL without its password


_URL_SECRETS = {"password", "sslpassword", "passwd", "pwd", "passfile", "sslkey_password"}


def _malformed(scheme: str, what: str) -> InputError:
    # never quote any part of the URL after the scheme: it may hold a fragment of the password
    return InputError(
        f"{scheme}://...: {what}; percent-encode special characters in the user and password "
        "(# -> %23, / -> %2F, ? -> %3F, @ -> %40) or pass the password in PGPASSWORD"
    )


def parse_database_url(url: str, table: str | None = None) -> WarehouseSource:
    """Split a database URL into connection arguments and the table to audit.

    The display form (stored in the scorecard, printed in every message) holds no credential: the
    userinfo password and secret query parameters (``password=``, ``sslpassword=``...) are dropped.
    A password with an unencoded ``#``, ``/`` or ``?`` makes the URL ambiguous (its tail would be read as a
    fragment, path or query, and a numeric prefix as the port): refused in one line that quotes none of it."""
    scheme_raw = url.split("://", 1)[0]
    scheme = scheme_raw.lower()
    if scheme not in SCHEMES:
        raise InputError(f"{scheme_raw[:20]}://...: unsupported database URL scheme; use postgres://")
    if "#" in url:
        raise _malformed(scheme, "the URL contains an unencoded '#' (a database URL has no fragment)")
    parts = urlsplit(url)
    if "@" not in parts.netloc and "@" in parts.path:
        raise _malformed(
            scheme, "the user or password contains an unencoded '/' (an '@' follows in the path)"
        )
    if "@" not in parts.netloc and not parts.path and "@" in parts.query:
        raise _malformed(scheme, "the user or password contains an unencoded '?'")
    try:
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        raise _malformed(
            scheme,
            "the port is not a number between 0 and 65535 (or the password holds an unencoded '#', '/' or '?')",
        ) from None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    table = query.pop("table", None) or table
    schema = query.pop("schema", None)
    db = unquote(parts.path.lstrip("/")) if parts.path else ""
    if "/" in db:  # postgres://host/db/schema, as ibis.connect reads it
        db, schema = db.split("/", 1)
    netloc = hostname or ""
    if parts.username:
        user = unquote(parts.username)
        netloc = f"{user}@{netloc}"
    if port:
        netloc += f":{port}"
    shown = [(k, v) for k, v in query.items() if k.lower() not in _URL_SECRETS]
    shown_query = "&".join(f"{k}={v}" for k, v in [("table", table), ("schema", schema), *shown] if v)
    display = redact_url(f"{scheme}://{netloc}/{db}" + (f"?{shown_query}" if shown_query else ""))
    kwargs: dict[str, Any] = {}
    if parts.username:
        kwargs["user"] = unquote(parts.username)
    if parts.password:
        kwargs["password"] = unquote(parts.password)
    if hostname:
        kwargs["host"] = hostname
    if port:
        kwargs["port"] = port
    if db:
        kwargs["database"] = db
    kwargs.update(query)  # e.g. host=/socket/dir, sslmode=..., password=...
    return WarehouseSource(SCHEMES[scheme], table, schema, kwargs, display)


def _text(col: ir.Value) -> ir.StringValue:
    """Text as DuckDB casts it, so a table gives the same text (and samples) as the same data in Parquet.

    PostgreSQL prints a whole double as ``17275``; DuckDB and Spark print ``17275.0``.
    """
    s = col.cast("string")
    if col.type().is_floating():
        return ibis.cases((s.re_search(r"[.eEnN]"), s), else_=s.concat(".0"))  # type: ignore[return-value]
    return s  # type: ignore[return-value]


class WarehouseEngine(Engine):
    """An Ibis SQL backend (PostgreSQL) holding the table to audit; every query runs in the database."""

    seeded_sampling = False

    def __init__(self, url: str, *, table: str | None = None) -> None:
        super().__init__()
        self.source = parse_database_url(url, table)
        self.name = self.source.backend
        self.context = self.source.display
        try:
            if self.source.backend == "postgres":
                _patch_postgres_bool_cast()
            connector = getattr(ibis, self.source.backend)
            self._backend = connector.connect(**self.source.connect_kwargs)
        except ImportError as exc:
            raise MissingExtraError(
                f"{self.source.display}: the {self.source.backend} backend needs its driver ({exc.name or exc}); "
                f"install it with: pip install 'riskaudit[{self.source.backend}]'"
            ) from None
        except Exception as exc:
            raise InputError(
                f"{self.source.display}: cannot connect ({type(exc).__name__}); check host, port, user, "
                "password and that the server is running"
            ) from None

    @property
    def backend(self) -> ibis.BaseBackend:
        return self._backend

    def _translate_error(self, exc: Exception) -> Exception | None:
        mod = type(exc).__module__ or ""
        if not mod.startswith(("psycopg", "sqlalchemy")):
            return None
        # a database error can quote a value: the class name only
        return EngineError(
            f"{self.context}: the database refused a query ({type(exc).__name__}); rerun with RISKAUDIT_DEBUG=1"
        )

    def open_database(self, url: str, config: Any) -> Any:
        """This engine's own table, audited in place (the URL it was opened with)."""
        from ._open import open_table_source

        return open_table_source(self, config, owned=False)

    def read(
        self, spec: SourceSpec, *, null_values: list[str] | None = None, trim: bool = True
    ) -> tuple[ir.Table, ir.Table]:
        raise InputError(
            f"{spec.display}: the {self.name} engine audits database tables; pass a postgres:// URL"
        )

    def open_table(
        self, null_values: list[str] | None = None, trim: bool | None = None, table: str | None = None
    ) -> tuple[ir.Table, ir.Table]:
        """The URL's table (or ``table``) as (typed, all-text); text columns are read as stored unless
        null markers or trimming are configured (:func:`riskaudit.config.text_cleaning`)."""
        null_values, trim = text_cleaning(self.name, null_values, trim)
        src = self.source
        name = src.table or table
        if not name:
            raise InputError(
                f"{src.display}: no table named; add ?table=NAME to the URL or set dataset.table"
            )
        self.table_name = name
        try:
            raw = self._backend.table(name, database=src.schema)
        except Exception as exc:
            if (
                type(exc).__name__ in ("TableNotFound", "UndefinedTable", "IbisError")
                or "not found" in str(exc).lower()
            ):
                raise InputError(
                    f"{src.display}: table '{name}' not found; check ?table= and ?schema="
                ) from None
            raise InputError(f"{src.display}: cannot open table '{name}' ({type(exc).__name__})") from None
        check_column_names(list(raw.columns), src.display)
        self.raw_table = raw
        nulls = [n.strip() for n in (null_values or [])]
        cols = []
        for c in raw.columns:
            col = raw[c]
            if col.type().is_string():
                if trim:
                    col = col.strip()
                if nulls:
                    col = ibis.cases((col.isin(nulls), ibis.null("string")), else_=col)
            cols.append(col.name(c))
        typed = raw.select(*cols)
        text = typed.select(*[_text(typed[c]).name(c) for c in typed.columns])
        return typed, text

    def unpivot(self, table: ir.Table, columns: list[str], names_to: str, values_to: str) -> ir.Table:
        """UNION ALL of one select per column: Ibis 12's PostgreSQL pivot_longer goes through JSON and
        returns names and values JSON-quoted (``"f0"``), which matches nothing downstream."""
        keep = [c for c in table.columns if c not in columns]
        parts = [table.select(*keep, **{names_to: ibis.literal(c), values_to: table[c]}) for c in columns]
        return ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]

    def from_pandas(self, df: pd.DataFrame) -> tuple[ir.Table, ir.Table]:
        raise InputError("a DataFrame cannot be audited on a warehouse engine; use the duckdb engine")

    def digest(self, table: ir.Table) -> str:
        """sha256 of the table's content, computed in the database and independent of row order.

        Each row's canonical text (the same form the seeded sampler hashes) is md5-hashed in the database;
        rows are bucketed by the first two hex digits of that hash, and per bucket the database returns the
        md5 of the bucket's row hashes concatenated in sorted order. Python then takes the sha256 over the
        column names and types and the 256 (bucket, rows, md5) lines in order. Only 256 short rows leave
        the database, and no bucket string grows beyond ~32 bytes per row / 256.
        """
        from ._sampling import _md5, row_hash

        h = row_hash(table, 0).name("__h")
        t = table.select(__h=h).mutate(__b=ibis._["__h"].substr(0, 2))
        per = t.group_by("__b").agg(
            __n=ibis._.count(), __d=_md5(t["__h"].group_concat("", order_by=t["__h"]))
        )
        df = self.execute(per.order_by("__b"))
        out = hashlib.sha256()
        schema = table.schema()
        for c in table.columns:
            out.update(f"{c}\x1f{schema[c]}\n".encode())
        for b, n, d in zip(df["__b"], df["__n"], df["__d"], strict=True):
            out.update(f"{b} {int(n)} {d}\n".encode())
        return out.hexdigest()
