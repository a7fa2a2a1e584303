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


def test_only_a_process_the_command_line_owns_freezes_its_imports(tmp_path):
    # gc.freeze keeps whatever is alive for good: fine for the riskaudit process, never for a caller embedding main()
    import gc

    from helpers import cli

    data = tmp_path / "d.csv"
    data.write_text("a,b\n1,x\n2,y\n")
    before = gc.get_freeze_count()
    run = cli("audit", str(data), "--out", str(tmp_path / "out"), "-f", "json")
    assert run.exit_code in (0, 1), run.stderr
    assert gc.get_freeze_count() == before  # invoked in this process: nothing frozen
    code = (
        "import gc, sys; sys.argv = ['riskaudit', 'audit', sys.argv[1], '--out', sys.argv[2], '-f', 'json']\n"
        "import atexit; atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
        "from riskaudit.cli import run; run()"
    )
    owned = subprocess.run(
        [sys.executable, "-c", code, str(data), str(tmp_path / "out2")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    frozen = int(owned.stdout.split("frozen")[-1])
    assert frozen > 10_000  # the imports' objects
