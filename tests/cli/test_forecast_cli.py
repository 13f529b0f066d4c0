"""CLI tests of ``detente forecast``, ``detente levers`` and ``detente sensitivity``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app

MINI = str(Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml")
runner = CliRunner()


def test_forecast_prints_headline_probabilities_and_blockers() -> None:
    """The summary names P(settlement), P(ceasefire) and the blocking constraints."""
    res = runner.invoke(
        app, ["forecast", MINI, "--draws", "2000", "--months", "6", "--no-save", "--no-report"]
    )
    assert res.exit_code == 0, res.output
    assert "P(settlement signed by 2026-03)" in res.output
    assert "P(ceasefire in force" in res.output
    assert "What blocked a deal most often" in res.output


def test_forecast_set_changes_the_numbers() -> None:
    """A --set what-if runs and can change the forecast."""
    base = runner.invoke(app, ["forecast", MINI, "-n", "3000", "--no-save", "--no-report"])
    whatif = runner.invoke(
        app,
        [
            "forecast",
            MINI,
            "-n",
            "3000",
            "--no-save",
            "--no-report",
            "--set",
            "levers.europe_guarantee.active=true",
        ],
    )
    assert base.exit_code == 0 and whatif.exit_code == 0, whatif.output
    assert base.output != whatif.output


def test_forecast_bad_set_path_exits_cleanly_with_a_suggestion() -> None:
    """A misspelt path is a clean error (exit 2, no traceback) with a did-you-mean."""
    res = runner.invoke(
        app, ["forecast", MINI, "--set", "war.beliefs.rusia.optimism=0", "--no-save", "--no-report"]
    )
    assert res.exit_code == 2
    assert "did you mean 'russia'" in res.output
    assert "Traceback" not in res.output


def test_levers_ranks_levers_and_proposals() -> None:
    """detente levers lists every lever and non-reference proposal."""
    res = runner.invoke(app, ["levers", MINI, "--draws", "1000", "--months", "6"])
    assert res.exit_code == 0, res.output
    for item in ("europe_guarantee", "us_aid", "us_plan"):
        assert item in res.output


def test_sensitivity_reports_sobol_indices() -> None:
    """detente sensitivity prints first-order and total indices."""
    res = runner.invoke(
        app, ["sensitivity", MINI, "--base", "16", "--replicates", "1", "--months", "6"]
    )
    assert res.exit_code == 0, res.output
    assert "ST (total)" in res.output


def test_workers_option_prints_the_same_forecast() -> None:
    """`--workers 2` simulates in two processes and prints exactly the same numbers."""
    args = ["forecast", MINI, "-n", "110000", "--no-save", "--no-report"]  # three chunks
    one = runner.invoke(app, args)
    two = runner.invoke(app, [*args, "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert one.output == two.output
