"""`detente scenario list | show | validate`: readable output and honest exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app

TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"
runner = CliRunner()


def test_show_renders_actors_issues_and_sources() -> None:
    """`scenario show FILE` prints the scenario's actors, issues and sources."""
    result = runner.invoke(app, ["scenario", "show", str(TINY)])
    assert result.exit_code == 0
    for text in ("Two parties, two issues", "Red", "Blue", "Land", "Alliance", "A made-up note"):
        assert text in result.output


def test_validate_ok_file_exits_zero() -> None:
    """A valid file prints ok and exits 0."""
    result = runner.invoke(app, ["scenario", "validate", str(TINY)])
    assert result.exit_code == 0 and "ok" in result.output


def test_list_names_the_builtin_scenarios() -> None:
    """`scenario list` shows every built-in scenario with its date."""
    result = runner.invoke(app, ["scenario", "list"])
    assert result.exit_code == 0
    assert "ukraine-2025-09" in result.output and "2025-09-01" in result.output


def test_unknown_scenario_name_is_a_clean_error() -> None:
    """An unknown name exits 2 with a message, not a traceback."""
    result = runner.invoke(app, ["scenario", "show", "ukraine-2024"])
    assert result.exit_code == 2
    assert "no built-in scenario" in result.output and "Traceback" not in result.output
