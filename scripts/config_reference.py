"""Write docs/config.md, the config reference, from the pydantic models (every key, default and meaning).

    python scripts/config_reference.py            # rewrite docs/config.md
    python scripts/config_reference.py --check    # exit 1 if docs/config.md is out of date

Descriptions come from each field's ``description``; the few fields without one get the text in
``FALLBACK`` below (better: add a ``description=`` to the field in its section module).
"""

from __future__ import annotations

import argparse
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from riskaudit.config import AuditConfig, RuleConfig  # noqa: E402

OUT = ROOT / "docs" / "config.md"

FALLBACK: dict[str, str] = {
    "dataset.format": "File format; `auto` decides by suffix (.csv .txt .data = CSV, .tsv .tab = TSV, .parquet .pq, "
    ".jsonl .ndjson .json = JSON Lines), and for an unknown suffix by the Parquet magic bytes, else CSV.",
    "dataset.encoding": "Text encoding of CSV/TSV. `auto` = UTF-8 (a BOM is dropped), or UTF-16 when the file starts "
    "with a UTF-16 BOM. Latin-1 is never guessed: set it.",
    "dataset.null_values": "Cell texts read as missing (after trimming). Replaces the list when set; `[]` keeps every text.",
    "engine.name": "Where aggregations run: `duckdb` (embedded) or `spark` (`pip install 'riskaudit[spark]'`).",
    "engine.threads": "Worker threads (DuckDB's default: all cores).",
    "engine.temp_directory": "Where DuckDB spills beyond `memory_limit`. Default: a private temporary directory "
    "(mode 0700) removed when the audit ends. A directory you set is created if needed and never removed.",
    "engine.spark_master": "Spark master URL for the spark engine.",
    "engine.spark_conf": "Extra Spark settings (`spark.sql.shuffle.partitions: '8'`, ...).",
    "pii.enabled": "Run the PII scan.",
    "pii.seed": "Seed of the per-column value sample.",
    "pii.min_score": "Presidio score a hit needs to count.",
    "pii.jurisdictions": "Country recognizers to enable (Presidio ships them disabled).",
    "pii.use_column_names": "Let column names (`ssn`, `email`, ...) support the value evidence.",
    "pii.free_text.mode": "`sample`: analyse a seeded sample of free-text rows; `full`: every row; `off`.",
    "pii.free_text.sample_rows": "Rows analysed per free-text column in `sample` mode.",
    "reident.enabled": "Run the re-identification scan.",
    "reident.population_size": "Size of the population the data were drawn from; enables journalist/marketer risk "
    "and population-uniqueness estimates.",
    "reident.sampling_fraction": "Share of the population in the data (alternative to `population_size`).",
    "reident.population_count_column": "Count column of `population_table`.",
    "reident.drivers.enabled": "Look for the QI combinations that make records unique.",
    "reident.drivers.max_quasi_identifiers": "Drivers are skipped above this many QIs.",
    "linkage.fuzzy": "Probabilistic (Splink) linkage in addition to exact matching.",
    "linkage.match_threshold": "Match probability above which a fuzzy pair counts as a link.",
    "linkage.seed": "Seed for sampling in the linkage attack.",
    "linkage.anonymeter.n_attacks": "Attacks per Anonymeter evaluation.",
    "linkage.anonymeter.confidence_level": "Confidence level of Anonymeter's risk intervals.",
    "bias.enabled": "Run the bias audit.",
    "bias.min_group_size": "Groups smaller than this are flagged (never dropped).",
    "bias.min_group_share": "Groups below this share of rows are flagged (NYC LL144 §5-301(d): 2%).",
    "bias.intersections": "Also audit intersections of protected attributes.",
    "bias.n_boot": "Bootstrap resamples for confidence intervals (seeded).",
    "bias.seed": "Seed of the bootstrap and samples.",
    "bias.alpha": "1 - confidence level of the intervals.",
    "bias.calibration_bins": "Bins of the score calibration curve per group.",
    "bias.proxies": "Look for columns that predict a protected attribute (proxies).",
    "bias.cv_folds": "Cross-validation folds of the proxy model.",
    "policy.name": "Name shown in the scorecard (default: the packs joined with `+`).",
    "policy.description": "Free text shown in reports.",
    "policy.rules": "Rule id -> settings; see the rule table below. Overrides the packs key by key.",
    "outputs.formats": "Files to write besides scorecard.json: `md` report.md, `html` report.html, `sarif`, `junit`, "
    "`spdx` (SPDX 3 dataset), `croissant` (Croissant RAI).",
}

