"""The console entry point ends the process with os._exit after the command (riskaudit/cli/__init__.py run): the
exit code, everything written to a pipe and the exit handlers must be exactly those of a normal exit; main(), the
command line as a function, still raises SystemExit to an embedding caller."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import atexit, sys
    marker = sys.argv[1]
    atexit.register(lambda: open(marker, "w").write("ran"))
    sys.argv = ["riskaudit", *sys.argv[2:]]
    from riskaudit.cli import run
    run()
    """
)


@pytest.mark.parametrize("debug", ["", "1"])  # quick exit / the normal one (RISKAUDIT_DEBUG)
def test_exit_code_output_and_exit_handlers(tmp_path, debug):
    env = (
        {**os.environ, "RISKAUDIT_DEBUG": debug}
        if debug
        else {k: v for k, v in os.environ.items() if k != "RISKAUDIT_DEBUG"}
    )
    marker = tmp_path / "atexit"
    ok = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(marker), "schema"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    schema = json.loads(ok.stdout)  # the whole schema reached the pipe: nothing left in a buffer
    assert schema["title"] and len(ok.stdout) > 10_000
    assert marker.read_text() == "ran"
    marker.unlink()
    bad = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(marker), "audit", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "missing.csv" in bad.stderr and "Traceback" not in bad.stderr
    assert marker.read_text() == "ran"


def test_main_still_raises_system_exit_to_its_caller():
    code = textwrap.dedent(
        """
        import sys
        sys.argv = ["riskaudit", "--help"]
        from riskaudit.cli import main
        try:
            main()
        except SystemExit as exc:
            print("caught", exc.code)
        print("still running")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert out.stdout.rstrip().endswith("caught 0\nstill running")
