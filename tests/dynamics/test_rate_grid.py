"""Per-draw rates: one run simulates every point of a rate grid on its own share of the draws."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.montecarlo import run_chunks
from detente.dynamics.world import compile_world
from detente.errors import InvalidParameterError
from detente.scenario import Scenario


def _settled_by_point(mini: Scenario, grid: list[dict[str, float]], n: int) -> np.ndarray:
    world, cal = compile_world(mini), resolve_calibration(mini)
    out = np.zeros(len(grid))
    first = 0
    for chunk in run_chunks(
        mini, world, cal, n_draws=n, n_months=24, seed=1, chunk_size=700, rate_grid=grid
    ):
        g = (first + np.arange(len(chunk.settled_month))) % len(grid)
        np.add.at(out, g, chunk.settled_month >= 0)
        first += len(chunk.settled_month)
    return out / (n / len(grid))


def test_each_draw_uses_its_grid_points_rates(mini: Scenario) -> None:
    """Draws given a higher signing hazard and lighter priors (faster learning) settle more."""
    grid = [
        {"sign_hazard": 0.02, "belief_strength": 48.0},
        {"sign_hazard": 0.141, "belief_strength": 12.0},
        {"sign_hazard": 0.6, "belief_strength": 0.5},
    ]
    p = _settled_by_point(mini, grid, 6000)
    assert p[0] < p[1] < p[2]
    assert p[2] - p[0] > 0.1


def test_a_grid_of_the_defaults_reproduces_the_default_run(mini: Scenario) -> None:
    """A one-point grid at the calibration's own values changes no number (the mini pins them)."""
    world, cal = compile_world(mini), resolve_calibration(mini)
    assert {"sign_hazard", "belief_strength"} <= cal.overridden
    point = [{"sign_hazard": cal.sign_hazard, "belief_strength": cal.belief_strength}]
    a = list(run_chunks(mini, world, cal, n_draws=1500, n_months=12, seed=3))
    b = list(run_chunks(mini, world, cal, n_draws=1500, n_months=12, seed=3, rate_grid=point))
    for x, y in zip(a, b, strict=True):
        assert np.array_equal(x.settled_month, y.settled_month)
        assert np.array_equal(x.ceasefire, y.ceasefire)


def test_a_grid_rate_out_of_bounds_or_unknown_is_refused(mini: Scenario) -> None:
    world, cal = compile_world(mini), resolve_calibration(mini)
    with pytest.raises(InvalidParameterError, match="sign_hazard"):
        list(
            run_chunks(
                mini,
                world,
                cal,
                n_draws=10,
                n_months=2,
                seed=0,
                rate_grid=[{"sign_hazard": 1.5, "belief_strength": 1.0}],
            )
        )
    with pytest.raises(InvalidParameterError, match="only"):
        list(
            run_chunks(
                mini, world, cal, n_draws=10, n_months=2, seed=0, rate_grid=[{"learning_rate": 0.1}]
            )
        )
