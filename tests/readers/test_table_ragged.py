"""The generic long table read as the data come: ragged actor sets, declared scales, capped
problems, an outcome column for `detente evaluate`."""

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
from detente.readers.table_csv import read_table_csv, read_table_issues

runner = CliRunner()

# b is absent from issue y: it is not part of y
RAGGED = (
    "issue,actor,position,salience,capability\n"
    "x,a,0,50,1\n"
    "x,b,50,50,1\n"
    "x,c,100,100,1\n"
    "y,a,10,100,1\n"
    "y,c,40,100,2\n"
)
RECT = (
    "issue,actor,position,salience,capability,reference\n"
    "x,a,4,0.8,0.08,5\n"
    "x,b,10,0.9,0.16,5\n"
    "x,c,7,0.4,0.08,5\n"
    "y,a,1,0.5,1,\n"
    "y,b,3,0.2,2,\n"
    "y,c,9,1.0,1,\n"
)


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_an_actor_absent_from_an_issue_is_not_part_of_it(tmp_path: Path) -> None:
    """y is run on a and c only: the compromise is (1·1·10 + 2·1·40) / 3 = 30."""
    data = read_table_issues(_write(tmp_path, RAGGED), salience_scale=100)
    assert [t.actors for t in data.tables] == [("a", "b", "c"), ("a", "c")]
    assert list(data.meta["n_actors"]) == [3, 2]
    frame, _ = data.forecast(get_model("compromise"))
    got = frame.set_index("issue")["outcome"]
    assert got["y"] == pytest.approx(30.0)
    assert got["x"] == pytest.approx((0 * 0.5 + 50 * 0.5 + 100 * 1) / 2.0)


def test_the_rectangular_reader_still_refuses_a_ragged_table(tmp_path: Path) -> None:
    """read_table_csv returns one rectangle; it names the missing row and the way out."""
    with pytest.raises(ScenarioError, match=r"no row for actor 'b' on issue 'y'.*ragged"):
        read_table_csv(_write(tmp_path, RAGGED), salience_scale=100)


def test_a_rectangular_table_is_one_block_with_the_same_numbers(tmp_path: Path) -> None:
    """The ragged reader gives a rectangular table exactly the table it always had."""
    path = _write(tmp_path, RECT)
    old = read_table_csv(path)
    data = read_table_issues(path)
    assert data.rectangular
    new = data.tables[0]
    assert new.actors == old.actors and new.issues == old.issues
    for name in ("positions", "saliences", "capabilities", "reference"):
        np.testing.assert_array_equal(getattr(new, name), getattr(old, name))
    assert [(s.low, s.high) for s in new.scales] == [(s.low, s.high) for s in old.scales]


@pytest.mark.parametrize(
    ("header", "options"),
    [
        ("salience[0-100]", {}),
        ("salience", {"salience_scale": 100.0}),
        ("salience[0-100]", {"salience_scale": 100.0}),  # agreeing: fine
    ],
)
def test_a_salience_scale_by_option_or_header(
    tmp_path: Path, header: str, options: dict[str, float]
) -> None:
    path = _write(tmp_path, RAGGED.replace("salience", header, 1))
    data = read_table_issues(path, **options)  # type: ignore[arg-type]
    np.testing.assert_allclose(data.tables[0].saliences[:, 0], [0.5, 0.5, 1.0])


def test_a_header_and_an_option_that_disagree_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, RAGGED.replace("salience", "salience[0-100]", 1))
    with pytest.raises(ScenarioError) as info:
        read_table_issues(path, salience_scale=10)
    assert "t.csv:1  salience[0-100]: the header declares saliences on 0–100" in str(info.value)
    assert "--salience-scale says 10" in str(info.value)
    pos = _write(tmp_path, RAGGED.replace("position", "position[0-100]", 1), "p.csv")
    with pytest.raises(ScenarioError, match="--position-scale says 0:10"):
        read_table_issues(pos, salience_scale=100, position_scale=(0, 10))


