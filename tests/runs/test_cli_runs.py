"""``detente runs list | show | diff`` through the CLI (typer's runner): output and exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.results import build_document
from detente.runs import RunStore
from detente.scenario import Scenario

runner = CliRunner()


@pytest.fixture
def url(tmp_path: Path) -> str:
    """An SQLite run store in the test's folder."""
    return f"sqlite:///{tmp_path / 'runs.sqlite'}"


@pytest.fixture
def two_runs(url: str, result_factory: Any, tiny: Scenario) -> tuple[str, str]:
    """Two stored runs of the tiny scenario with different seeds and probabilities."""
    with RunStore(url) as store:
        a = store.save(build_document(result_factory(seed=1), tiny), tiny, note="base")
        b = store.save(build_document(result_factory(seed=2, scale=0.5), tiny), tiny)
    return a, b


def test_list_shows_each_run(url: str, two_runs: tuple[str, str]) -> None:
    """`runs list` prints one line per run with its id prefix."""
    res = runner.invoke(app, ["runs", "list", "--url", url])
    assert res.exit_code == 0, res.output
    assert two_runs[0][:8] in res.output and two_runs[1][:8] in res.output
    assert "base" in res.output


def test_list_of_empty_store_says_so(url: str) -> None:
    """An empty store says no runs are stored rather than printing an empty table."""
    res = runner.invoke(app, ["runs", "list", "--url", url])
    assert res.exit_code == 0 and "No runs stored yet" in res.output


def test_show_prints_headline_and_seed(url: str, two_runs: tuple[str, str]) -> None:
    """`runs show` prints the run's id, seed and headline numbers."""
    res = runner.invoke(app, ["runs", "show", two_runs[0][:8], "--url", url])
    assert res.exit_code == 0, res.output
    assert two_runs[0] in res.output and "seed 1" in res.output
    assert "p_deal_by_horizon" in res.output


def test_diff_prints_changes_side_by_side(url: str, two_runs: tuple[str, str]) -> None:
    """`runs diff` shows the headline change in points and the seed as a changed input."""
    res = runner.invoke(app, ["runs", "diff", two_runs[0], two_runs[1], "--url", url])
    assert res.exit_code == 0, res.output
    assert "pts" in res.output and "seed" in res.output
    assert "same scenario content" in res.output


def test_unknown_run_exits_2_without_traceback(url: str) -> None:
    """An unknown run id is a clean error (exit 2), not a traceback."""
    res = runner.invoke(app, ["runs", "show", "nope", "--url", url])
    assert res.exit_code == 2
    assert "Traceback" not in res.output
