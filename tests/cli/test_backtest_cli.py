"""``detente backtest``: the record it writes, its reproducibility, a Dask cluster, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app

runner = CliRunner()
CASES = ["--case", "georgia-2008-08", "--case", "aceh-2005-01", "--case", "falklands-1982-04"]
SMALL = ["-n", "300", "--fit-draws", "40", "--seed", "9", *CASES]


def _run(out: Path, *extra: str) -> dict[str, object]:
    res = runner.invoke(app, ["backtest", "--out", str(out), *SMALL, *extra])
    assert res.exit_code == 0, res.output
    assert "Scores (lower is better)" in res.output and "reference_class" in res.output
    return json.loads((out / "backtest.json").read_text(encoding="utf-8"))


def test_backtest_writes_the_record_and_the_page(tmp_path: Path) -> None:
    doc = _run(tmp_path / "a")
    assert doc["kind"] == "detente.backtest"
    cases = doc["cases"]
    assert isinstance(cases, list) and [c["id"] for c in cases] == [
        "georgia-2008-08",
        "aceh-2005-01",
        "falklands-1982-04",
    ]
    for c in cases:
        assert {"id", "as_of", "outcome", "forecast", "questions"} <= set(c)
        assert len(c["forecast"]["detente"]["settlement"]) == 60
    scores = doc["scores"]
    assert isinstance(scores, dict)
    for name in (
        "detente",
        "detente_raw",
        "detente_fitted",
        "reference_class",
        "base_rate",
        "constant",
    ):
        assert {"brier", "log", "crps"} <= set(scores[name])
    assert scores["constant"]["brier"] == pytest.approx(0.25)
    relapse = doc["relapse"]
    assert isinstance(relapse, dict)
    assert [q["case"] for q in relapse["questions"]] == ["aceh-2005-01"]  # the one settlement
    assert relapse["questions"][0]["answer"] is False
    assert {"detente", "pad_base_rate", "base_rate", "constant"} <= set(relapse["scores"])
    page = (tmp_path / "a" / "backtest.html").read_text(encoding="utf-8")
    assert "Reliability" in page and "Sharpness" in page and "plotly" in page.lower()
    assert "Durability" in page
    assert "georgia-2008-08" in page


def test_same_seed_same_bytes_and_a_dask_cluster_changes_nothing(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    _run(tmp_path / "one")
    _run(tmp_path / "two", "--workers", "2")
    a = (tmp_path / "one" / "backtest.json").read_bytes()
    b = (tmp_path / "two" / "backtest.json").read_bytes()
    assert a == b


def test_an_unknown_case_is_a_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["backtest", "--out", str(tmp_path), "--case", "korea-1951"])
    assert res.exit_code == 2
    assert "korea-1951" in res.output and "Fix" in res.output
