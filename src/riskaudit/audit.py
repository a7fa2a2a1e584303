"""The Python API the CLI calls: data + config -> scanners -> scorecard -> files."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from . import checks as _checks  # noqa: F401  (rule registration)
from . import render as _render  # noqa: F401  (renderer registration)
from . import scanners as _scanners  # noqa: F401  (scanner registration)
from ._later import BACKGROUND_MAX_ROWS
from ._outdir import check_whole, replace_outputs
from ._safeio import (
    add_protected,
    check_output_dir,
    protect_inputs,
    protected_inputs,
)
from ._version import __version__
from .checks import evaluate_policy
from .config import AuditConfig, PolicyConfig, config_digest, load_config, resolve_policy
from .dataset import Dataset, check_configured_columns, check_unchanged, open_dataset, schema_digest
from .engine import Engine, connect
from .errors import ConfigError, InputError
from .render import renderers
from .scanners import AuditContext
from .scanners._registry import selected_scanners
from .scanners._roles import initial_roles, resolve_roles
from .scorecard import DatasetInfo, FileInfo, PolicyInfo, Results, Scorecard, ToolInfo, worst

__all__ = ["AuditReport", "run_audit", "default_out_dir", "write_outputs"]


@dataclass
class AuditReport:
    """What an audit produced: the scorecard, and where its files went."""

    scorecard: Scorecard
    out_dir: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    #: (resolved path, what it is) of everything the audit read: outputs written later must avoid them
    inputs: tuple[tuple[str, str], ...] = ()
    #: the source's name (file stem, table name) and the sha256 of its column names and types (gate baselines)
    dataset_name: str | None = None
    schema_sha256: str | None = None

    @property
    def verdict(self) -> str:
        return self.scorecard.verdict

    def _repr_html_(self) -> str:
        """Page 1 of the HTML report (verdict, date, digest, areas, worst findings) for Jupyter."""
        from .render.html import CSS, page1_html

        return f'<div class="riskaudit"><style>{CSS}</style>{page1_html(self.scorecard)}</div>'

    def to_frame(self, view: str = "checks") -> pd.DataFrame:
        """A pandas view: ``"checks"`` (one row per check), ``"areas"`` (page 1's area table) or ``"groups"``
        (one row per bias group: attribute, group, n, share, base rate, impact ratio and its interval)."""
        sc = self.scorecard
        if view == "checks":
            cols = [
                "id",
                "status",
                "severity",
                "scanner",
                "column",
                "judged_by",
                "value",
                "threshold",
                "message",
                "key",
            ]
            return pd.DataFrame([{k: getattr(c, k) for k in cols} for c in sc.checks], columns=cols)
        if view == "areas":
            from .render._page1 import areas

            return pd.DataFrame(
                [
                    {"area": a.title, "status": a.status, "headline": a.headline, "what_to_do": a.action}
                    for a in areas(sc)
                ]
            )
        if view == "groups":
            cols = [
                "attribute",
                "group",
                "n",
                "share",
                "base_rate",
                "impact_ratio",
                "impact_ratio_low",
                "impact_ratio_high",
            ]
            rows = []
            for a in sc.results.bias.attributes if sc.results.bias is not None else []:
                for g in a.groups:
                    ci = g.impact_ratio_ci
                    rows.append(
                        {
                            "attribute": a.attribute,
                            "group": g.group,
                            "n": g.n,
                            "share": g.share,
                            "base_rate": g.base_rate,
                            "impact_ratio": g.impact_ratio,
                            "impact_ratio_low": ci.low if ci is not None else None,
                            "impact_ratio_high": ci.high if ci is not None else None,
                        }
                    )
            return pd.DataFrame(rows, columns=cols)
        raise ValueError(f"to_frame: view '{view}' is not one of checks, areas, groups")

    @property
    def exit_code(self) -> int:
        """0 pass/warn; 1 fail, error, or no check measured (verdict ``not_measured``): nothing was shown to hold."""
        return 1 if self.scorecard.verdict in ("fail", "error", "not_measured") else 0


def default_out_dir(dataset_name: str) -> Path:
    return Path("reports") / dataset_name


def _policy_digest(cfg: AuditConfig) -> str:
    payload = json.dumps(cfg.policy.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def ensure_policy(cfg: AuditConfig, config_path: str) -> AuditConfig:
    """A config without a policy gets the default pack; a policy with no enabled rule is a config error.

    An audit judged by no rule would say nothing and look like a pass, so it is refused (exit 2) before
    anything is scanned or written.
    """
    pol = cfg.policy
    if not pol.rules and (pol.extends or "policy" not in cfg.model_fields_set):
        flat, _ = resolve_policy(pol if pol.extends else PolicyConfig(extends=["default"]))
        cfg = cfg.model_copy(update={"policy": flat})
    if not any(r.enabled for r in cfg.policy.rules.values()):
        raise ConfigError(
            f"{config_path}: policy: policy '{cfg.policy.name}' has no enabled rule, so nothing would be judged; "
            "extend a pack (policy.extends: [default]) or enable a rule"
        )
    return cfg


def run_audit(
    data: str | Path | pd.DataFrame | Any,
    config: AuditConfig | str | Path | None = None,
    *,
    out_dir: str | Path | None = None,
    write: bool = True,
    engine: Engine | None = None,
    progress: Callable[[str], None] | None = None,
    only: list[str] | None = None,
) -> AuditReport:
    """Audit ``data`` (file, glob, directory, database URL, pandas or Polars DataFrame, pyarrow Table) under ``config``.

    ``config`` may be an :class:`AuditConfig`, a YAML path, or None for the packaged ``riskaudit/configs/default.yaml``.
    Raises a :class:`~riskaudit.errors.RiskAuditError` with a one-line message on bad input; writes no
    output in that case (never a partial report). ``progress(step)`` is called as each step starts; pass a
    :class:`riskaudit.progress.Steps` to get each finished step with its elapsed time and rows.
    """
    progress = progress or (lambda _m: None)
    data = _as_source(data)
    if isinstance(config, AuditConfig):
        cfg, config_path = config, config.source_path or "config"
    else:
        cfg = load_config(config)
        config_path = (
            str(config) if config is not None else "riskaudit/configs/default.yaml (packaged default)"
        )
    cfg = ensure_policy(cfg, config_path)
    if not isinstance(data, pd.DataFrame) and (data is None or str(data) == ""):
        if cfg.dataset.path:
            data = cfg.dataset.path
        else:
            raise InputError(
                "no dataset given: pass DATA on the command line or set dataset.path in the config"
            )
    if cfg.license:  # a bad license file fails before the data are opened, as a bad config does
        from .license import load_license

        load_license(cfg.license)
    inputs = _declared_inputs(
        data, cfg, config_path if not isinstance(config, AuditConfig) else cfg.source_path
    )
    with protect_inputs(inputs):
        if write and out_dir is not None:
            check_output_dir(out_dir, "--out")  # before the scan: an unusable target fails fast
            check_whole(out_dir, "--out", _per_record_name(cfg, out_dir))
        return _run(
            data, cfg, config_path, out_dir=out_dir, write=write, engine=engine, progress=progress, only=only
        )


def _per_record_name(cfg: AuditConfig, out_dir: str | Path) -> list[str]:
    path = cfg.reident.per_record_output
    if path and os.path.dirname(os.path.realpath(path)) == os.path.realpath(out_dir):
        return [os.path.basename(path)]
    return []


def _as_source(data: object) -> str | Path | pd.DataFrame | None:
    """A path, URL or pandas DataFrame as the pipeline takes it. A pyarrow Table (or RecordBatch) and a Polars
    DataFrame become pandas frames; any other object is refused by its type name only (its text could hold
    cell values: a pandas Series printed as a path once put 40 SSNs in an error message)."""
    if data is None or isinstance(data, (str, Path, pd.DataFrame)):
        return data
    if isinstance(data, os.PathLike):
        return Path(os.fspath(data))
    kind = type(data)
    where = f"{kind.__module__.split('.')[0]}.{kind.__qualname__}"
    if where in ("pyarrow.Table", "pyarrow.RecordBatch"):
        return data.to_pandas()  # type: ignore[attr-defined]
    if where == "polars.DataFrame":
        return data.to_pandas()  # type: ignore[attr-defined]
    hint = "; call .collect() first" if where == "polars.LazyFrame" else ""
    raise InputError(
        f"run_audit: cannot audit a {where}{hint}; pass a file path, a database URL, a pandas or Polars DataFrame "
        "or a pyarrow Table"
    )


def _declared_inputs(data: object, cfg: AuditConfig, config_path: str | None) -> list[tuple[str, str]]:
    """What this run reads (outputs may not resolve to any of it): the data, config, license, linked files."""
    out: list[tuple[str, str]] = []
    if isinstance(data, (str, Path)) and "://" not in str(data) and not any(ch in str(data) for ch in "*?["):
        out.append((str(data), "the input data"))
    if config_path and Path(config_path).exists():
        out.append((config_path, "the config"))
    if cfg.license:
        out.append((cfg.license, "the license file"))
    for key in ("aux", "release", "control"):
        value = getattr(cfg.linkage, key, None)
        if value and "://" not in str(value):
            out.append((str(value), f"linkage.{key}"))
    for key in ("synthetic", "holdout", "scores"):
        value = getattr(cfg.derived, key, None)
        if value and "://" not in str(value):
            out.append((str(value), f"derived.{key}"))
    return out


def _run(
    data: object,
    cfg: AuditConfig,
    config_path: str,
    *,
    out_dir: str | Path | None,
    write: bool,
    engine: Engine | None,
    progress: Callable[[str], None],
    only: list[str] | None,
) -> AuditReport:
    own_engine = engine is None
    engine = engine or connect(cfg.engine, source=data)
    timings: dict[str, float] = {}
    ds: Dataset | None = None
    ctx: AuditContext | None = None
    pii_worker = None
    sharing = False
    try:
        pii_worker = _start_pii_worker(cfg, only, data)  # before the data is read: warm when the samples are
        t0 = time.perf_counter()
        progress("opening dataset")
        ds = open_dataset(data, cfg.dataset, engine)
        if hasattr(
            progress, "rows"
        ):  # a riskaudit.progress.Steps: later steps report the rows they went over
            progress.rows = ds.rows
        _protect_files(ds)
        check_configured_columns(cfg, ds.columns, ds.path, config_path)
        timings["open"] = time.perf_counter() - t0
        # a small audit's helper process (and Splink's queries, when the linkage starts before it has answered) work
        # beside the engine: its queries leave them cores until that work is done (Engine.share_cores)
        sharing = pii_worker is not None and ds.rows <= BACKGROUND_MAX_ROWS
        if sharing:
            engine.share_cores(True)
        ctx = AuditContext(
            dataset=ds,
            config=cfg,
            roles=initial_roles(cfg),
            config_path=config_path,
            progress=progress,
            pii_worker=pii_worker,
        )
        roles_resolved = False
        queue = selected_scanners(only)
        evidence = {s.name for s in queue if "role evidence" in s.produces}
        while queue:
            spec = queue.pop(0)
            if sharing and not _background_busy(ctx, pii_worker):
                engine.share_cores(False)
                sharing = False
            if spec.needs_roles(cfg) and not roles_resolved:
                gathering = [s for s in queue if s.name in evidence]
                if gathering:  # the role evidence (the PII scan) is still to be gathered: run this after it
                    queue.insert(queue.index(gathering[-1]) + 1, spec)
                    continue
                ahead = _runnable_ahead(queue, ctx, evidence, cfg)
                # the role evidence (the PII analysis) is still being computed: run what needs no roles first
                if ahead:
                    queue = [*ahead, spec, *[s for s in queue if s not in ahead]]
                    continue
                _finish(ctx, evidence, timings, progress)
                # one named, pure step: config + profile + PII scan (if it ran) -> the roles every later scanner reads
                ctx.roles = resolve_roles(
                    cfg.columns,
                    ctx.results.get("profile") or ds.columns,
                    ctx.results.get("pii"),
                    suggest_qis_by_name=cfg.reident.enabled,
                )
                roles_resolved = True
            _finish(ctx, set(spec.requires) | set(spec.reads), timings, progress)  # work this scanner reads
            progress(f"scanning: {spec.name}")
            t = time.perf_counter()
            result = spec.run(ctx)
            timings[spec.name] = time.perf_counter() - t
            if result is not None:
                ctx.results[spec.name] = result
        _finish(ctx, None, timings, progress)
        progress("checking the input is unchanged")
        check_unchanged(ds)
        progress("judging against policy")
        checks = evaluate_policy(cfg.policy, ctx.results, ctx.skipped)
        scorecard = Scorecard(
            tool=ToolInfo(version=__version__),
            dataset=DatasetInfo(
                path=ds.path,
                sha256=ds.sha256,
                rows=ds.rows,
                columns=len(ds.columns),
                format=ds.format,
                files=[FileInfo(path=f.path, sha256=f.sha256, bytes=f.bytes) for f in ds.files]
                if len(ds.files) > 1
                else [],
            ),
            config_sha256=config_digest(cfg),
            policy=PolicyInfo(name=cfg.policy.name, sha256=_policy_digest(cfg), rules=len(cfg.policy.rules)),
            license=ctx.extra.get("license"),
            generated_at=datetime.now(UTC).replace(microsecond=0).isoformat()
            if cfg.outputs.timestamp
            else None,
            checks=checks,
            verdict=worst([c.status for c in checks]),
            results=Results(**{k: v for k, v in ctx.results.items()}),
        )
    finally:
        if ctx is not None:
            ctx.cancel_pending()  # the audit failed with work still running: stop it before the engine closes
        if pii_worker is not None:
            pii_worker.close()  # unused (a large input, an error before the PII scan) or already answered
        if sharing and not own_engine:
            try:
                engine.share_cores(False)  # the caller's engine gets its cores back
            except Exception:  # never in place of the audit's own error; its results do not depend on it
                pass
        if ds is not None:
            ds.close()  # an engine the dataset opened for itself (a database URL on a file engine)
        if own_engine:
            engine.close()
    assert ds is not None
    report = AuditReport(
        scorecard=scorecard,
        timings=timings,
        dataset_name=ds.name,
        schema_sha256=schema_digest(ds),
        inputs=protected_inputs(),
    )
    if write:
        target = (
            Path(out_dir)
            if out_dir is not None
            else Path(cfg.outputs.dir)
            if cfg.outputs.dir
            else default_out_dir(ds.name)
        )
        progress("writing reports")
        write_outputs(report, target, cfg.outputs.formats)
    return report


def _runnable_ahead(queue: list, ctx: AuditContext, evidence: set[str], cfg: AuditConfig) -> list:
    """While role evidence is pending (the PII analysis in its helper process), the queued scanners that need
    neither the roles nor a result still to come (queued or pending), in their order; none when no evidence is
    pending."""
    pending = {p.scanner for p in ctx.pending}
    if not pending & evidence:
        return []
    later = {s.name for s in queue} | pending
    return [s for s in queue if not s.needs_roles(cfg) and not (set(s.requires) | set(s.reads)) & later]


def _background_busy(ctx: AuditContext, pii_worker: Any) -> bool:
    """Whether work runs beside the audit's queries: pending work still running, or the PII helper before its
    answer (warming up, then analysing)."""
    return any(p.later.running for p in ctx.pending) or (pii_worker is not None and pii_worker.busy)


def _start_pii_worker(cfg: AuditConfig, only: list[str] | None, data: object) -> Any:
    """The PII analysis's helper process, started before the data is read so that it is warm when the samples are
    ready (pii/_worker.py); None when the PII scan will not run, the helper is switched off, or the input is so
    small (a file under ``MIN_BYTES``, a frame under ``MIN_ROWS`` rows: tests, toy tables) that its analysis takes
    less than the helper's own start (about 1.3 CPU seconds, Presidio's import). A helper the command line
    prestarted that this audit will not use is closed here, not left idle through the audit."""
    from .pii._worker import MIN_ROWS, PiiWorker, big_enough_file, discard_prestarted

    if (
        not cfg.pii.enabled
        or (only is not None and "pii" not in only)
        or (isinstance(data, pd.DataFrame) and len(data) < MIN_ROWS)
        # a small file, a glob, a directory, a database URL: in this process
        or (not isinstance(data, pd.DataFrame) and not big_enough_file(data))
    ):
        discard_prestarted()
        return None
    return PiiWorker.start(list(cfg.pii.jurisdictions), cfg.pii.spacy_model)


def _finish(
    ctx: AuditContext, scanners: set[str] | None, timings: dict[str, float], progress: Callable[[str], None]
) -> None:
    """Settle the pending work of ``scanners`` (all when None), announcing the wait as a step; the seconds waited
    are added to each scanner's timing."""
    waiting = [p.scanner for p in ctx.pending if scanners is None or p.scanner in scanners]
    if not waiting:
        return
    progress(f"finishing: {', '.join(dict.fromkeys(waiting))}")
    for name, seconds in ctx.settle(scanners).items():
        timings[name] = timings.get(name, 0.0) + seconds


