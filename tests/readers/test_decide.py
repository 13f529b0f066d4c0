"""Stokman's Decide input format: #A, #P, #M, #D lines, read into blocks like DEU data."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.models import get_model
from detente.readers.decide import read_decide

runner = CliRunner()
TOWN = Path(__file__).parents[1] / "data" / "decide-town.txt"


def _write(tmp_path: Path, text: str, name: str = "case.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _problems(path: Path, **kw: int) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        read_decide(path, **kw)  # type: ignore[arg-type]
    return [p.render() for p in info.value.problems]


def test_reads_actors_issues_scales_and_a_ragged_actor_set() -> None:
    """shops has no #D line on hours, so hours is its own block; scales from #M (fee 1–9),
    0–100 for an issue without #M lines."""
    data = read_decide(TOWN)
    assert list(data.meta["issue"]) == ["charge", "fee", "hours"]
    assert list(data.meta["low"]) == [0, 1, 0] and list(data.meta["high"]) == [100, 9, 100]
    assert [t.actors for t in data.tables] == [
        ("mayor", "greens", "liberals", "shops"),
        ("mayor", "greens", "liberals"),
    ]
    assert data.tables[0].capabilities[:, 0].tolist() == [1, 0.5, 0.5, 0.25]


def test_compromise_by_hand() -> None:
    """Σ power·salience·position / Σ power·salience: charge 136.25 / 1.85, fee 5.25 / 1.25,
    hours 62.5 / 0.8."""
    frame, _ = read_decide(TOWN).forecast(get_model("compromise"))
    got = frame.set_index("issue")["outcome"]
    assert got["charge"] == pytest.approx(136.25 / 1.85)
    assert got["fee"] == pytest.approx(4.2)
    assert got["hours"] == pytest.approx(78.125)


def test_quoted_cells_semicolons_and_any_order(tmp_path: Path) -> None:
    """Older files quote cells with ' and separate them by semicolons; #D may come first."""
    text = (
        "'#D';'a';'i';10.0;0.5;0.5\n'#D';'b';'i';30.0;1.0;0.25\n"
        "'#A';'a';'Actor A';''\n'#A';'b';'Actor B';''\n'#P';'i';'Issue';''\n"
        "'#M';'i';0\n'#M';'i';100\n"
    )
    data = read_decide(_write(tmp_path, text))
    frame, _ = data.forecast(get_model("compromise"))
    assert frame["outcome"].item() == pytest.approx((10 * 0.25 + 30 * 0.25) / 0.5)


def test_every_bad_line_is_located_with_a_fix(tmp_path: Path) -> None:
    text = (
        "#A\ta\tA\n#A\tb\tB\n#A\ta\tagain\n#P\ti\tIssue\n#M\ti\t0\n#M\ti\t10\n"
        "#D\ta\ti\t5\t0.5\t1\n"
        "#D\tb\ti\t50\t0.5\t1\n"  # outside 0–10
        "#D\tc\ti\t5\t0.5\t1\n"  # undeclared actor
        "#D\ta\tj\t5\t0.5\t1\n"  # undeclared issue
        "#D\tb\ti\n"  # too few cells
        "#X\tsomething\n"
    )
    got = "\n".join(_problems(_write(tmp_path, text), max_problems=0))
    assert "case.txt:3  #A: actor 'a' is declared twice (first on line 1)" in got
    assert "case.txt:8  #D.position: position 50 is outside the issue's declared scale [0, 10]" in (
        got
    )
    assert "case.txt:9  #D.actor: actor 'c' is not declared by an #A line" in got
    assert "case.txt:10  #D.issue: issue 'j' is not declared by a #P line" in got
    assert "case.txt:11  #D: a #D line (actor on an issue) needs 6 cells (got 3)" in got
    assert "case.txt:12  a line must start with one of #A" in got
    assert all(" Fix: " in line for line in got.splitlines())


def test_non_numbers_and_saliences_outside_the_scale(tmp_path: Path) -> None:
    text = "#A\ta\tA\n#P\ti\tI\n#D\ta\ti\t0,5\t1.5\tlots\n"
    got = "\n".join(_problems(_write(tmp_path, text)))
    assert "case.txt:3  #D.position: must be a number (got '0,5')" in got
    assert "case.txt:3  #D.power: must be a number (got 'lots')" in got
    ok = "#A\ta\tA\n#A\tb\tB\n#P\ti\tI\n#D\ta\ti\t0\t50\t1\n#D\tb\ti\t100\t100\t1\n"
    path = _write(tmp_path, ok, "pct.txt")
    assert "salience: must be within [0, 1] (got 50)" in _problems(path)[0]
    data = read_decide(path, salience_scale=100)
    np.testing.assert_allclose(data.tables[0].saliences[:, 0], [0.5, 1.0])


def test_problems_are_capped(tmp_path: Path) -> None:
    rows = "".join(f"#D\tx{k}\ti\t1\t0.5\t1\n" for k in range(12))
    got = _problems(_write(tmp_path, "#P\ti\tI\n" + rows), max_problems=4)
    assert len(got) == 5
    assert "8 more problem(s) not shown (12 in all)" in got[-1]


def test_power_zero_is_left_out_with_a_note(tmp_path: Path) -> None:
    text = "#A\ta\tA\n#A\tb\tB\n#A\tc\tC\n#P\ti\tI\n"
    text += "#D\ta\ti\t0\t1\t1\n#D\tb\ti\t100\t1\t1\n#D\tc\ti\t100\t1\t0\n"
    data = read_decide(_write(tmp_path, text))
    assert data.tables[0].actors == ("a", "b")
    assert any("power 0 left out" in n and "c on i" in n for n in data.notes)


def test_not_a_decide_file(tmp_path: Path) -> None:
    assert "no tabs or semicolons" in _problems(_write(tmp_path, "issue,actor\nx,a\n"))[0]
    assert "the file is empty" in _problems(_write(tmp_path, "\n\n", "e.txt"))[0]
    assert "binary" in _problems(_write(tmp_path, "#A\x00\x01", "b.txt"))[0]


def test_the_size_limit_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETENTE_MAX_TABLE_BYTES", "100")
    got = _problems(TOWN)
    assert "must be at most 100 bytes" in got[0] and "DETENTE_MAX_TABLE_BYTES" in got[0]


def test_compare_decide_prints_rows_and_refuses_a_second_input(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["compare", "--decide", str(TOWN), "-m", "compromise", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame.set_index("issue").loc["fee", "outcome"] == pytest.approx(4.2)
    two = runner.invoke(app, ["compare", "--decide", str(TOWN), "--table", "t.csv"])
    assert two.exit_code == 2 and "--decide" in two.output and "--table" in two.output
    scale = runner.invoke(app, ["compare", "--decide", str(TOWN), "--position-scale", "0:10"])
    assert scale.exit_code == 2 and "#M" in scale.output


def test_every_model_runs_on_a_decide_case() -> None:
    result = runner.invoke(app, ["compare", "--decide", str(TOWN), "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert frame["outcome"].notna().all()
    assert {"compromise", "exchange", "median", "expected-utility"} <= set(frame["model"])
