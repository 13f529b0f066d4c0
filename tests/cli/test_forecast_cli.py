"""CLI tests of ``detente forecast``, ``detente levers`` and ``detente sensitivity``."""

from __future__ import annotations

from pathlib import Path

import pytest
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


SMALL = str(Path(__file__).parents[1] / "report" / "data" / "small.yaml")


def test_forecast_writes_everything_and_saves_one_labelled_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--out, --report, --zopa X,Y and --label: files, one run, the label and --set listed."""
    import json
    import os
    import stat

    from detente.runs import RunStore

    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.setenv("DETENTE_RUNS_URL", url)
    args = ["forecast", SMALL, "-n", "300", "-m", "6", "--seed", "7", "--workers", "1"]
    args += ["--out", str(tmp_path / "out"), "--report", str(tmp_path / "report.html")]
    args += ["--zopa", "land,alliance", "--label", "baseline", "--set", "war.trend_per_month=0"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    assert "draws per variant" in res.output  # the what-ifs say how many draws they used
    data = json.loads((tmp_path / "out" / "forecast.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 6 and data["run"]["seed"] == 7
    assert data["proposal_acceptance_by_month"]  # the scorecard month by month
    reached = [r["p"] for r in data["p_ceasefire_reached_by_month"]]
    in_force = [r["p"] for r in data["p_ceasefire_by_month"]]
    assert len(reached) == 6 and reached == sorted(reached)  # reached once, reached for good
    assert all(r >= f - 1e-12 for r, f in zip(reached, in_force, strict=True))
    assert {a["name"] for a in data["analyses"]} >= {"simulation", "levers", "inputs"}
    mode = stat.S_IMODE(os.stat(tmp_path / "out" / "forecast.json").st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask  # an ordinary file, not the temporary file's 0600
    assert (tmp_path / "report.html").stat().st_size > 1_000_000  # plotly.js is inline
    with RunStore(url) as store:
        (run,) = store.list()
    assert "baseline" in run.note and "--set war.trend_per_month=0" in run.note
    listed = runner.invoke(app, ["runs", "list"])
    flat = "".join(listed.output.split())  # the note column folds long text onto new lines
    assert "baseline" in flat and "war.trend_per_month=0" in flat


def test_a_bad_zopa_pair_fails_before_simulating(monkeypatch: pytest.MonkeyPatch) -> None:
    """--zopa with an unknown issue is refused with the issue list, before any simulation."""
    import detente.cli.forecast as cli_forecast

    def boom(*_: object, **__: object) -> None:
        msg = "simulated before checking --zopa"
        raise AssertionError(msg)

    monkeypatch.setattr(cli_forecast, "run_forecast", boom)
    res = runner.invoke(app, ["forecast", SMALL, "--zopa", "land,crimea", "--no-save"])
    assert res.exit_code == 2, res.output
    assert "unknown: crimea" in res.output and "land, alliance" in res.output
    res = runner.invoke(app, ["forecast", SMALL, "--zopa", "land", "--no-save"])
    assert res.exit_code == 2 and "two different issues" in res.output
