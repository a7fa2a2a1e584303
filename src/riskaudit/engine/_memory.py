"""The default memory bound of the embedded engine when ``engine.memory_limit`` is not set.

DuckDB's own default is 80 % of RAM: on a 24 GiB machine the whole audit of 50M rows peaked at 7.3 GB,
because a hash aggregate keeps every group in memory as long as it may. riskaudit instead caps DuckDB's
buffer manager at

    min(25 % of the machine's memory, max(1.25 GiB, 128 MiB x threads))

(the machine's memory is the smaller of physical RAM and a cgroup limit), never below 256 MiB; 1.5 GiB
instead of 1.25 for an input of more than 256 columns. Past the
cap, hash aggregates, joins and sorts spill to the engine's private temp directory. The many-group GROUP
BY of l-diversity is split into passes that each fit the cap (:func:`default_group_pass_rows`), so it
does not spill at all. An explicit ``engine.memory_limit`` (or ``engine.group_pass_rows``) always wins.
"""

from __future__ import annotations

import os

__all__ = ["machine_memory", "default_memory_limit", "default_group_pass_rows", "BYTES_PER_GROUP", "WIDE_CAP"]

GIB = 1 << 30
MIB = 1 << 20
#: the automatic limit is at most this share of the machine's memory
SHARE = 0.25
#: ... and at most this much, unless many threads need more (PER_THREAD each). 1.25 GiB: the rest of the
#: process (Python, Presidio's recognizers, pandas) takes about 600 MiB at its peak, and the 50M-row whole audit
#: peaked at 2,161 MiB with 1.5 GiB here (goal: under 2 GB). Not 1 GiB: DuckDB 1.5 asks for 512 MiB blocks in
#: some hash aggregates, and a GROUP BY over the union of two 16k- and 32k-row CSV files (quality's train/test
#: overlap) once ran out of memory at 1 GiB
CAP = 1280 * MIB
#: the cap for a wide input (more than 256 columns): DuckDB allocates vectors per expression node outside what
#: it can spill, so the per-column statistics of 600- and 2,000-column tables ran out of memory at 1.25 GiB and
#: pass at 1.5 GiB (tests/test_wide_long.py, tests/test_fuzz_inputs.py)
WIDE_CAP = 1536 * MIB
PER_THREAD = 128 * MIB
FLOOR = 256 * MIB
#: hash-aggregate bytes per (quasi-identifiers, sensitive value) group on DuckDB 1.5 (50M rows, 14M groups:
#: 2.46 GB peak in one pass, 1.36 GB in two); a pass holds at most limit / BYTES_PER_GROUP rows, so at most
#: that many groups (beyond, DuckDB spills, about twice as slow, never wrong)
BYTES_PER_GROUP = 100


def _cgroup_limit() -> int | None:
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path) as f:
                text = f.read().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < (1 << 60):  # v1 reports "no limit" as a huge number, v2 as "max"
            return int(text)
    return None


def machine_memory() -> int | None:
    """Bytes of memory this process may use: physical RAM, or a smaller cgroup (container) limit."""
    found = []
    try:
        found.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, OSError, ValueError):
        pass
    cg = _cgroup_limit()
    if cg:
        found.append(cg)
    found = [f for f in found if f > 0]
    return min(found) if found else None


def default_memory_limit(threads: int | None = None, memory: int | None = None, wide: bool = False) -> int:
    """The automatic DuckDB memory limit in bytes for ``threads`` threads on a machine with ``memory`` bytes
    (both detected when None); ``wide``: for an input of more than 256 columns (``WIDE_CAP``)."""
    threads = threads or os.cpu_count() or 1
    memory = memory if memory is not None else machine_memory()
    want = max(WIDE_CAP if wide else CAP, PER_THREAD * threads)
    if memory:
        want = min(want, int(memory * SHARE))
    return max(want, FLOOR)


def default_group_pass_rows(limit_bytes: int) -> int:
    """Rows per pass of the many-group GROUP BY such that one pass's hash table fits in ``limit_bytes``."""
    return max(1_000_000, limit_bytes // BYTES_PER_GROUP)
