"""Tests of the proposals scorecard."""

from __future__ import annotations

import numpy as np

from detente.dynamics.world import compile_world
from detente.scenario import Scenario
from detente.whatif.proposals import evaluate_proposals, proposal_package


def test_scorecard_has_one_row_per_proposal_and_actor(mini: Scenario) -> None:
    """Columns and shape follow the report's contract."""
    df = evaluate_proposals(mini, n_draws=500)
    assert list(df.columns) == [
        "proposal",
        "actor",
        "acceptable",
        "margin",
        "breaks_red_line",
        "durability",
    ]
    assert len(df) == len(mini.proposals) * len(mini.actors)
    assert df["durability"].between(0, 1).all()


def test_open_issues_are_filled_with_status_quo_or_the_midpoint(mini: Scenario) -> None:
    """Territory has a status quo (0); army has none, so it takes the ideals' midpoint."""
    w = compile_world(mini)
    freeze = next(p for p in mini.proposals if p.id == "freeze")
    x = proposal_package(w, freeze)
    assert x[w.issues.index("territory")] == 0.0
    assert np.isclose(x[w.issues.index("army")], 0.4)


def test_a_package_crossing_a_red_line_is_flagged_and_unacceptable(mini: Scenario) -> None:
    """Russia's red line on security excludes the western-troops option."""
    p = mini.proposals[0].model_copy(update={"terms": {"security": "western_troops"}})
    df = evaluate_proposals(mini.model_copy(update={"proposals": [p]}), n_draws=300)
    row = df[df["actor"] == "russia"].iloc[0]
    assert row["breaks_red_line"] == ["security"]
    assert not row["acceptable"]