INTRO = """# Configuration reference

An audit is configured by one YAML file (`riskaudit audit DATA --config audit.yaml`); without `--config`
riskaudit uses the packaged `src/riskaudit/configs/default.yaml`, which lists the defaults with comments. Every key is optional.
This page is generated from the pydantic models by `python scripts/config_reference.py`: each key, its
type, its default and what it does.

How a config is read:

- **Unknown keys are errors**, with the file, line and the closest valid key: a typo is never ignored
  (`audit.yaml:4: reident.risk_treshold: unknown key; did you mean 'risk_threshold'?`).
- A wrong type or value names the file, line and key (`audit.yaml:3: reident.k: Input should be a valid
  integer ... (found "five")`); invalid YAML names the line where the parser stopped; a key given twice in
  one mapping is an error (PyYAML would silently keep the last).
- The command line wins over the file: `DATA` over `dataset.path`, `--policy` over `policy.extends`,
  `--format` over `outputs.formats`, `--out` over `outputs.dir`; `riskaudit risk` also takes `--qi`, `--k`
  and `--delimiter`.
- The scorecard records `config_sha256`, the sha256 of the effective config (after overrides and policy
  packs are applied, as canonical JSON): the same settings give the same digest wherever the file lives.
- Configured columns must exist in the data (`columns.quasi_identifiers.0: column 'zip' is not in
  data.csv; did you mean 'zip5'?`) and must not be entirely null.

## Reading the data (`dataset`)

Formats are detected from the suffix; gzip-compressed text files (`people.csv.gz`) are read directly.
A directory is read recursively (every CSV/TSV/Parquet/JSON Lines file in it, one format at a time;
names starting with `_` or `.`, such as Spark's `_SUCCESS` and `_temporary/`, are skipped) and a glob
(`data/part-*.parquet`) is expanded; several files are read as one table with columns matched by name,
and the scorecard lists each file with its sha256. Parquet footers are checked before anything runs
(a corrupt or truncated file is named). A pandas DataFrame can be passed to `run_audit` directly.

For CSV/TSV, riskaudit reads the first megabyte and detects:

- **encoding**: UTF-8 (a UTF-8 BOM is dropped, so the first column name is clean), UTF-16 by its BOM.
  Bytes that are not UTF-8 are an error that says to set `encoding: latin-1`, whether they are in the
  first megabyte or further into the file. A file with NUL bytes is refused as binary.
- **delimiter** among `,` `;` tab `|` (Python's csv sniffer, then the most frequent in the header line).
  If a configured delimiter splits the header into one column while another candidate appears in it,
  the error names that candidate.
- **header**: a first line with no numeric cells (and numbers in the second line, or unique names) is a
  header. A header-less file needs `column_names` (one per column, `header: false` is then implied).
  Duplicate column names, also differing only in case, are refused with both positions.
- **missing values**: `null_values` (after trimming, when `trim_whitespace` is on).

UCI Adult (`adult.data`: no header, `, ` separated, `?` for missing) reads with:

```yaml
dataset:
  column_names: [age, workclass, fnlwgt, education, education-num, marital-status, occupation,
                 relationship, race, sex, capital-gain, capital-loss, hours-per-week, native-country, income]
```

(`", "` is found as `,` and the leading space is trimmed; `?` is in the default `null_values`.)

Column names may hold spaces, unicode, quotes, commas and HTML characters: quote them in YAML
(`- "last, first"`, `- '<b>race</b> & co'`). They are quoted in every engine query and escaped in
report.md and report.html. `--qi` on the command line splits on commas, so use the config for names
with commas.

## The engine (`engine`)

Every aggregation runs on the engine; only small results (histograms, rates, samples) come back to
Python, so a file larger than memory is processed by spilling to disk, not by loading it. With
`memory_limit` set, DuckDB spills beyond it to `temp_directory` (a private temporary directory by
default, removed at the end). Spill files contain data: point `temp_directory` at a disk you trust.
An out-of-memory error says which of the two settings to change. The input files are only ever opened
for reading; nothing is written next to them.

```yaml
engine:
  memory_limit: 2GB
  threads: 2
  temp_directory: /scratch/riskaudit-spill
```
"""

SECTION_TITLES = {
    "version": "Top level",
    "dataset": "`dataset`",
    "engine": "`engine`",
    "columns": "`columns`: column roles",
    "pii": "`pii`: personal-data scan",
    "reident": "`reident`: re-identification risk",
    "linkage": "`linkage`: linkage attack",
    "bias": "`bias`: bias audit",
    "policy": "`policy`: which checks run and their thresholds",
    "outputs": "`outputs`",
}


def _type_name(ann: Any) -> str:
    origin = get_origin(ann)
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in get_args(ann))
    if origin in (typing.Union, types.UnionType):
        parts = [a for a in get_args(ann) if a is not type(None)]
        inner = " or ".join(_type_name(a) for a in parts)
        return f"{inner} or null" if len(parts) < len(get_args(ann)) else inner
    if origin in (list, tuple, set):
        args = get_args(ann)
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        k, v = get_args(ann)
        return f"map {_type_name(k)} -> {_type_name(v)}"
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "section"
    return getattr(ann, "__name__", str(ann)).replace("typing.", "")


