"""A release as the diff takes it: a scorecard JSON file, or data that is audited first (same config and policy)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..scorecard import Scorecard
from ._model import DiffResult
from ._tolerance import Tolerance

__all__ = ["Release", "diff_releases", "load_release", "read_scorecard"]

MAX_SCORECARD_BYTES = 200_000_000


@dataclass
class Release:
    scorecard: Scorecard
    data: Any = None  # the data source when audited here (drift needs it)
    audited: bool = False


def _looks_like_scorecard(p: Path) -> bool:
    if p.suffix.lower() != ".json" or not p.is_file():
        return False
    try:
        with p.open("rb") as f:
            head = f.read(4096).lstrip()
    except OSError:
        return False
    return head.startswith(b"{") and (
        b'"schema_version"' in head or b'"checks"' in head or b'"dataset"' in head
    )


def read_scorecard(path: str | Path, what: str = "scorecard") -> Scorecard:
    """A scorecard JSON file, validated; every refusal is one line naming the file (exit 2)."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_SCORECARD_BYTES:
            raise InputError(f"{p}: larger than {MAX_SCORECARD_BYTES:,} bytes; not a scorecard")
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: {what} not found; check the path") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            f"{p}: not a readable scorecard JSON ({type(exc).__name__}); pass a scorecard.json or the data"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"{p}: not a scorecard (a JSON object with schema_version, checks, results)")
    version = str(data.get("schema_version", ""))
    if not version.startswith("1."):
        raise InputError(
            f"{p}: scorecard schema_version {version or '(missing)'!r} is not supported (expected 1.x); "
            "re-audit the data with this version"
        )
    try:
        return Scorecard.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(x) for x in err["loc"]) or "(top level)"
        raise InputError(
            f"{p}: not a valid scorecard: {loc}: {err['msg']}; re-audit the data with this version"
        ) from None


def load_release(source: str | Path, config: Any = None, progress: Any = None) -> Release:
    """A scorecard file as is, or data audited with ``config`` (an AuditConfig; outputs are not written)."""
    p = Path(str(source))
    if _looks_like_scorecard(p):
        return Release(read_scorecard(p))
    from ..audit import run_audit

    report = run_audit(str(source), config, write=False, progress=progress)
    return Release(report.scorecard, data=str(source), audited=True)


def diff_releases(
    old: str | Path,
    new: str | Path,
    config: Any = None,
    tolerance: Tolerance | None = None,
    drift: bool = False,
    progress: Any = None,
) -> DiffResult:
    """Compare two releases (scorecards or data, audited under ``config``); with ``drift``, both must be data."""
    from ..config import AuditConfig, load_config
    from ..errors import ConfigError
    from ._compare import compare_scorecards

    cfg = config if isinstance(config, AuditConfig) else load_config(config)
    tol = tolerance or Tolerance()
    ro = load_release(old, cfg, progress)
    rn = load_release(new, cfg, progress)
    cols = None
    if drift:
        if ro.data is None or rn.data is None:
            which = " and ".join(str(s) for s, r in ((old, ro), (new, rn)) if r.data is None)
            raise ConfigError(
                f"--drift needs the data of both releases, {which} is a scorecard; pass the data files"
            )
        cols = _drift_of(ro.data, rn.data, cfg, tol)
    res = compare_scorecards(ro.scorecard, rn.scorecard, tol, drift=cols)
    if ro.audited or rn.audited:
        res.notes.append(
            "data was audited first under the same config and policy "
            f"({cfg.policy.name if cfg.policy else 'default'})"
        )
    return res


def _drift_of(old: str, new: str, cfg: Any, tol: Tolerance) -> list:
    from ..dataset import open_dataset
    from ..engine import connect
    from ._drift import column_drift

    eo = connect(cfg.engine, source=old)
    en = connect(cfg.engine, source=new)
    try:
        return column_drift(open_dataset(old, cfg.dataset, eo), open_dataset(new, cfg.dataset, en), tol.drift)
    finally:
        eo.close()
        en.close()
