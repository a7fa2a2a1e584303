"""Shared fixtures: paths to the repo's sample data and to ../shared (skipped when absent)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# the vocabulary cache (pii/recognizers/_vocab_cache.py) goes to a temporary directory, not the user's ~/.cache
os.environ.setdefault(
    "RISKAUDIT_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"riskaudit-test-cache-{os.getuid()}")
)

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
