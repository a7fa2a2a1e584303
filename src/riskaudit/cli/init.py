"""`riskaudit init DATA [--yes] [--policy P] [--out riskaudit.yaml]`: a commented audit config from a quick PII scan.

The scan suggests the roles (quasi-identifiers, sensitive and protected attributes, direct identifiers) and the
file says by what evidence; label candidates are named from the column names. The policy pack is asked for on a
terminal, or given with ``--policy``; ``--yes`` takes the defaults without asking (scripts). The file holds column
names only, never a value from the data; it is checked by loading it before the command returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .._safe import shown_name as _n
from ..errors import ConfigError
from ._common import cli_errors

_LABEL_TOKENS = {
    "label",
    "target",
    "outcome",
    "class",
    "y",
    "readmitted",
    "approved",
    "default",
    "churn",
    "hired",
    "decision",
    "prediction",
    "predicted",
    "score",
}


def _q(name: str) -> str:
    """A column name as a YAML scalar (a JSON string is valid YAML)."""
    return json.dumps(name, ensure_ascii=True)


def _names(xs: list[str]) -> str:
    return "[" + ", ".join(_q(x) for x in xs) + "]"


def _packs() -> list[str]:
    from ..config._loader import configs_dir

    return sorted(p.stem for p in (configs_dir() / "policies").glob("*.yaml"))


@cli_errors
def init(
    data: Annotated[
        str, typer.Argument(help="CSV/TSV/Parquet/JSONL file, glob or directory to write a config for.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Config file to write.")] = Path("riskaudit.yaml"),
    policy: Annotated[
        str | None,
        typer.Option("--policy", "-p", help="Policy pack (asked for on a terminal when not given)."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask: take the suggested roles and the default policy.")
    ] = False,
    sample_size: Annotated[
        int, typer.Option("--sample-size", min=10, help="Values sampled per column by the quick scan.")
    ] = 200,
) -> None:
    """Write a commented audit config with the roles a quick PII scan suggests."""
    import sys

    from ..config import load_config
    from ..dataset import open_dataset
    from ..engine import connect
    from ..pii import scan_pii
    from ..scanners._roles import name_tokens

    if out.exists():
        raise ConfigError(
            f"{out}: already exists; pass --out with another path or remove it (init never overwrites)"
        )
    packs = _packs()
    if policy is None and not yes and sys.stdin.isatty():
        policy = typer.prompt(f"Policy pack ({', '.join(packs)})", default="default")
    policy = policy or "default"
    if policy not in packs and not Path(policy).is_file():
        raise ConfigError(
            f"--policy: '{policy}' is not a policy pack; choose from {', '.join(packs)} or give a file"
        )
    cfg = load_config(None, overrides={"pii": {"sample_size": sample_size, "free_text": {"mode": "off"}}})
    engine = connect(cfg.engine)
    try:
        ds = open_dataset(data, cfg.dataset, engine)
        types = {c: str(t).lower() for c, t in ds.table.schema().items()}
        pii = scan_pii(engine, ds.text_table, cfg.pii, cfg.columns, column_types=types, rows=ds.rows)
    finally:
        engine.close()
    labels = [c for c in ds.columns if set(name_tokens(c)) & _LABEL_TOKENS]
    why = {
        q.column: f"{q.entity or 'distribution'}, {q.evidence}, confidence {q.confidence:.2f}"
        for q in pii.qi_candidates
    }
    lines = [
        f"# riskaudit audit config for {_n(ds.path, 200)} ({ds.rows:,} rows x {len(ds.columns)} columns),",
        f"# written by `riskaudit init` from a quick PII scan ({sample_size} values per column). Review every role:",
        "# the scan suggests, you decide. Run: riskaudit audit DATA -c THIS_FILE",
        "version: 1",
        "",
        "policy:",
        f"  extends: [{_q(policy)}]    # packs: {', '.join(packs)}",
        "",
        "columns:",
        "  # quasi-identifiers: combinations that can single people out (re-identification risk)",
        f"  quasi_identifiers: {_names(pii.suggested_quasi_identifiers)}",
    ]
    lines += [f"  #   {_n(c)}: {why.get(c, 'suggested')}" for c in pii.suggested_quasi_identifiers]
    left_out = [q for q in pii.qi_candidates if not q.suggested]
    if left_out:
        lines.append(
            "  # candidates the scan left out: "
            + "; ".join(f"{_n(q.column)} ({_n(q.reason, 80)})" for q in left_out[:10])
        )
    lines += [
        "  # sensitive attributes to protect (l-diversity, t-closeness)",
        f"  sensitive: {_names(pii.sensitive)}",
        "  # protected attributes for the bias audit",
        f"  protected: {_names(pii.suggested_protected)}",
        "  # the outcome column, if any (bias base rates); candidates by name: "
        + (", ".join(_n(c) for c in labels) if labels else "none found"),
        f"  # label: {_q(labels[0]) if labels else 'outcome'}",
        '  # positive_label: "1"',
        "  # direct identifiers found by the scan (drop or pseudonymise them before release):",
        "  roles: {" + ", ".join(f"{_q(c)}: direct_identifier" for c in pii.direct_identifiers) + "}",
        "",
    ]
    from .._safeio import atomic_write

    atomic_write(out, "\n".join(lines), "--out")
    try:
        load_config(out)
    except Exception:
        out.unlink(missing_ok=True)
        raise
    typer.echo(
        f"wrote {out} (policy {policy}; {len(pii.suggested_quasi_identifiers)} quasi-identifier(s), "
        f"{len(pii.direct_identifiers)} direct identifier(s)); review it, then: riskaudit audit {data} -c {out}"
    )