def _protect_files(ds: Dataset) -> None:
    """Add the dataset's files (a glob or directory expanded) to the inputs outputs may not overwrite."""
    add_protected([(f.path, "an input data file") for f in ds.files])


def write_outputs(report: AuditReport, out_dir: Path, formats: list[str]) -> dict[str, Path]:
    """Render every requested format, then swap the files in as one whole directory (see :mod:`riskaudit._outdir`):
    no half-written report, no file of an earlier audit left beside them, and no file riskaudit did not write
    ever removed (such a directory is refused)."""
    regs = renderers()
    rendered: dict[str, tuple[Path, str | bytes]] = {}
    for fmt in dict.fromkeys(["json", *formats]):
        r = regs.get(fmt)
        if r is None:
            raise InputError(
                f"outputs.formats: '{fmt}' is not available; choose from {', '.join(sorted(regs))}"
            )
        rendered[fmt] = (out_dir / r.filename, r.render(report.scorecard))
        for name, fn in r.extra.items():  # companions (summary.md with report.md)
            rendered[f"{fmt}:{name}"] = (out_dir / name, fn(report.scorecard))
    files = {p.name: c.encode("utf-8") if isinstance(c, str) else c for p, c in rendered.values()}
    replace_outputs(out_dir, files, "--out", carry=_written_into(report, out_dir))
    for fmt, (path, _content) in rendered.items():
        report.files[fmt] = path
    report.out_dir = out_dir
    return report.files


def _written_into(report: AuditReport, out_dir: Path) -> list[str]:
    """Files this run already wrote into ``out_dir`` (a per-record risk file): kept in the new directory."""
    reident = getattr(report.scorecard.results, "reident", None)
    path = getattr(reident, "per_record_output", None)
    if path and os.path.dirname(os.path.realpath(path)) == os.path.realpath(out_dir):
        return [os.path.basename(path)]
    return []
