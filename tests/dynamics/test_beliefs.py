"""Tests of optimism and its correction by battles (Smith & Stam's Beta-binomial updating)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from detente.dynamics.beliefs import battle_won, bayes_bias, bayes_hope, believed_own_chance


def test_without_surprises_optimism_fades_hyperbolically() -> None:
    """Battles that go as expected leave the bias o·ν/(ν+n): half gone after ν months."""
    o, nu = np.array([[0.2, 0.1]]), np.array([[12.0]])
    np.testing.assert_allclose(bayes_bias(o, nu, np.zeros((1, 2)), np.array([[12.0]])), o / 2)
    np.testing.assert_allclose(bayes_bias(o, nu, np.zeros((1, 2)), np.zeros((1, 1))), o)


def test_a_run_of_victories_hardens_the_winner_and_softens_the_loser() -> None:
    """Surprises move the two beliefs in opposite directions (the winner's rises)."""
    o, nu, n = np.array([[0.1, 0.1]]), np.array([[6.0]]), np.array([[6.0]])
    calm = bayes_bias(o, nu, np.zeros((1, 2)), n)
    lucky = bayes_bias(o, nu, np.array([[2.0, -2.0]]), n)
    assert lucky[0, 0] > calm[0, 0] and lucky[0, 1] < calm[0, 1]


def test_a_stronger_prior_learns_more_slowly() -> None:
    """The prior's weight ν sets how much evidence it takes: more ν, more bias left."""
    o, s, n = np.array([[0.2, 0.2]]), np.zeros((1, 2)), np.array([[10.0]])
    assert (
        bayes_bias(o, np.array([[40.0]]), s, n)[0, 0] > bayes_bias(o, np.array([[2.0]]), s, n)[0, 0]
    )


def test_months_without_a_collapse_lower_the_hope_of_one() -> None:
    """Beta-Bernoulli mean after n failures: h·ν/(ν+n)."""
    h = bayes_hope(np.array([[0.02, 0.01]]), np.array([[4.0]]), np.array([[4.0]]))
    np.testing.assert_allclose(h, [[0.01, 0.005]])


@given(st.floats(0.02, 0.98))
def test_side_a_wins_the_months_battle_with_its_chance(p: float) -> None:
    """P(A wins) = p_t, and a battle won is a month the front moved A's way (shock high)."""
    rng = np.random.default_rng(0)
    shock = rng.standard_normal(40_000)
    won = battle_won(np.full(shock.shape, p), shock)
    assert abs(won.mean() - p) < 0.02
    assert shock[won == 1].min() >= shock[won == 0].max()


def test_collapse_hope_raises_the_believed_chance() -> None:
    """Hoping the rival collapses adds to the believed chance of prevailing."""
    base = believed_own_chance(np.array([0.4]), np.array([0.0]), np.array([0.0]), np.array([12.0]))
    hope = believed_own_chance(np.array([0.4]), np.array([0.0]), np.array([0.02]), np.array([12.0]))
    assert base[0] == 0.4
    assert hope[0] > 0.5
