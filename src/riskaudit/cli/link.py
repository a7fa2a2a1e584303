"""`riskaudit link DATA --aux AUX --on A,B,C [--id ID] [--fuzzy] --json`: linkage attacks, ad hoc."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_name as _n
from ..errors import InputError
from ._common import cli_errors, print_json, split_csv


def _pairs(value: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in split_csv(value):
        if "=" not in item:
            raise InputError(
                f"--compare: '{item}' is not AUX_COLUMN=DATA_COLUMN (e.g. full_name=patient_name)"
            )
        a, d = (x.strip() for x in item.split("=", 1))
        out[a] = d
    return out


@cli_errors
def link(
    data: Annotated[str, typer.Argument(help="The dataset under audit (CSV/TSV/Parquet/JSONL).")],
    aux: Annotated[
        str | None, typer.Option("--aux", help="Auxiliary table an attacker holds (exact/fuzzy linkage).")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="Comma-separated shared columns (default: config linkage.on, else QIs in both)."
        ),
    ] = None,
    id_column: Annotated[
        str | None, typer.Option("--id", help="True id on both sides, only to score the attack.")
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help="Also link with Splink (typos, swapped dates, name variants).")
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="Fuzzy: extra AUX=DATA column pairs, e.g. full_name=patient_name."),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="Fuzzy: match probability a link needs (default 0.9).")
    ] = None,
    release: Annotated[
        str | None,
        typer.Option(
            "--release", help="Released file derived from DATA: singling-out/linkability/inference attacks."
        ),
    ] = None,
    control: Annotated[
        str | None,
        typer.Option(
            "--control", help="Original records held out of the release (default: seeded split of DATA)."
        ),
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option("--secret", help="Release attacks: the column the inference attacker guesses."),
    ] = None,
    n_attacks: Annotated[
        int | None, typer.Option("--n-attacks", help="Release attacks: number of attacks (default 500).")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed for sampling and attacks (default 0).")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="Audit config YAML.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print results.linkage as JSON.")] = False,
) -> None:
    """Link an auxiliary table to DATA on shared quasi-identifiers, and/or attack a release of DATA."""
    from ..audit import run_audit
    from ..config import load_config

    lk: dict = {}
    for key, val in (("aux", aux), ("id", id_column), ("match_threshold", threshold), ("seed", seed)):
        if val is not None:
            lk[key] = val
    if on:
        lk["on"] = split_csv(on)
    if fuzzy:
        lk["fuzzy"] = True
    if compare:
        lk["compare"] = _pairs(compare)
    an: dict = {}
    for key, val in (
        ("release", release),
        ("control", control),
        ("secret", secret),
        ("n_attacks", n_attacks),
    ):
        if val is not None:
            an[key] = val
    if an:
        lk["anonymeter"] = an
    cfg = load_config(config, overrides={"linkage": lk} if lk else None)
    lc = cfg.linkage
    if not lc.aux and not lc.anonymeter.release:
        raise InputError("link: give --aux AUX (linkage attack) and/or --release RELEASE (release attacks)")
    if config is None:
        cfg._source_path = "config"
    # without `on` and quasi-identifiers, the shared columns are the QIs `riskaudit audit` suggests (PII scan)
    only = ["linkage"] if lc.on or cfg.columns.quasi_identifiers or not lc.aux else ["pii", "linkage"]
    # a thin view of the audit pipeline: the same adapter, roles and checks as `riskaudit audit` (results.linkage)
    result = run_audit(data, cfg, write=False, only=only).scorecard.results.linkage
    if result is None:  # the linkage scanner returns a result whenever an aux table or a release is set
        raise InputError("link: the linkage scan did not run; give --aux AUX and/or --release RELEASE")
    if as_json:
        print_json(result.model_dump(mode="json", exclude_none=True))
        return
    if result.exact is not None:
        e = result.exact
        line = f"exact on {','.join(_n(x) for x in result.on)}: aux_rows={e.aux_rows} unique_matches={e.matched_unique} ({e.unique_match_rate:.4f})"
        if e.correct is not None:
            line += f" correct={e.correct} ({e.correct_rate:.4f}) precision={e.precision if e.precision is None else round(e.precision, 4)}"
        typer.echo(line)
    if result.fuzzy is not None:
        f = result.fuzzy
        line = f"fuzzy (splink, p>={f.threshold:g}): linked={f.linked} ({f.link_rate:.4f})"
        if f.correct is not None:
            line += f" correct={f.correct} ({f.correct_rate:.4f})"
        typer.echo(line)
    if result.anonymeter is not None:
        a = result.anonymeter
        for name in ("singling_out", "linkability", "inference"):
            x = getattr(a, name)
            if x is not None:
                typer.echo(
                    f"{name}: risk={x.risk.value:.4f} ci=[{x.risk.ci[0]:.4f}, {x.risk.ci[1]:.4f}] "
                    f"attack={x.attack.value:.4f} baseline={x.baseline.value:.4f} control={x.control.value:.4f}"
                )
