"""The two-issue ZOPA picture: walk-away contours, Pareto frontier and Nash point."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from detente.errors import InvalidParameterError
from detente.models.table import PositionTable
from detente.report.zopa import zopa_figure, zopa_slice


def test_the_picture_uses_the_nash_models_own_answer(tiny: Any) -> None:
    """Its star is the Nash model's point (land 0.20 on tiny, not a grid search's 0.11), inside
    the shaded zone; other issues sit at the model's outcome."""
    from detente.models.nash import NashBargainingModel

    nash = NashBargainingModel().forecast(tiny)
    z = zopa_slice(tiny, "land", "alliance", steps=51, nash=nash)
    assert z.nash is not None
    assert z.nash[0] == pytest.approx(nash.outcome[0]) and z.nash[1] == pytest.approx(1.0)
    i = int(np.argmin(np.abs(z.grid - z.nash[1])))
    j = int(np.argmin(np.abs(z.grid - z.nash[0])))
    assert z.zopa[i, j]


def test_red_lines_and_ordinal_options_bound_the_zone(tiny: Any) -> None:
    """No shaded point lies beyond a veto player's red line or between an ordinal's options."""
    table = PositionTable.from_scenario(tiny)
    z = zopa_slice(tiny, "land", "alliance", steps=51)
    ky = table.issues.index("alliance")
    rows = np.flatnonzero(z.zopa.any(axis=1))
    points = np.asarray(table.scales[ky].option_points)
    assert points.size and all(np.isclose(z.grid[r], points, atol=0.01).any() for r in rows)
    kx = table.issues.index("land")
    assert table.acceptable_low is not None and table.acceptable_high is not None
    lo, hi = table.acceptable_low[:, kx].max(), table.acceptable_high[:, kx].min()
    cols = z.grid[np.flatnonzero(z.zopa.any(axis=0))]
    assert cols.min() >= lo - 1e-9 and cols.max() <= hi + 1e-9


def test_without_a_zopa_there_is_no_star() -> None:
    """On the built-in the Nash model finds no ZOPA: no Nash point is drawn, nothing shaded."""
    from detente.scenario import load_scenario

    z = zopa_slice(load_scenario("ukraine-2025-09"), "donbas", "nato", steps=21)
    assert z.nash is None and not z.zopa.any()


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
