"""Progress: one plain line per step with elapsed time and rows in a non-TTY run of the CLI (a CI log); one line
with --quiet; the Python API's callback gets each finished step."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from riskaudit.progress import Step, Steps
from scorecard_fixtures import make_dataset

RUN = "import sys; from riskaudit.cli import main; sys.argv[0] = 'riskaudit'; main()"
LINE = re.compile(r"^riskaudit: \[(\d+)\] (.+): done in (\d+\.\d) s; (\d[\d,]*) rows$")


def _cli(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    # stdin/stdout/stderr are pipes: not a terminal, as in CI
    return subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=tmp, env=env, capture_output=True, text=True, timeout=600
    )


def test_non_tty_cli_prints_one_plain_line_per_step(tmp_path):
    make_dataset(tmp_path / "d.csv", n=150)
    r = _cli(tmp_path, "audit", "d.csv", "-o", "out", "-f", "json,md")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("riskaudit: [")]
    got = [LINE.match(ln) for ln in lines]
    assert all(got), lines
    steps = [m.group(2) for m in got]
    assert steps[0] == "opening dataset" and "scanning: pii" in steps and "scanning: reident" in steps
    assert steps[-2:] == ["judging against policy", "writing reports"]
    assert [int(m.group(1)) for m in got] == list(range(1, len(got) + 1))  # numbered, each step once
    assert {m.group(4) for m in got} == {"150"}  # the rows each step went over
    assert "\x1b[" not in r.stderr and "\r" not in r.stderr  # no terminal control sequences in a log
    assert (tmp_path / "out" / "scorecard.json").is_file()


def test_quiet_keeps_one_line(tmp_path):
    make_dataset(tmp_path / "d.csv", n=120)
    r = _cli(tmp_path, "audit", "d.csv", "-o", "out", "-f", "json", "--quiet")
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert len(r.stderr.strip().splitlines()) == 1 and "scorecard.json" in r.stderr


def test_python_callback_gets_each_finished_step_with_elapsed_and_rows(tmp_path):
    from riskaudit.audit import run_audit

    make_dataset(tmp_path / "d.csv", n=100)
    seen: list[Step] = []
    with Steps(seen.append) as steps:
        run_audit(str(tmp_path / "d.csv"), None, write=False, progress=steps)
    assert seen[0].name == "opening dataset" and seen[-1].name == "judging against policy"
    assert all(s.rows == 100 and s.elapsed >= 0 for s in seen)
    # the elapsed times are the gaps between step starts, on the given clock
    ticks = iter([0.0, 1.5, 4.0, 4.25])
    got: list[Step] = []
    with Steps(got.append, clock=lambda: next(ticks)) as s:
        s("a")
        s("b")
    assert [(x.name, x.elapsed) for x in got] == [("a", 1.5), ("b", 0.25)]
