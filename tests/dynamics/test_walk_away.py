"""Tests of walk-away values over time (Fearon 1995; Powell 2006)."""

from __future__ import annotations

import numpy as np

from detente.dynamics.walk_away import floor_utility, war_value


def test_war_value_is_fearons_p_minus_c_on_one_issue() -> None:
    """With ideals at opposite ends and no trend, W = p − H·c."""
    w = war_value(
        np.array([0.6]), np.array([0.0]), np.array([10.0]), np.array([1.0]), np.array([0.01])
    )
    assert np.isclose(w[0], 0.6 - 0.1)


def test_a_rising_side_values_waiting_and_a_declining_side_fighting_now() -> None:
    """Any expected trend raises the sum of the two sides' war values (Powell 2006)."""
    bel = np.array([[0.5, 0.5]])
    still = war_value(
        bel, np.array([[0.0, 0.0]]), np.array([[12.0]]), np.ones((1, 2)), np.zeros((1, 2))
    )
    moving = war_value(
        bel, np.array([[0.01, -0.01]]), np.array([[12.0]]), np.ones((1, 2)), np.zeros((1, 2))
    )
    assert moving.sum() > still.sum()
    assert np.isclose(moving[0, 1], still[0, 1])


def test_floor_is_the_higher_of_walk_away_and_public_tolerance() -> None:
    """The public binds when its floor exceeds the walk-away value."""
    f, public = floor_utility(
        np.array([0.3, 0.7]), np.array([0.4, 0.4]), np.zeros(2), 0.2, np.zeros(2)
    )
    assert np.allclose(f, [0.6, 0.7])
    assert public.tolist() == [True, False]