def test_saliences_above_an_undeclared_scale_say_how_to_declare_it(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read_table_issues(_write(tmp_path, RAGGED))
    first = info.value.problems[0].render()
    assert "t.csv:2  salience: must be within [0, 1] (got 50)" in first
    assert "--salience-scale 100" in first


def test_a_declared_position_scale_is_every_issue_scale(tmp_path: Path) -> None:
    """Without it each issue runs over its own range (y: 10–40); with it, 0–100, and a
    position outside is a located problem."""
    path = _write(tmp_path, RAGGED.replace("position", "position[0-100]", 1))
    data = read_table_issues(path, salience_scale=100)
    assert list(data.meta["low"]) == [0, 0] and list(data.meta["high"]) == [100, 100]
    own = read_table_issues(_write(tmp_path, RAGGED, "own.csv"), salience_scale=100)
    assert list(own.meta["low"]) == [0, 10] and list(own.meta["high"]) == [100, 40]
    bad = _write(tmp_path, RAGGED.replace("y,c,40", "y,c,140"), "bad.csv")
    with pytest.raises(ScenarioError, match=r"bad.csv:6  position: position 140 is outside"):
        read_table_issues(bad, salience_scale=100, position_scale=(0, 100))


def test_row_problems_are_capped_with_a_line_counting_the_rest(tmp_path: Path) -> None:
    rows = "".join(f"i{k},a,1,2,1\n" for k in range(30))
    path = _write(tmp_path, "issue,actor,position,salience,capability\n" + rows)
    with pytest.raises(ScenarioError) as info:
        read_table_issues(path, max_problems=5)
    problems = info.value.problems
    assert len(problems) == 6
    assert problems[4].line == 6
    assert "… and 25 more problem(s) not shown (30 in all)" in problems[-1].message
    with pytest.raises(ScenarioError) as everything:
        read_table_issues(path, max_problems=0)
    assert len(everything.value.problems) == 30
    result = runner.invoke(app, ["compare", "--table", str(path), "--max-problems", "3"])
    assert result.exit_code == 2
    assert "27 more problem(s) not shown" in result.output


def test_the_outcome_column_reaches_meta_only(tmp_path: Path) -> None:
    """Outcomes never set a scale (x's outcome 150 lies outside its positions) and blanking
    them changes no prediction."""
    with_out = RAGGED.replace("capability\n", "capability,outcome\n")
    lines = with_out.splitlines()
    lines[1:] = [ln + (",150" if ln.startswith("x") else ",20") for ln in lines[1:]]
    data = read_table_issues(_write(tmp_path, "\n".join(lines) + "\n"), salience_scale=100)
    assert list(data.meta["outcome"]) == [150, 20]
    assert list(data.meta["high"]) == [100, 40]
    blank = read_table_issues(_write(tmp_path, RAGGED, "blank.csv"), salience_scale=100)
    for name in ("compromise", "median", "exchange", "expected-utility"):
        a, _ = data.forecast(get_model(name))
        b, _ = blank.forecast(get_model(name))
        np.testing.assert_array_equal(a["outcome"], b["outcome"])


def test_compare_runs_a_ragged_table_issue_by_issue(tmp_path: Path) -> None:
    path = _write(tmp_path, RAGGED.replace("salience", "salience[0-100]", 1))
    result = runner.invoke(
        app, ["compare", "--table", str(path), "-m", "compromise", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["model", "issue", "outcome"]
    assert frame.set_index("issue").loc["y", "outcome"] == pytest.approx(30.0)


def test_compare_gives_a_rectangular_table_its_usual_output(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["compare", "--table", str(_write(tmp_path, RECT)), "-m", "median", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == ["model", "issue", "outcome", "outcome_unit", "label"]


def _scored(tmp_path: Path) -> Path:
    rows = ["issue,actor,position,salience,capability,outcome"]
    rng = np.random.default_rng(3)
    for k in range(8):
        for actor in ("a", "b", "c", "d")[: 3 + k % 2]:
            pos, sal = rng.integers(0, 101), rng.uniform(0.1, 1)
            rows.append(f"i{k},{actor},{pos},{sal:.2f},{rng.integers(1, 5)},{20 + 5 * k}")
    return _write(tmp_path, "\n".join(rows) + "\n", "scored.csv")


def test_evaluate_scores_a_table_with_outcomes(tmp_path: Path) -> None:
    page = tmp_path / "ev.html"
    path = _scored(tmp_path)
    args = ["evaluate", "--table", str(path), "-m", "median", "--bootstrap", "200"]
    result = runner.invoke(app, [*args, "--html", str(page)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "compromise" in result.stdout and "median" in result.stdout
    assert "scored.csv" in result.stdout
    assert page.read_text().startswith("<!doctype html>")


def test_evaluate_needs_one_input_and_outcomes(tmp_path: Path) -> None:
    none = runner.invoke(app, ["evaluate"])
    assert none.exit_code == 2 and "got neither" in none.output
    both = runner.invoke(app, ["evaluate", "--table", "a.csv", "--deu", "b.tsv"])
    assert both.exit_code == 2 and "got both" in both.output
    bare = runner.invoke(
        app, ["evaluate", "--table", str(_write(tmp_path, RAGGED)), "--salience-scale", "100"]
    )
    assert bare.exit_code == 2 and "has no outcomes to score" in bare.output