def _default(field: Any) -> str:
    if field.default is not PydanticUndefined:
        value = field.default
    elif field.default_factory is not None:
        value = field.default_factory()
    else:
        return "required"
    if isinstance(value, BaseModel):
        return ""
    if value is None:
        return "unset"
    return "`" + json.dumps(value, ensure_ascii=False) + "`"


def _bounds(field: Any) -> str:
    out = []
    for m in field.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            v = getattr(m, attr, None)
            if v is not None:
                out.append(f"{sym} {v}")
    return f" ({', '.join(out)})" if out else ""


def _rows(model: type[BaseModel], prefix: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, f in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = f.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            rows += _rows(ann, path + ".")
            continue
        desc = (f.description or FALLBACK.get(path) or "").replace("|", "\\|").replace("\n", " ")
        rows.append((path, _type_name(ann) + _bounds(f), _default(f), desc))
    return rows


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    out = ["| key | type | default | meaning |", "|---|---|---|---|"]
    out += [f"| `{k}` | {t} | {d} | {m} |" for k, t, d, m in rows]
    return out


def _rule_params(rule) -> str:
    """A rule's typed parameters (its ``Params`` model): ``name`` (type, default): meaning."""
    model = getattr(rule, "Params", None)
    fields = (
        getattr(model, "model_fields", {})
        if model is not None and model.model_config.get("extra") == "forbid"
        else {}
    )
    if not fields:
        return "none" if model is not None and model.model_config.get("extra") == "forbid" else "not declared"
    parts = [
        f"`{n}` ({_type_name(f.annotation)}, {_default(f)}): {(f.description or '').rstrip('.')}".rstrip(": ")
        for n, f in fields.items()
    ]
    return "; ".join(parts)


def _rules_section() -> list[str]:
    out = ["", "### Rule settings (`policy.rules.<rule id>`)", ""]
    out.append(
        "Each rule takes these keys; any other key is a parameter of that rule, typed and checked when the policy "
        "loads (an unknown or mistyped parameter is an error naming the file and line; the parameters column "
        "below lists them). `fail` decides first, then "
        "`warn`; which side of the threshold is bad depends on the rule (a k below `fail` fails, a risk "
        "above `fail` fails)."
    )
    out.append("")
    rows = []
    for name, f in RuleConfig.model_fields.items():
        desc = f.description or {
            "enabled": "Set false to drop the rule from the scorecard.",
            "warn": "Threshold for `warn`.",
            "fail": "Threshold for `fail`.",
        }.get(name, "")
        rows.append((f"policy.rules.<rule id>.{name}", _type_name(f.annotation), _default(f), desc))
    out += _table(rows)
    try:
        from riskaudit import checks  # noqa: F401  (registration)
        from riskaudit.checks._registry import registered_rules  # type: ignore[attr-defined]

        rules = registered_rules()
    except Exception:
        rules = None
    if rules:
        out += [
            "",
            "Registered rules (policy packs in `src/riskaudit/configs/policies/` set their thresholds):",
            "",
        ]
        out += ["| rule id | scanner | checks | parameters |", "|---|---|---|---|"]
        items = rules.items() if isinstance(rules, dict) else ((getattr(r, "id", str(r)), r) for r in rules)
        for rid, r in sorted(items):
            title = str(getattr(r, "title", "") or "").replace("|", "\\|")
            out.append(f"| `{rid}` | {getattr(r, 'scanner', '')} | {title} | {_rule_params(r)} |")
    return out


def render() -> str:
    lines = [INTRO.rstrip(), "", "## Every key", ""]
    top = [(n, f) for n, f in AuditConfig.model_fields.items()]
    scalars = [
        (n, f) for n, f in top if not (isinstance(f.annotation, type) and issubclass(f.annotation, BaseModel))
    ]
    lines += [f"### {SECTION_TITLES['version']}", ""]
    rows = []
    for n, f in scalars:
        rows.append(
            (
                n,
                _type_name(f.annotation) + _bounds(f),
                _default(f),
                (f.description or FALLBACK.get(n, "")).replace("|", "\\|"),
            )
        )
    lines += _table(rows)
    for n, f in top:
        if (n, f) in scalars:
            continue
        lines += ["", f"### {SECTION_TITLES.get(n, f'`{n}`')}", ""]
        lines += _table(_rows(f.annotation, n + "."))
        if n == "policy":
            lines += _rules_section()
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} is out of date: run python scripts/config_reference.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
