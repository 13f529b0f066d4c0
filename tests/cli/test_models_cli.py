"""`detente models` and `detente compare`: every model listed, outcomes side by side, clean errors."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.cli.models import run_models
from detente.errors import ScenarioError
from detente.models import MODELS, ModelInfo
from detente.models.compromise import CompromiseModel
from detente.readers import read_table_csv

TINY = Path(__file__).parents[1] / "data" / "tiny.yaml"
runner = CliRunner()
CSV = "issue,actor,position,salience,capability\nx,a,1,0.5,1\nx,b,3,0.5,2\n"


def _write(tmp_path: Path, content: str | bytes, name: str = "t.csv") -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def test_models_lists_every_registered_model() -> None:
    """`detente models` names each model in MODELS with its reference."""
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0
    for name in MODELS:
        assert name in result.output


def test_compare_prints_one_row_per_model_and_issue_as_csv() -> None:
    """On tiny.yaml the compromise land outcome is .6·.5/(.6·.5 + .4·.7) = 51.72 % (hand check)."""
    result = runner.invoke(app, ["compare", str(TINY), "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.stdout))
    general = {n for n in MODELS if not MODELS[n].info.needs_issue_info}
    assert set(frame["model"]) == general
    assert len(frame) == 2 * len(general)
    assert "procedural: skipped" in result.stderr
    land = frame.query("model == 'compromise' and issue == 'land'")["outcome"].item()
    assert land == pytest.approx(100 * 0.30 / 0.58)


def test_compare_shows_models_side_by_side_with_option_labels() -> None:
    """The table view has a column per model and ordinal outcomes as option labels."""
    result = runner.invoke(app, ["compare", str(TINY), "-m", "median", "-m", "compromise"])
    assert result.exit_code == 0, result.output
    assert "median" in result.output and "compromise" in result.output
    assert "neutral" in result.output and "member" not in result.output


def test_compare_reads_a_csv_table_and_prints_json(tmp_path: Path) -> None:
    """--table reads a long CSV; the weighted mean of 1 (w .5) and 3 (w 1) is 7/3."""
    result = runner.invoke(
        app,
        [
            "compare",
            "--table",
            str(_write(tmp_path, CSV)),
            "--model",
            "compromise",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["model"] for r in rows] == ["compromise"]
    assert rows[0]["outcome"] == pytest.approx(7 / 3)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "t.csv:1  the file is empty"),
        ("  \n\n", "t.csv:1  the file is empty"),
        (b"PK\x03\x04\x00\x00binary", "t.csv:1  this is a binary file"),
        (b"issue,actor\n\xff\xfe", "t.csv:2  byte 0xff is not UTF-8"),
        ("issue;actor;position\nx;a;1\n", "the header has semicolons"),
        ("schema_version: 1\nid: x\n", "the header has no commas"),
        (CSV + "x,c,1,0.5,1,9\n", "t.csv:4  the row has 6 cells, the header has 5"),
        ('issue,actor,position,salience,capability\nx,"a,1,0.5,1\n', "the row has 2 cells"),
        (
            "issue,actor,position,salience,capability\n\nx,a,1,0.5,1\n\nx,b,two,0.5,1\n",
            "t.csv:5  position: must be a number (got 'two')",
        ),
        ("issue,actor,position\nx,a,1\n", "t.csv:1  missing column(s): salience, capability"),
    ],
)
def test_bad_table_files_are_reported_with_file_line_and_fix(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    """Each bad file becomes a ScenarioError naming the file, the line and a fix."""
    with pytest.raises(ScenarioError) as info:
        read_table_csv(_write(tmp_path, content))
    assert expected in str(info.value)
    assert "Fix:" in str(info.value)


def test_a_missing_table_file_exits_2_without_a_traceback(tmp_path: Path) -> None:
    """`compare --table nope.csv` prints the problem and exits 2."""
    result = runner.invoke(app, ["compare", "--table", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "file not found" in result.output and "Traceback" not in result.output


def test_an_unknown_model_name_suggests_the_closest(tmp_path: Path) -> None:
    """A typo in --model exits 2 with a "did you mean" hint."""
    result = runner.invoke(app, ["compare", "--table", str(_write(tmp_path, CSV)), "-m", "medain"])
    assert result.exit_code == 2
    assert "Did you mean 'median'?" in result.output


@dataclasses.dataclass(frozen=True, kw_only=True)
class _NeedsWar(CompromiseModel):
    name: ClassVar[str] = "needs-war"
    info: ClassVar[ModelInfo] = ModelInfo(
        title="t", summary="s", reference="r", needs_walk_away=True
    )


def test_models_needing_walk_away_values_are_skipped_for_plain_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain CSV table has no walk-away values, so such a model is skipped with a note."""
    monkeypatch.setitem(MODELS, _NeedsWar.name, _NeedsWar)
    table = read_table_csv(_write(tmp_path, CSV))
    forecasts, notes = run_models(table, ["compromise", "needs-war"])
    assert [f.model for f in forecasts] == ["compromise"]
    assert len(notes) == 1 and "needs-war: skipped" in notes[0]
    result = runner.invoke(app, ["compare", "--table", str(tmp_path / "t.csv"), "--format", "csv"])
    assert result.exit_code == 0
    assert "needs-war" not in result.stdout
    assert "skipped" in result.stderr


def test_a_round_limit_warning_becomes_a_note(tmp_path: Path) -> None:
    """ConvergenceWarning from a dynamic model is reported as a note, not raised."""
    rng = np.random.default_rng(1)
    rows = [
        f"x,a{i},{v:.3f},{s:.2f},1"
        for i, (v, s) in enumerate(zip(rng.random(9), rng.uniform(0.3, 1, 9), strict=True))
    ]
    path = _write(tmp_path, "issue,actor,position,salience,capability\n" + "\n".join(rows) + "\n")
    capped = dataclasses.replace(MODELS["expected-utility"](), max_rounds=1, tolerance=0.0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("detente.cli.models.get_model", lambda name: capped)
        _, notes = run_models(read_table_csv(path), ["expected-utility"])
    assert any("max_rounds=1" in n for n in notes)
