"""`riskaudit gate DATA --policy P [--baseline B --baseline-key K] [--write-baseline B] [--summary FILE]`: the CI gate.

Exit codes: 0 = no new failing finding (new warnings, not-measured checks and baselined findings do not fail);
1 = at least one new fail/error finding not in the baseline, or no check measured at all, or (with ``--against OLD``)
anything got worse than in the previous release beyond tolerance (docs/diff.md); 2 = usage, config or
input error (including a baseline without its key, with another key or edited after it was written); 3 = internal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_message, term
from .._safe import shown_name as _n
from ._common import audit_overrides, cli_errors, err_console

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}


@cli_errors
def gate(
    data: Annotated[
        str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob, directory or postgres:// URL.")
    ],
    policy: Annotated[
        list[str] | None, typer.Option("--policy", "-p", help="Policy pack(s) (default: the config's).")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", "-b", help="Accepted findings; only findings not in it fail. Needs --baseline-key."
        ),
    ] = None,
    baseline_key: Annotated[
        Path | None,
        typer.Option(
            "--baseline-key",
            envvar="RISKAUDIT_BASELINE_KEY_FILE",
            help="Secret key of the baseline (`riskaudit keygen --purpose baseline`); or set RISKAUDIT_BASELINE_KEY to the key's text.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline", help="Write the current findings as the new baseline (needs --baseline-key)."
        ),
    ] = None,
    dataset_name: Annotated[
        str | None,
        typer.Option(
            "--dataset-name",
            help="The dataset's identity the baseline is bound to (default: the source's name, e.g. the file stem).",
        ),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option("--summary", help="Append a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)."),
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    license: Annotated[Path | None, typer.Option("--license", help="license.yaml to bind and check.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the audit outputs here.")
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", "-f", help="Output formats when --out is given.")
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="The previous release (scorecard.json or data, audited under the same config): also fail when anything got worse beyond tolerance (`riskaudit diff`).",
        ),
    ] = None,
    tolerance: Annotated[
        Path | None, typer.Option("--tolerance", help="Tolerance YAML for --against (docs/diff.md).")
    ] = None,
) -> None:
    """Audit DATA and fail only on findings that are not in the baseline (exit 0 pass, 1 new failures, 2 usage)."""
    from .._safeio import atomic_append, atomic_write, check_output
    from ..audit import run_audit
    from ..config import load_config
    from ..errors import ConfigError
    from ..gate import (
        DatasetIdentity,
        compare,
        gate_summary,
        identity_warnings,
        load_baseline,
        load_baseline_key,
        make_baseline,
    )

    cfg = load_config(config, overrides=audit_overrides(policy, license, formats))
    key = load_baseline_key(baseline_key)
    if write_baseline is not None and key is None:
        raise ConfigError(
            f"{write_baseline}: a baseline is keyed with a secret; pass --baseline-key FILE or set "
            "RISKAUDIT_BASELINE_KEY (create one with `riskaudit keygen --purpose baseline`)"
        )
    # the gate's own files may not overwrite what it reads (checked before the audit too, to fail fast)
    early = [(data, "the input data")] if data else []
    early += [
        (p, what) for p, what in ((config, "the config"), (license, "the license file")) if p is not None
    ]
    if against is not None:
        early.append((against, "the previous release (--against)"))
    if write_baseline is not None:
        check_output(write_baseline, "--write-baseline", early)
    if summary is not None:
        check_output(
            summary, "--summary", early + ([(baseline, "the baseline")] if baseline is not None else [])
        )
    bl = load_baseline(baseline, key) if baseline is not None else None
    tol = None
    if tolerance is not None and against is None:
        raise ConfigError(
            f"{tolerance}: --tolerance applies to --against OLD; pass the previous release with --against"
        )
    if against is not None:
        from ..diff import load_tolerance

        tol = load_tolerance(tolerance)
    report = run_audit(data, cfg, out_dir=out, write=out is not None)
    sc = report.scorecard
    release_diff = _against(against, sc, cfg, tol) if against is not None else None
    ident = DatasetIdentity(
        name=dataset_name or report.dataset_name or sc.dataset.path, schema_sha256=report.schema_sha256
    )
    warnings: list[str] = []
    if bl is not None:
        warnings, applies = identity_warnings(bl, sc, ident)
        if not applies:
            bl = None
    res = compare(sc, bl, key)
    res.warnings = warnings
    if write_baseline is not None and key is not None:
        check_output(write_baseline, "--write-baseline", report.inputs)
        atomic_write(write_baseline, make_baseline(sc, key, ident).to_json(), "--write-baseline")
    for w in warnings:
        err_console.print(f"warning: {term(w)}", markup=False, highlight=False)
    for c in res.new:
        err_console.print(
            f"  NEW {ICON[c.status]} {term(c.id)}{f' [{_n(c.column)}]' if c.column else ''}: {shown_message(c.message)}",
            markup=False,
            highlight=False,
        )
    if summary is not None:
        protected = (*report.inputs, *(((str(baseline), "the baseline"),) if baseline is not None else ()))
        check_output(summary, "--summary", protected)
        atomic_append(summary, gate_summary(sc, res, baseline is not None) + "\n", "--summary")
        if release_diff is not None:
            from ..render.diff_md import render_diff_md

            atomic_append(summary, render_diff_md(release_diff) + "\n", "--summary")
    nothing_measured = sc.verdict == "not_measured"
    code = 1 if nothing_measured else res.exit_code
    if release_diff is not None:
        code = max(code, release_diff.exit_code)
        err_console.print(
            f"against {term(against)}: {release_diff.verdict.replace('_', ' ')}, "
            f"{release_diff.worse_beyond_tolerance} worse beyond tolerance",
            markup=False,
            highlight=False,
        )
        for ch in release_diff.changes:
            if ch.beyond_tolerance:
                err_console.print(
                    f"  WORSE {term(ch.key)}: {term(ch.old)} -> {term(ch.new)}", markup=False, highlight=False
                )
    from ..render._common import verdict_summary

    verdict = "FAILED" if code else "PASSED"
    new_nm = sum(1 for c in res.new if c.status == "not_measured")
    err_console.print(
        f"gate {verdict}: {len(res.failing)} new failing, {len(res.new) - len(res.failing) - new_nm} new warning, "
        f"{new_nm} new not measured, {len(res.baselined)} baselined, {len(res.fixed)} fixed "
        f"(policy {term(sc.policy.name) if sc.policy else 'none'}; {verdict_summary(sc)})",
        markup=False,
        highlight=False,
    )
    raise typer.Exit(code)


def _against(against: str, sc, cfg, tol):  # type: ignore[no-untyped-def]
    """The release diff of this audit against the previous release (a scorecard, or data audited the same way)."""
    from ..diff import compare_scorecards
    from ..diff._release import load_release

    return compare_scorecards(load_release(against, cfg).scorecard, sc, tol)
