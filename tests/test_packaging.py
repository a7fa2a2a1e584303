"""The default config and every policy pack ship inside the package and are found from any directory.

The full check (build the wheel, install it into a fresh venv, audit from another directory) is
scripts/check-wheel.sh, run by .ci/run; here: the resource lookup, the build metadata, and the wheel's file list.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

import riskaudit
from riskaudit.config import configs_dir, load_config
from riskaudit.config._loader import packaged_configs_dir

ROOT = Path(__file__).resolve().parents[1]
PKG_CONFIGS = ROOT / "src" / "riskaudit" / "configs"
PACKS = sorted(p.stem for p in (PKG_CONFIGS / "policies").glob("*.yaml"))


def test_the_packaged_configs_sit_next_to_the_imported_module():
    assert packaged_configs_dir().resolve() == (Path(riskaudit.__file__).parent / "configs").resolve()
    assert (packaged_configs_dir() / "default.yaml").is_file()
    assert len(PACKS) >= 9 and "hipaa-safe-harbor" in PACKS and "release-gate" in PACKS


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_is_found_by_name_from_another_directory(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configs/ here: the lookup must not depend on the working directory
    monkeypatch.delenv("RISKAUDIT_CONFIGS", raising=False)
    cfg = load_config(None, {"policy": {"extends": [name]}})
    assert cfg.policy.name == name and cfg.policy.rules


def test_a_configs_folder_in_the_working_directory_is_not_picked_up(tmp_path, monkeypatch):
    (tmp_path / "configs" / "policies").mkdir(parents=True)
    (tmp_path / "configs" / "default.yaml").write_text("pii: {sample_size: 7}\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RISKAUDIT_CONFIGS", raising=False)
    assert configs_dir() == packaged_configs_dir()
    assert load_config().pii.sample_size != 7


def test_package_data_globs_cover_every_shipped_config():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    globs = meta["tool"]["setuptools"]["package-data"]["riskaudit"]
    files = [
        p.relative_to(ROOT / "src" / "riskaudit").as_posix() for p in PKG_CONFIGS.rglob("*") if p.is_file()
    ]
    assert files
    for f in files:
        assert any(fnmatch(f, g) and f.count("/") == g.count("/") for g in globs), (
            f"{f} not in package-data {globs}"
        )


def test_distribution_name_is_not_the_taken_one():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["name"] == "riskaudit-dataset"
    assert meta["project"]["scripts"] == {"riskaudit": "riskaudit.cli:run"}
    for example in (ROOT / "examples").iterdir():
        text = example.read_text()
        assert "pip install riskaudit " not in text and "pip install riskaudit\n" not in text, example
    assert "git+https://" in (ROOT / "examples" / "github-actions.yml").read_text()


@pytest.mark.slow
def test_the_built_wheel_holds_the_default_config_and_every_pack(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot build a wheel here (needs setuptools from the package index): {r.stderr[-300:]}")
    (wheel,) = tmp_path.glob("riskaudit_dataset-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "riskaudit/configs/default.yaml" in names
    for name in PACKS:
        assert f"riskaudit/configs/policies/{name}.yaml" in names
