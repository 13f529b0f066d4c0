"""The two-issue ZOPA picture: walk-away contours, Pareto frontier and Nash point."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.models.table import PositionTable
from detente.models.utility import package_utility
from detente.report.zopa import nash_point, zopa_figure, zopa_slice


def test_nash_point_beats_every_walk_away(tiny: Any) -> None:
    """The Nash point gives every veto player more than its walk-away value."""
    table = PositionTable.from_scenario(tiny)
    x = nash_point(table)
    u = package_utility(table.positions, table.saliences, x)
    assert table.walk_away is not None
    assert (u > table.walk_away).all()


def test_slice_nash_point_lies_in_the_zopa_and_on_the_frontier(tiny: Any) -> None:
    """The slice's Nash point is inside the shaded zone, and no grid point beats it for both."""
    z = zopa_slice(tiny, "land", "alliance", steps=51)
    assert z.nash is not None
    i = int(np.argmin(np.abs(z.grid - z.nash[1])))
    j = int(np.argmin(np.abs(z.grid - z.nash[0])))
    assert z.zopa[i, j]
    g = z.gains[i, j]
    dominated = (z.gains >= g).all(axis=-1) & (z.gains > g).any(axis=-1)
    assert not dominated.any()


def test_frontier_points_are_not_dominated(tiny: Any) -> None:
    """No Pareto-frontier point is beaten for both veto players by another grid point."""
    z = zopa_slice(tiny, "land", "alliance", steps=41)
    flat = z.gains.reshape(-1, z.gains.shape[-1])
    for x, y in z.pareto[:: max(len(z.pareto) // 10, 1)]:
        i, j = int(np.argmin(np.abs(z.grid - y))), int(np.argmin(np.abs(z.grid - x)))
        g = z.gains[i, j]
        assert not ((flat >= g).all(axis=-1) & (flat > g + 1e-12).any(axis=-1)).any()


def test_figure_has_a_contour_per_veto_player(tiny: Any) -> None:
    """The picture draws one walk-away contour for each veto player and the Nash star."""
    fig = zopa_figure(tiny, "land", "alliance")
    contours = [t for t in fig.data if t.type == "contour"]
    assert len(contours) == 2
    assert any(t.name == "Nash point" for t in fig.data)


def test_unknown_issue_is_refused_with_the_known_ids(tiny: Any) -> None:
    """Asking for an issue the scenario lacks names the issues it has."""
    with pytest.raises(InvalidParameterError, match="land, alliance"):
        zopa_slice(tiny, "land", "crimea")


def test_same_issue_twice_is_refused(tiny: Any) -> None:
    """The two axes must be different issues."""
    with pytest.raises(InvalidParameterError, match="two different issues"):
        zopa_slice(tiny, "land", "land")
