"""detente compare --deu and detente evaluate."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
DATA = Path(__file__).parents[1] / "data" / "deu-synthetic.tsv"


def test_compare_deu_prints_model_issue_outcome_rows_on_the_data_scale() -> None:
    result = runner.invoke(
        app, ["compare", "--deu", str(DATA), "-m", "compromise", "-m", "nash", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["model", "issue", "outcome"]
    assert set(frame["model"]) == {"compromise"}
    got = frame.set_index("issue").loc["x1i1", "outcome"]
    assert got == pytest.approx(1120 / 26.2)
    assert "nash: skipped" in result.stderr


def test_compare_deu_with_equal_capabilities_changes_the_answer() -> None:
    args = ["compare", "--deu", str(DATA), "-m", "compromise", "--format", "csv"]
    votes = pd.read_csv(io.StringIO(runner.invoke(app, args).stdout))
    equal = pd.read_csv(io.StringIO(runner.invoke(app, [*args, "--capabilities", "equal"]).stdout))
    assert not votes["outcome"].equals(equal["outcome"])


def test_compare_deu_reports_capped_problems() -> None:
    result = runner.invoke(
        app, ["compare", "--deu", str(DATA), "--salience-scale", "1", "--max-problems", "2"]
    )
    assert result.exit_code == 2
    assert "more problem(s) not shown" in result.output


def test_evaluate_prints_a_table_in_80_columns_and_writes_html(tmp_path: Path) -> None:
    page = tmp_path / "ev.html"
    result = runner.invoke(
        app,
        ["evaluate", "--deu", str(DATA), "-m", "median", "--bootstrap", "200", "--html", str(page)],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert "compromise" in result.stdout and "median" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert page.read_text().startswith("<!doctype html>")


def test_evaluate_refuses_an_unknown_model() -> None:
    result = runner.invoke(app, ["evaluate", "--deu", str(DATA), "-m", "compromize"])
    assert result.exit_code == 2
    assert "Did you mean" in result.output
