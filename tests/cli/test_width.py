"""Tables fit the default 80-column terminal: nothing cut to '…', no line wider than 80."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MINI = str(Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml")


def _run(args: list[str], tmp_path: Path) -> str:
    env = {**os.environ, "COLUMNS": "80", "DETENTE_RUNS_URL": f"sqlite:///{tmp_path / 'r.db'}"}
    res = subprocess.run(
        [sys.executable, "-c", "from detente.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return res.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["compare"],
        ["levers", MINI, "-n", "600", "--workers", "1"],
        ["forecast", MINI, "-n", "600", "--no-report", "--no-save"],
        ["sensitivity", "--base", "8", "--replicates", "1", "--months", "6"],
        ["backtest", "--out", "bt", "-n", "300", "--fit-draws", "10", "--case", "aceh-2005-01"],
    ],
    ids=["compare-builtin", "levers", "forecast", "sensitivity-builtin", "backtest"],
)
def test_tables_fit_80_columns_without_cutting(args: list[str], tmp_path: Path) -> None:
    out = _run(args, tmp_path)
    widest = max(len(line) for line in out.splitlines())
    assert widest <= 80, f"a line is {widest} characters wide"
    assert "…" not in out, "a cell was cut short"


def test_compare_flags_the_nash_column_without_a_zopa(tmp_path: Path) -> None:
    """On the built-in Nash finds no ZOPA: its column says so and a caption explains it."""
    out = _run(["compare"], tmp_path)
    assert "nash (no ZOPA)" in out
    assert "not a predicted deal" in out
