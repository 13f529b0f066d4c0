"""The DEU reader: tab-separated whatever the name, ragged actor sets, scales, capped problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from detente.errors import ScenarioError
from detente.models import get_model
from detente.readers.deu import read_deu

DATA = Path(__file__).parents[1] / "data" / "deu-synthetic.tsv"
REAL = Path(__file__).parents[3] / "shared" / "reference" / "deu" / "deu3-dev.tsv"


def test_reads_a_tab_separated_file_named_csv(tmp_path: Path) -> None:
    """The extension does not matter: a .csv copy reads the same."""
    copy = tmp_path / "deu.csv"
    shutil.copy(DATA, copy)
    data = read_deu(copy)
    assert list(data.meta["issue"]) == ["x1i1", "x1i2", "x2i1"]


def test_an_actor_absent_from_an_issue_is_not_part_of_it() -> None:
    """Poland is coded only on proposal 2, the EP not there: blocks have their own actors."""
    data = read_deu(DATA)
    assert len(data.tables) == 2
    assert "pl" not in data.tables[0].actors
    assert "pl" in data.tables[1].actors
    assert "ep" not in data.tables[1].actors
    assert any("fewer than 3 actors" in n for n in data.notes)  # proposal 3 is left out


def test_compromise_by_hand_with_pre_nice_votes() -> None:
    """x1i1: EU-15 members only, so pre-Nice votes (de, fr, uk 10, lu 2; com, ep 10);
    Σ c·s·x / Σ c·s = 1120 / 26.2."""
    data = read_deu(DATA)
    frame, _ = data.forecast(get_model("compromise"))
    got = frame.set_index("issue").loc["x1i1", "outcome"]
    assert got == pytest.approx(1120 / 26.2)


def test_saliences_outside_the_declared_scale_are_reported_and_capped(tmp_path: Path) -> None:
    """With --salience-scale 1 every DEU salience above 1 is a problem; only 3 are printed,
    and one more line counts the rest."""
    with pytest.raises(ScenarioError) as info:
        read_deu(DATA, salience_scale=1.0, max_problems=3)
    problems = info.value.problems
    assert len(problems) == 4
    assert "outside the declared scale" in problems[0].message
    assert "more problem(s) not shown" in problems[-1].message


def test_a_non_number_is_located_by_line_and_column(tmp_path: Path) -> None:
    text = DATA.read_text().replace('"80"', '"eighty"', 1)
    bad = tmp_path / "bad.tsv"
    bad.write_text(text)
    with pytest.raises(ScenarioError) as info:
        read_deu(bad)
    (p,) = info.value.problems
    assert p.line == 3
    assert "eighty" in p.message


def test_a_comma_separated_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("issue,actor,position\n")
    with pytest.raises(ScenarioError, match="not a DEU file"):
        read_deu(bad)


def test_predictions_do_not_depend_on_the_outcome_column(tmp_path: Path) -> None:
    """Blank every outcome in the file: every model's predictions are identical."""
    lines = DATA.read_text().splitlines()
    blank = ["\t".join([*ln.split("\t")[:-1], '""']) for ln in lines[1:]]
    other = tmp_path / "blank.tsv"
    other.write_text("\n".join([lines[0], *blank]) + "\n")
    a, b = read_deu(DATA), read_deu(other)
    assert b.meta["outcome"].isna().all()
    for name in ("compromise", "condorcet", "procedural", "ensemble", "median", "exchange"):
        fa, _ = a.forecast(get_model(name))
        fb, _ = b.forecast(get_model(name))
        np.testing.assert_array_equal(fa["outcome"], fb["outcome"])


@pytest.fixture
def real() -> Path:
    if not REAL.exists():
        pytest.skip("the DEU development file ../shared/reference/deu/deu3-dev.tsv is absent")
    return REAL


def test_real_file_predictions_do_not_depend_on_outcomes(real: Path, tmp_path: Path) -> None:
    """The real development file with its outcome column blanked predicts the same."""
    lines = real.read_text().splitlines()
    blank = ["\t".join([*ln.split("\t")[:-1], '""']) for ln in lines[1:]]
    other = tmp_path / "blank.tsv"
    other.write_text("\n".join([lines[0], *blank]) + "\n")
    a, b = read_deu(real), read_deu(other)
    for name in ("compromise", "ensemble", "procedural"):
        np.testing.assert_array_equal(
            a.forecast(get_model(name))[0]["outcome"], b.forecast(get_model(name))[0]["outcome"]
        )


def test_real_file_compromise_reproduces_20_7(real: Path) -> None:
    """The documented convention (votes under the treaty inferred from membership, institutions
    at the largest member's weight) gives the compromise model's dev-half MAE of 20.7."""
    data = read_deu(real)
    frame, _ = data.forecast(get_model("compromise"))
    err = (frame["outcome"] - data.meta["outcome"]).dropna()
    assert len(err) == 180
    assert float(err.abs().mean()) == pytest.approx(20.7, abs=0.3)
