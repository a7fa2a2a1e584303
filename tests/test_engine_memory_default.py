"""engine.memory_limit unset: DuckDB gets a bound chosen from the machine, never its own 80 % of RAM; a set value wins."""

from __future__ import annotations

from riskaudit.config import EngineConfig
from riskaudit.engine import connect
from riskaudit.engine._memory import GIB, MIB, default_group_pass_rows, default_memory_limit


def _setting(engine, name: str) -> str:
    return str(engine.raw.execute(f"SELECT current_setting('{name}')").fetchone()[0])


def test_default_limit_formula():
    assert default_memory_limit(2, 24 * GIB) == 1280 * MIB  # 25 % would be 6 GiB: capped at 1.25 GiB
    assert default_memory_limit(2, 24 * GIB, wide=True) == 1536 * MIB  # more than 256 columns: 1.5 GiB
    assert default_memory_limit(2, 2 * GIB) == 512 * MIB  # a small machine: a quarter of it
    assert default_memory_limit(2, 512 * MIB) == 256 * MIB  # never below 256 MiB
    assert default_memory_limit(32, 64 * GIB) == 4 * GIB  # 128 MiB per thread on a big machine
    assert default_memory_limit(32, 8 * GIB) == 2 * GIB  # ... still at most a quarter of it
    assert default_group_pass_rows(1 * GIB) == GIB // 100


def test_unset_limit_is_bounded_and_explicit_wins():
    e = connect(EngineConfig(threads=2))
    try:
        assert e.memory_limit_source == "default"
        want = default_memory_limit(2)
        assert (
            _setting(e, "memory_limit") == f"{want / GIB:.1f} GiB" or want < GIB
        )  # e.g. 1.2 GiB (DuckDB shows 1.25)
        assert e.group_pass_rows == default_group_pass_rows(want)
    finally:
        e.close()
    e = connect(EngineConfig(memory_limit="3GB", group_pass_rows=123))
    try:
        assert e.memory_limit_source == "config"
        assert _setting(e, "memory_limit") in ("2.7 GiB", "2.8 GiB")  # DuckDB shows 3 GB as GiB
        assert e.group_pass_rows == 123
    finally:
        e.close()
    e = connect(EngineConfig(memory_limit="3GB"))
    try:
        assert e.group_pass_rows == 25_000_000
    finally:
        e.close()


def test_wide_input_raises_an_automatic_limit_only(tmp_path):
    """More than 256 columns: the automatic limit becomes the wide one (WIDE_CAP); a configured one stays."""
    import pandas as pd

    from riskaudit.engine._memory import WIDE_CAP

    wide = pd.DataFrame({f"c{i}": [1, 2, 3] for i in range(300)})
    narrow = wide.iloc[:, :10]
    e = connect(EngineConfig(threads=2))
    try:
        e.from_pandas(narrow)
        assert e.memory_limit == f"{default_memory_limit(2) // MIB}MiB"
        e.from_pandas(wide)
        want = default_memory_limit(2, wide=True)
        assert want >= min(WIDE_CAP, default_memory_limit(2)) and want >= default_memory_limit(2)
        assert e.memory_limit == f"{want // MIB}MiB"
        assert _setting(e, "memory_limit") == f"{want / GIB:.1f} GiB" or want < GIB
        assert e.group_pass_rows == default_group_pass_rows(want)
    finally:
        e.close()
    e = connect(EngineConfig(memory_limit="3GB"))
    try:
        e.from_pandas(wide)
        assert e.memory_limit == "3GB"
    finally:
        e.close()
