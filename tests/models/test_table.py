"""PositionTable: the one numeric input, built from scenarios and plain frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.errors import InvalidParameterError, ScenarioError
from detente.models import PositionTable
from detente.scenario import Scenario


def test_from_scenario_puts_positions_on_unit_scales(tiny: Scenario) -> None:
    """Ideals, red lines and bottom lines are mapped onto [0, 1]."""
    t = PositionTable.from_scenario(tiny)
    assert t.actors == ("red", "blue") and t.issues == ("land", "alliance")
    np.testing.assert_allclose(t.positions, [[1, 1], [0, 0]])
    assert (
        t.acceptable_low is not None and t.acceptable_low[0, 1] == 1.0
    )  # red never accepts 'member'
    assert t.bottom_lines is not None and t.bottom_lines[0, 0] == pytest.approx(0.4)


def test_table_arrays_are_read_only(tiny: Scenario) -> None:
    """No model can mutate its input."""
    t = PositionTable.from_scenario(tiny)
    with pytest.raises(ValueError, match="read-only"):
        t.positions[0, 0] = 0.5


def test_from_frame_scales_each_issue_to_its_range() -> None:
    """Plain tables run each issue from its lowest to its highest position."""
    df = pd.DataFrame(
        {
            "issue": ["x", "x", "x"],
            "actor": ["a", "b", "c"],
            "position": [4, 10, 7],
            "salience": [0.8, 0.9, 0.4],
            "capability": [0.08, 0.16, 0.08],
        }
    )
    t = PositionTable.from_frame(df)
    np.testing.assert_allclose(t.positions[:, 0], [0, 1, 0.5])
    assert t.to_native(np.array([0.5]))[0] == pytest.approx(7.0)


def test_from_frame_reports_every_bad_row_with_its_line() -> None:
    """Bad rows are all reported, each with its line in the file."""
    df = pd.DataFrame(
        {
            "issue": ["x", "x", "x"],
            "actor": ["a", "b", "b"],
            "position": [4, "ten", 7],
            "salience": [80, 0.9, 0.4],
            "capability": [0.1, 0.1, -1],
        }
    )
    with pytest.raises(ScenarioError) as info:
        PositionTable.from_frame(df, name="eu.csv")
    rendered = str(info.value)
    assert "eu.csv:2  salience: must be within [0, 1] (got 80)" in rendered
    assert "eu.csv:3  position: must be a number" in rendered
    assert "eu.csv:4  capability: must be > 0" in rendered


def test_wrong_shapes_raise_invalid_parameter() -> None:
    """Arrays must match the actor and issue labels."""
    with pytest.raises(InvalidParameterError, match="shape"):
        PositionTable(
            actors=("a",),
            issues=("x",),
            scales=(),
            positions=np.zeros((2, 1)),
            saliences=np.ones((1, 1)),
            capabilities=np.ones(1),
            veto=np.ones(1),
            at_table=np.ones(1),
        )
