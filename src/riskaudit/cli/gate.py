"""`riskaudit gate DATA --policy P [--baseline B] [--write-baseline B] [--summary FILE]`: the CI gate.

Exit codes: 0 = no new failing finding (new warnings, not-measured checks and baselined findings do not fail);
1 = at least one new fail/error finding not in the baseline, or no check measured at all; 2 = usage, config or input error; 3 = internal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..render._common import verdict_summary
from ._common import audit_overrides, cli_errors, err_console

ICON = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_measured": "NOT MEASURED"}


@cli_errors
def gate(
    data: Annotated[str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory.")],
    policy: Annotated[list[str] | None, typer.Option("--policy", "-p", help="Policy pack(s) (default: the config's).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", "-b", help="Accepted findings; only findings not in it fail.")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", help="Write the current findings as the new baseline.")] = None,
    summary: Annotated[Path | None, typer.Option("--summary", help="Append a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY).")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    license: Annotated[Path | None, typer.Option("--license", help="license.yaml to bind and check.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Also write the audit outputs here.")] = None,
    formats: Annotated[str | None, typer.Option("--format", "-f", help="Output formats when --out is given.")] = None,
    salt: Annotated[str | None, typer.Option("--salt", envvar="RISKAUDIT_SALT", help="Salt for baseline hashes (default: outputs.salt).")] = None,
) -> None:
    """Audit DATA and fail only on findings that are not in the baseline (exit 0 pass, 1 new failures, 2 usage)."""
    from ..audit import run_audit
    from ..config import load_config
    from ..gate import compare, gate_summary, load_baseline, make_baseline
    cfg = load_config(config, overrides=audit_overrides(policy, license, formats))
    the_salt = salt if salt is not None else cfg.outputs.salt
    bl = load_baseline(baseline, the_salt) if baseline is not None else None
    report = run_audit(data, cfg, out_dir=out, write=out is not None)
    sc = report.scorecard
    res = compare(sc, bl, the_salt)
    if write_baseline is not None:
        write_baseline.parent.mkdir(parents=True, exist_ok=True)
        write_baseline.write_text(make_baseline(sc, the_salt).to_json(), encoding="utf-8")
    for c in res.new:
        err_console.print(f"  NEW {ICON[c.status]} {c.id}{f' [{c.column}]' if c.column else ''}: {c.message}", markup=False, highlight=False)
    if summary is not None:
        with open(summary, "a", encoding="utf-8") as f:
            f.write(gate_summary(sc, res, bl is not None) + "\n")
    nothing_measured = sc.verdict == "not_measured"
    code = 1 if nothing_measured else res.exit_code
    verdict = "FAILED" if code else "PASSED"
    new_nm = sum(1 for c in res.new if c.status == "not_measured")
    err_console.print(
        f"gate {verdict}: {len(res.failing)} new failing, {len(res.new) - len(res.failing) - new_nm} new warning, "
        f"{new_nm} new not measured, {len(res.baselined)} baselined, {len(res.fixed)} fixed "
        f"(policy {sc.policy.name if sc.policy else 'none'}; {verdict_summary(sc)})",
        markup=False, highlight=False,
    )
    raise typer.Exit(code)
