#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv and audit with a named policy pack from another directory:
# the installed package (not this source tree) must find its default config and every policy pack.
# Fast on purpose: the venv sees the already-installed dependencies (--system-site-packages), so pip
# installs only the wheel; the audit runs on 300 rows.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset PYTHONPATH

python -m pip wheel --no-deps -q -w "$work/dist" .
python -m venv --system-site-packages "$work/venv"
"$work/venv/bin/python" -m pip install -q "$work"/dist/*.whl

mkdir "$work/elsewhere"
head -n 301 "$repo/sample_data/hospital_discharges_deid.csv" > "$work/elsewhere/data.csv"
cd "$work/elsewhere"
# the wheel is what gets imported, and its packs are found by name
"$work/venv/bin/python" - "$work/venv" <<'PY'
import sys
from pathlib import Path

import riskaudit
from riskaudit.config import configs_dir, load_config

venv = Path(sys.argv[1]).resolve()
where = Path(riskaudit.__file__).resolve()
assert venv in where.parents, f"imported {where}, not the wheel installed in {venv}"
assert venv in configs_dir().resolve().parents, configs_dir()
packs = sorted(p.stem for p in (configs_dir() / "policies").glob("*.yaml"))
assert len(packs) >= 9, packs
for name in packs:
    load_config(None, {"policy": {"extends": [name]}})
print(f"wheel ok: {where.parent} with {len(packs)} policy packs")
PY
set +e
"$work/venv/bin/riskaudit" audit data.csv --policy hipaa-safe-harbor --out out --format json,md
rc=$?
set -e
if [ "$rc" -gt 1 ]; then
  echo "installed-wheel audit failed with exit $rc" >&2
  exit 1
fi
python - <<'PY'
import json
sc = json.load(open("out/scorecard.json"))
assert sc["policy"]["name"] == "hipaa-safe-harbor", sc["policy"]
assert sc["checks"], "no checks"
print(f"installed-wheel audit ok: verdict {sc['verdict']}, {len(sc['checks'])} checks, policy {sc['policy']['name']}")
PY
