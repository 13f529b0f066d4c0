"""The CLI in a real pseudo-terminal: progress bars are drawn only on a tty, so only a tty test
catches a bar that cannot render (it once crashed on an unknown total)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

TINY = str(Path(__file__).parents[1] / "data" / "tiny.yaml")
BACKTEST_CASES = ("--case", "georgia-2008-08", "--case", "aceh-2005-01")


def _run_in_pty(args: list[str], cwd: Path, timeout: float = 120.0) -> tuple[int, str]:
    """Run ``python -m detente.cli ARGS`` with stdout/stderr on a pty of 80 columns."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    env = {**os.environ, "COLUMNS": "80", "LINES": "40", "TERM": "xterm-256color"}
    env.pop("CI", None)  # rich treats CI as "not interactive"
    env.pop("NO_COLOR", None)
    env["DETENTE_RUNS_URL"] = f"sqlite:///{cwd / 'runs.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from detente.cli import main; main()", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        data = b""
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO once the child has closed the pty
                data = b""
        if data:
            chunks.append(data)
        elif proc.poll() is not None:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{args} did not finish within {timeout:.0f} s")
    os.close(leader)
    return proc.wait(), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["forecast", TINY, "-n", "2000", "--no-report", "--no-save"], "P(settlement signed by"),
        (["levers", TINY, "-n", "500"], "Levers and proposals"),
        (["sensitivity", TINY, "--base", "8", "--replicates", "1"], "What drives P(deal"),
        (
            [*("backtest", "--out", "bt", "-n", "400", "--fit-draws", "20"), *BACKTEST_CASES],
            "Scores (lower is better)",
        ),
    ],
    ids=["forecast", "levers", "sensitivity", "backtest"],
)
def test_command_in_a_terminal_shows_a_progress_bar_and_exits_0(
    args: list[str], expect: str, tmp_path: Path
) -> None:
    code, screen = _run_in_pty(args, tmp_path)
    assert code == 0, screen[-2000:]
    assert "internal error" not in screen
    assert expect in screen
    # the bar: rich draws a bar of box characters and an M/N count while it runs
    assert "━" in screen, "no progress bar was drawn on the terminal"
