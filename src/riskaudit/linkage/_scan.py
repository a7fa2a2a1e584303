"""Linkage scan: pure function from the data, the auxiliary/release tables and config to a result.

The release attacks run on the engine tables themselves (:func:`._anonymeter.attack_tables`): targets are
seeded-hash samples of the original and the control, singling out counts values with GROUP BYs over the
whole tables, and linkability/inference find each target's exact nearest rows in the whole release (or in
``linkage.anonymeter.max_rows`` rows of it when set) with grid-blocked joins on the engine
(:mod:`._nearest`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir

from .._later import Later
from ..config import LinkageConfig
from ..engine import Engine
from ..errors import ColumnError
from ._anonymeter import attack_tables
from ._exact import exact_linkage
from ._fuzzy import start_fuzzy_linkage
from ._result import LinkageResult

__all__ = ["scan_linkage", "default_on"]


def default_on(data_columns: list[str], aux_columns: list[str], quasi_identifiers: list[str]) -> list[str]:
    """The quasi-identifiers present in both tables (in QI order)."""
    return [c for c in quasi_identifiers if c in data_columns and c in aux_columns]


def _check(cols: list[str], table: ir.Table, what: str, key: str) -> None:
    for c in cols:
        if c not in table.columns:
            raise ColumnError(f"{key}: column '{c}' is not in the {what}")


def scan_linkage(
    engine: Engine,
    data: ir.Table,
    config: LinkageConfig,
    *,
    aux: ir.Table | None = None,
    aux_name: str | None = None,
    on: list[str] | None = None,
    release: ir.Table | None = None,
    release_name: str | None = None,
    control: ir.Table | None = None,
    defer: Callable[[Later, Callable[[Any], None]], None] | None = None,
) -> LinkageResult:
    """``data``/``aux``/``release``/``control`` should be the all-text tables (values compared as written).

    With ``defer``, Splink trains in a background thread (see :func:`~._fuzzy.start_fuzzy_linkage`) and the result
    comes back without ``fuzzy``: ``defer(later, apply)`` is handed the pending work and the function that sets it,
    and the caller calls ``apply(later.result())`` before reading ``fuzzy`` (the audit does, before its checks)."""
    on = list(on if on is not None else config.on)
    res = LinkageResult(aux=aux_name, on=on, id_column=config.id)
    if aux is not None:
        if not on:
            raise ColumnError(
                "linkage.on: no shared columns to link on; name them (--on A,B,C) or configure quasi-identifiers present in both files"
            )
        _check(on, data, "data", "linkage.on")
        _check(on, aux, "auxiliary table", "linkage.on")
        if config.id:
            _check([config.id], data, "data", "linkage.id")
            _check([config.id], aux, "auxiliary table", "linkage.id")
        res.exact = exact_linkage(engine, data, aux, on, config.id)
        if config.fuzzy:
            _check(list(config.compare), aux, "auxiliary table", "linkage.compare")
            _check(list(config.compare.values()), data, "data", "linkage.compare")
            later = start_fuzzy_linkage(
                engine,
                data,
                aux,
                on,
                compare=config.compare,
                id_column=config.id,
                threshold=config.match_threshold,
                seed=config.seed,
                max_pairs=config.max_pairs,
                background=defer is not None,
            )
            if defer is None:
                res.fuzzy = later.result()
            else:

                def apply(value: Any, res: LinkageResult = res) -> None:
                    res.fuzzy = value

                defer(later, apply)
    if release is not None:
        an = config.anonymeter
        cols = list(an.aux_columns or on)
        if not cols:
            raise ColumnError("linkage.anonymeter.aux_columns: name the columns the attacker knows")
        drop = [config.id] if config.id else []
        _check(cols + ([an.secret] if an.secret else []), data, "data", "linkage.anonymeter.aux_columns")
        _check(
            cols + ([an.secret] if an.secret else []), release, "release", "linkage.anonymeter.aux_columns"
        )
        use = [c for c in dict.fromkeys(cols + ([an.secret] if an.secret else [])) if c not in drop]
        ori_t = data.select(*use)
        if control is None:
            # seeded split: a row goes to control when its hash falls in the first control_fraction
            parts = [ibis.literal(f"riskaudit-control:{config.seed}")] + [
                data[c].cast("string").fill_null("\u241f") for c in data.columns
            ]
            key = parts[0]
            for p in parts[1:]:
                key = key.concat("\u241e", p)
            bucket = key.hexdigest("md5").substr(0, 4)
            # first 4 hex digits -> [0, 65536)
            frac = int(an.control_fraction * 65536)
            h = data.mutate(__b=bucket)
            ctl_t = h.filter(h["__b"] < f"{frac:04x}").select(*use)
            ori_t = h.filter(h["__b"] >= f"{frac:04x}").select(*use)
            source = "split"
        else:
            _check(use, control, "control table", "linkage.anonymeter.control")
            ctl_t = control.select(*use)
            source = "file"
        res.release = release_name
        res.anonymeter = attack_tables(
            engine,
            ori_t,
            release.select(*use),
            ctl_t,
            [c for c in cols if c in use],
            secret=an.secret,
            n_attacks=an.n_attacks,
            seed=config.seed,
            confidence_level=an.confidence_level,
            control_source=source,
            max_rows=an.max_rows,
            max_pairs=an.max_pairs,
        )
    return res
