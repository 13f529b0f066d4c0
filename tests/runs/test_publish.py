"""What `detente forecast` does after simulating: save the run, write --out and --report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli.runs import publish_run
from detente.results import read_results
from detente.runs import RunStore

SMALL = Path(__file__).resolve().parents[1] / "report" / "data" / "small.yaml"


def test_publish_writes_results_report_and_one_run(
    sim_result: Any, tiny: Any, tmp_path: Path
) -> None:
    """One call writes forecast.json, the tables, report.html and exactly one stored run."""
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    lines = publish_run(
        sim_result,
        tiny,
        out=tmp_path / "out",
        report=tmp_path / "r.html",
        zopa=("land", "alliance"),
        url=url,
    )
    doc = read_results(tmp_path / "out")
    assert {r.model for r in doc.models} >= {"median", "expected-utility"}
    assert (tmp_path / "out" / "terms.parquet").exists()
    assert 'id="fig-zopa"' in (tmp_path / "r.html").read_text(encoding="utf-8")
    with RunStore(url) as store:
        (run,) = store.list()
        assert store.get(run.id).document == doc
    assert any(run.id[:8] in line for line in lines)


def test_no_save_stores_nothing(sim_result: Any, tiny: Any, tmp_path: Path) -> None:
    """With save=False the run store is not touched."""
    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    publish_run(sim_result, tiny, save=False, url=url)
    assert not (tmp_path / "runs.sqlite").exists()


def test_forecast_command_writes_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`detente forecast FILE --out --report --zopa` exits 0 and leaves all outputs and a run."""
    from detente.cli import app

    url = f"sqlite:///{tmp_path / 'runs.sqlite'}"
    monkeypatch.setenv("DETENTE_RUNS_URL", url)
    res = CliRunner().invoke(
        app,
        [
            "forecast",
            str(SMALL),
            "--draws",
            "200",
            "--months",
            "6",
            "--seed",
            "7",
            "--out",
            str(tmp_path / "out"),
            "--report",
            str(tmp_path / "report.html"),
            "--zopa",
            "land",
            "alliance",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "out" / "forecast.json").read_text(encoding="utf-8"))
    assert len(data["p_settlement_by_month"]) == 6 and data["run"]["seed"] == 7
    assert (tmp_path / "report.html").stat().st_size > 1_000_000  # plotly.js is inline
    with RunStore(url) as store:
        assert len(store.list()) == 1
