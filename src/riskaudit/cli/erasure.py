"""`riskaudit erasure register|verify`: a keyed ledger of erasure requests (GDPR Art. 17), verification of a
release against it, and a signed deletion receipt. See docs/erasure.md."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated

import typer

from .._safe import term
from ..errors import ConfigError, InputError
from ._common import EXIT_FAIL, cli_errors, print_json, split_csv

app = typer.Typer(
    name="erasure",
    help="Erasure requests: register them in a keyed ledger, verify a release, sign a receipt.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def load_ledger(path: Path):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from ..erasure._result import Ledger

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the ledger ({exc.strerror}); write one with `riskaudit erasure register`"
        ) from None
    try:
        ledger = Ledger.model_validate_json(raw)
    except (ValidationError, ValueError):
        raise InputError(
            f"{path}: not a riskaudit erasure ledger (invalid JSON or fields); write one with `riskaudit erasure register`"
        ) from None
    if Ledger.entries_digest(ledger.entries) != ledger.entries_sha256 or any(
        e.digest() != e.sha256 for e in ledger.entries
    ):
        raise InputError(
            f"{path}: the ledger's entries do not match their sha256 (edited or corrupted); re-register the requests"
        )
    return ledger, hashlib.sha256(raw).hexdigest()


@app.command("register")
@cli_errors
def register(
    requests: Annotated[
        str, typer.Argument(help="The erasure requests (CSV/TSV/Parquet/JSONL), one row per data subject.")
    ],
    key: Annotated[
        Path, typer.Option("--key", help="Erasure key from `riskaudit keygen --purpose erasure`.")
    ],
    id_cols: Annotated[
        str,
        typer.Option("--id-cols", help="Identifier columns of REQUESTS, e.g. full_name,date_of_birth,zip5."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Ledger file to write (JSON).")],
    normalize: Annotated[
        bool,
        typer.Option(
            "--normalize/--no-normalize",
            help="Also hash the normalised tuple and its swapped-date variants (default on).",
        ),
    ] = True,
    fuzzy: Annotated[
        bool,
        typer.Option("--fuzzy", help="Also store keyed bigram CLKs of the names for fuzzy (Dice) matching."),
    ] = False,
    qi: Annotated[
        str | None,
        typer.Option(
            "--qi",
            help="Release QI columns to hash per request (present in REQUESTS, or zipN / birth_year derived).",
        ),
    ] = None,
    bits: Annotated[int, typer.Option("--clk-bits", help="CLK length in bits.")] = 1000,
    k: Annotated[int, typer.Option("--clk-k", help="Hash functions per bigram.")] = 30,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing ledger.")] = False,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Audit config YAML (how to read the file: dataset.*; engine.*)."),
    ] = None,
) -> None:
    """Register erasure requests: per request, keyed HMACs (and optional CLKs); never a raw value."""
    from ..config import load_config
    from ..dataset import open_dataset
    from ..engine import connect
    from ..erasure._keys import load_erasure_key
    from ..erasure._register import register_requests
    from ..erasure._result import ClkParams, canonical_json

    if out.exists() and not force:
        raise ConfigError(f"{out}: already exists; choose another --out or pass --force")
    if not (64 <= bits <= 8192) or not (1 <= k <= 100):
        raise ConfigError("--clk-bits must be 64..8192 and --clk-k 1..100")
    ekey = load_erasure_key(key)
    cfg = load_config(config)
    engine = connect(cfg.engine)
    try:
        ds = open_dataset(requests, cfg.dataset, engine)
        ledger = register_requests(
            engine,
            ds.text_table,
            split_csv(id_cols),
            ekey,
            normalize=normalize,
            fuzzy=fuzzy,
            qi=split_csv(qi),
            clk=ClkParams(bits=bits, k=k) if fuzzy else None,
        )
    finally:
        engine.close()
    data = canonical_json(ledger.model_dump(mode="json")) + b"\n"
    _write(out, data)
    typer.echo(
        f"wrote {term(out)}: {ledger.requests} request(s), sha256 {hashlib.sha256(data).hexdigest()}, key id {ledger.key_id}"
    )


@app.command("verify")
@cli_errors
def verify(
    release: Annotated[str, typer.Argument(help="The release to check (CSV/TSV/Parquet/JSONL).")],
    ledger_path: Annotated[
        Path, typer.Option("--ledger", help="Ledger written by `riskaudit erasure register`.")
    ],
    key: Annotated[Path, typer.Option("--key", help="The erasure key the ledger was made with.")],
    id_cols: Annotated[
        str | None, typer.Option("--id-cols", help="The release's identifier columns, in the ledger's order.")
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help="Also match names fuzzily (CLK Dice) on blocked candidates.")
    ] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", help="Fuzzy: Dice coefficient a match needs.")
    ] = 0.8,
    qi: Annotated[
        str | None,
        typer.Option(
            "--qi",
            help="De-identified release: QI columns; subjects whose QI tuple is unique are 'possibly present'.",
        ),
    ] = None,
    sign: Annotated[
        list[Path] | None,
        typer.Option(
            "--sign", help="Ed25519 private key: write a signed deletion receipt (repeat to co-sign)."
        ),
    ] = None,
    receipt: Annotated[
        Path | None,
        typer.Option(
            "--receipt", help="Receipt path (default: erasure-receipt.intoto.json beside the ledger)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result and the check as JSON.")] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Audit config YAML: dataset.*/engine.* to read RELEASE; "
            "policy rule erasure.residual_subjects (default: fail on any residue).",
        ),
    ] = None,
) -> None:
    """Find erasure requests in a release (exact, normalised, fuzzy); residual rows as row numbers only. Exit 1 on residue."""
    from ..attest import load_private_key
    from ..checks._registry import registered_rules
    from ..config import RuleConfig, load_config
    from ..dataset import open_dataset
    from ..engine import connect
    from ..erasure._keys import load_erasure_key
    from ..erasure._receipt import build_receipt, sign_receipt
    from ..erasure._verify import verify_release

    ledger, ledger_sha = load_ledger(ledger_path)
    ekey = load_erasure_key(key)
    if ekey.key_id != ledger.key_id:
        raise ConfigError(
            f"{key}: not the key {ledger_path} was made with (key id {ekey.key_id} != {ledger.key_id}); "
            "with another key no request can be found: pass the ledger's key"
        )
    signers = [load_private_key(p) for p in sign or []]
    cfg = load_config(config)
    from ..config._loader import resolve_policy

    rule_cfg = resolve_policy(cfg.policy)[0].rule("erasure.residual_subjects") or RuleConfig(fail=0)
    engine = connect(cfg.engine)
    try:
        ds = open_dataset(release, cfg.dataset, engine)
        res = verify_release(
            engine,
            ds.text_table,
            ledger,
            ekey,
            release_name=ds.path,
            release_sha256=ds.sha256,
            rows=ds.rows,
            ledger_sha256=ledger_sha,
            id_cols=split_csv(id_cols),
            fuzzy=fuzzy,
            threshold=threshold,
            qi=split_csv(qi),
        )
        files = [(f.path, f.sha256) for f in ds.files]
    finally:
        engine.close()
    rule = registered_rules()["erasure.residual_subjects"]
    checks = rule.evaluate({"erasure": res}, rule_cfg)
    worst = (
        "fail"
        if any(c.status in ("fail", "error") for c in checks)
        else ("warn" if any(c.status == "warn" for c in checks) else "pass")
    )
    main_check = next((c for c in checks if c.status == worst), checks[0])
    receipt_path = None
    if signers:
        receipt_path = receipt or ledger_path.with_name("erasure-receipt.intoto.json")
        stmt = build_receipt(res, ledger, ledger_path, files, main_check, receipt_path.parent)
        _write(
            receipt_path, json.dumps(sign_receipt(stmt, signers), indent=2, sort_keys=True).encode() + b"\n"
        )
    if as_json:
        print_json(
            {
                "erasure": res.model_dump(mode="json"),
                "checks": [c.model_dump(mode="json", exclude_none=True) for c in checks],
                "receipt": str(receipt_path) if receipt_path else None,
            }
        )
    else:
        for c in checks:
            typer.echo(f"{c.status.upper()} {c.id}: {term(c.message)}")
        if res.residual_rows:
            shown = ", ".join(str(r.row) for r in res.residual_rows[:20])
            more = (
                f" (+{len(res.residual_rows) - 20} more; --json lists all)"
                if len(res.residual_rows) > 20
                else ""
            )
            typer.echo(f"residual rows: {shown}{more}")
        if receipt_path:
            typer.echo(
                f"wrote {term(receipt_path)} (check it with `riskaudit verify {term(receipt_path)} --pub KEY.pub`)"
            )
    if worst == "fail":
        raise typer.Exit(EXIT_FAIL)
