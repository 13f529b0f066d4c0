"""Concessions under pain: bottom lines give way as the war's cost mounts."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from detente.dynamics.concession import (
    conceded_bottom_lines,
    concession_share,
    stakes,
)

IDEALS = np.array([[1.0, 0.0], [0.0, 1.0]])


def test_stake_is_the_utility_lost_to_the_rivals_ideal() -> None:
    """With opposed ideals on every issue each side's stake is its whole utility range."""
    sal = np.array([[0.7, 0.3], [0.5, 0.5]])
    np.testing.assert_allclose(stakes(IDEALS, sal), [1.0, 1.0])
    half = np.array([[1.0, 0.5], [0.0, 0.5]])
    np.testing.assert_allclose(stakes(half, sal), [0.7, 0.5])


@given(st.floats(0, 2), st.floats(0.05, 1), st.floats(0, 20))
def test_share_grows_with_cost_and_is_capped_at_one(cost: float, stake: float, rate: float) -> None:
    """ρ = min(1, κ C / S): monotone in cost, never above one, zero without cost."""
    c = np.array([[cost, cost * 1.5]])
    rho = concession_share(c, np.array([stake, stake]), rate)
    assert ((rho >= 0) & (rho <= 1)).all()
    assert rho[0, 1] >= rho[0, 0]
    assert concession_share(np.zeros((1, 2)), np.array([stake, stake]), rate).max() == 0


def test_bottom_lines_move_towards_the_rival_and_never_narrow() -> None:
    """Bottom lines widen what is acceptable; a bottom line already past the rival stays put."""
    bottom = np.array([[[0.6, 0.2], [0.3, 0.9]]])
    moved = conceded_bottom_lines(bottom, IDEALS, np.array([[0.5, 1.0]]))
    np.testing.assert_allclose(moved[0, 0], [0.3, 0.6])  # halfway to (0, 1)
    np.testing.assert_allclose(moved[0, 1], [1.0, 0.0])  # all the way to (1, 0)
    past = np.array([[[-0.0, 1.0], [1.0, 0.0]]])
    np.testing.assert_allclose(conceded_bottom_lines(past, IDEALS, np.ones((1, 2))), past)


def test_without_concessions_the_builtin_never_settles() -> None:
    """On the built-in, it is the give in bottom lines under mounting cost that opens a deal."""
    from detente.dynamics import simulate
    from detente.scenario import load_scenario

    s = load_scenario("ukraine-2025-09")
    stuck = simulate(s, n_draws=2000, seed=3, calibration={"concession_rate": 0.0})
    moving = simulate(s, n_draws=2000, seed=3)
    assert stuck.p_deal == 0.0
    assert moving.p_deal > 0.005
