"""Shared fixtures: paths to the repo's sample data and to ../shared (skipped when absent)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# the word-list cache (pii/recognizers/_vocab_cache.py) goes to a private temporary directory per test process,
# not the user's ~/.cache (and not a predictable path in the shared /tmp)
if "RISKAUDIT_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="riskaudit-test-cache-")
    os.environ["RISKAUDIT_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, True)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
SHARED = Path(os.environ.get("RISKAUDIT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = SHARED / "data"
    if not d.is_dir():
        pytest.skip(f"../shared/data is absent ({d}); these tests check published reference values from it")
    return d


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    d = SHARED / "reference"
    if not d.is_dir():
        pytest.skip(f"../shared/reference is absent ({d})")
    return d


@pytest.fixture(autouse=True)
def _run_in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands resolve configs/ relative to the working directory, as a user in the repo would."""
    monkeypatch.chdir(ROOT)
