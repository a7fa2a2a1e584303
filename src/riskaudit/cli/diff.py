"""`riskaudit diff OLD NEW [--policy P] [--tolerance FILE] [--drift] [--json] [--md FILE] [--html FILE]`: compare two releases.

OLD and NEW are scorecard JSON files or data (audited first, under the same config and policy). Exit codes:
0 = nothing got worse beyond tolerance (not comparable items are listed, never counted as a pass); 1 = something
got worse beyond tolerance (or the tolerance file makes not-comparable items or drift fail); 2 = usage, config or
input error; 3 = internal error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ._common import audit_overrides, cli_errors, err_console, progress_display


@cli_errors
def diff(
    old: Annotated[
        str, typer.Argument(help="The release the license was signed on: scorecard.json or data.")
    ],
    new: Annotated[str, typer.Argument(help="The new release: scorecard.json or data.")],
    policy: Annotated[
        list[str] | None,
        typer.Option("--policy", "-p", help="Policy pack(s) for auditing data (default: the config's)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="Audit config YAML for auditing data.")
    ] = None,
    tolerance: Annotated[
        Path | None,
        typer.Option(
            "--tolerance", "-t", help="Tolerance YAML (docs/diff.md); default: the documented defaults."
        ),
    ] = None,
    drift: Annotated[
        bool,
        typer.Option(
            "--drift",
            help="Also compute per-column drift (PSI, Jensen-Shannon, Wasserstein); needs data for both.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the diff as JSON on stdout.")] = False,
    md: Annotated[
        Path | None,
        typer.Option("--md", help="Write the diff as Markdown (a PR comment, < 65,536 characters) here."),
    ] = None,
    out_json: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the diff JSON to this file.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the diff as a self-contained HTML page here.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the verdict line.")] = False,
) -> None:
    """Compare two releases: what got better, worse, appeared, disappeared or cannot be compared (exit 1: worse)."""
    from .._safeio import atomic_write, check_output
    from ..config import load_config
    from ..diff import diff_releases, load_tolerance
    from ..render.diff_md import render_diff_md
    from ._common import print_json

    inputs = [(old, "the old release"), (new, "the new release")]
    inputs += [
        (p, what) for p, what in ((config, "the config"), (tolerance, "the tolerance file")) if p is not None
    ]
    for target, what in ((md, "--md"), (out_json, "--out"), (html, "--html")):
        if target is not None:
            check_output(target, what, inputs)
    tol = load_tolerance(tolerance)
    cfg = load_config(config, overrides=audit_overrides(policy, None, None))
    with progress_display(not quiet and not as_json) as progress:
        res = diff_releases(old, new, cfg, tol, drift=drift, progress=progress)
    text = res.to_json()
    if out_json is not None:
        atomic_write(out_json, text, "--out")
    if md is not None:
        atomic_write(md, render_diff_md(res, full_json=str(out_json) if out_json else None) + "\n", "--md")
    if html is not None:
        from ..render.diff_md import render_diff_html_page

        atomic_write(html, render_diff_html_page(res, str(old), str(new)), "--html")
    if as_json:
        print_json(res.model_dump(mode="json", exclude_none=True))
    if not quiet:
        for ch in res.changes:
            if ch.change == "unchanged" or (
                ch.change == "not_comparable"
                and ch.old in (None, "not_measured")
                and ch.new in (None, "not_measured")
            ):
                continue  # not measured in either: counted in the verdict line, listed in --json / --md
            mark = "WORSE" if ch.beyond_tolerance else ch.change.upper().replace("_", " ")
            err_console.print(
                f"  {mark} {term(ch.key)}: {term(ch.old)} -> {term(ch.new)}"
                + (f" ({term(ch.note)})" if ch.note else ""),
                markup=False,
                highlight=False,
            )
        for s in res.schema_changes:
            err_console.print(
                f"  SCHEMA {s.change.upper()} {term(s.column)}"
                + (" (a new direct identifier: worse)" if s.worse else ""),
                markup=False,
                highlight=False,
            )
        for d in res.drift or []:
            if d.drifted:
                err_console.print(
                    f"  DRIFT {term(d.column)}: {d.method} >= {d.threshold}", markup=False, highlight=False
                )
    c = res.counts
    err_console.print(
        f"diff {res.verdict.upper().replace('_', ' ')}: {res.worse_beyond_tolerance} worse beyond tolerance, "
        f"{c['better']} better, {c['appeared']} appeared, {c['disappeared']} disappeared, {c['not_comparable']} not comparable, "
        f"{c['unchanged']} unchanged",
        markup=False,
        highlight=False,
    )
    raise typer.Exit(res.exit_code)
