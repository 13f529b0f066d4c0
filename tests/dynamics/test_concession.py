"""Concessions: bottom lines follow the value of fighting on, and the war of attrition."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from detente.dynamics.concession import (
    attrition_hazard,
    conceded_bottom_lines,
    concession_gap,
    reservation_share,
    stakes,
)
from detente.models.utility import package_utility

IDEALS = np.array([[1.0, 0.0], [0.0, 1.0]])
SAL = np.array([[0.7, 0.3], [0.5, 0.5]])


def test_stake_is_the_utility_lost_to_the_rivals_ideal() -> None:
    """With opposed ideals on every issue each side's stake is its whole utility range."""
    np.testing.assert_allclose(stakes(IDEALS, SAL), [1.0, 1.0])
    half = np.array([[1.0, 0.5], [0.0, 0.5]])
    np.testing.assert_allclose(stakes(half, SAL), [0.7, 0.5])


@given(
    st.floats(0.5, 1.0),
    st.floats(0.0, 0.5),
    st.floats(0.0, 0.5),
    st.floats(0.5, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_the_conceded_package_is_worth_the_value_of_fighting_on(
    a0: float, a1: float, b0: float, b1: float, wa: float, wb: float
) -> None:
    """Fearon's reservation: after conceding, each side's bottom-line package is worth exactly
    its value of fighting on W (linear loss), unless W is above its stated bottom line (it
    does not harden beyond what it said) or below the rival's ideal (it concedes all)."""
    bottom = np.array([[[a0, a1], [b0, b1]]])
    u_b, gap = concession_gap(IDEALS, SAL, bottom)
    u_rival = np.diag(package_utility(IDEALS, SAL, IDEALS[::-1]))
    war = u_rival + np.array([[wa, wb]]) * (u_b[0] + 0.2 - u_rival)  # spans all three regimes
    rho = reservation_share(u_b, war, gap)
    moved = conceded_bottom_lines(bottom, IDEALS, rho)
    for k in range(2):
        u_k = package_utility(IDEALS, SAL, moved[:, k, :])[0, k]
        expect = np.clip(war[0, k], u_rival[k], u_b[0, k])
        assert np.isclose(u_k, expect, atol=1e-9)


def test_a_side_whose_prospects_improve_takes_its_concessions_back() -> None:
    """Concessions reverse when the war turns: a higher value of fighting on, a smaller share."""
    u_b, gap = np.array([[0.8, 0.8]]), np.array([[0.6, 0.6]])
    worse, better = np.array([[0.5, 0.5]]), np.array([[0.7, 0.9]])
    assert (reservation_share(u_b, better, gap) < reservation_share(u_b, worse, gap)).all()
    assert reservation_share(u_b, better, gap)[0, 1] == 0.0


def test_sunk_costs_do_not_move_bottom_lines() -> None:
    """The share depends on the value of fighting on only: nothing about costs already borne
    enters it (its only inputs are the stated bottom line, the rival's ideal and W)."""
    u_b, gap, war = np.array([[0.8, 0.7]]), np.array([[0.6, 0.5]]), np.array([[0.6, 0.6]])
    np.testing.assert_allclose(reservation_share(u_b, war, gap), [[0.2 / 0.6, 0.1 / 0.5]])


def test_each_side_gives_in_at_its_rivals_cost_over_its_rivals_gap() -> None:
    """The stationary war of attrition: side k's hazard keeps its rival j indifferent,
    λ_k = c_j / G_j, so raising one side's cost raises only the other's hazard."""
    cost, gap = np.array([[0.01, 0.02]]), np.array([[0.5, 0.4]])
    h = attrition_hazard(cost, gap)
    np.testing.assert_allclose(h, [[1 - np.exp(-0.02 / 0.4), 1 - np.exp(-0.01 / 0.5)]])
    more = attrition_hazard(np.array([[0.03, 0.02]]), gap)
    assert more[0, 1] > h[0, 1] and more[0, 0] == h[0, 0]
    assert attrition_hazard(np.zeros((1, 2)), gap).max() == 0.0


def test_bottom_lines_move_towards_the_rival_and_never_narrow() -> None:
    """Bottom lines widen what is acceptable; a bottom line already past the rival stays put."""
    bottom = np.array([[[0.6, 0.2], [0.3, 0.9]]])
    moved = conceded_bottom_lines(bottom, IDEALS, np.array([[0.5, 1.0]]))
    np.testing.assert_allclose(moved[0, 0], [0.3, 0.6])  # halfway to (0, 1)
    np.testing.assert_allclose(moved[0, 1], [1.0, 0.0])  # all the way to (1, 0)
    past = np.array([[[-0.0, 1.0], [1.0, 0.0]]])
    np.testing.assert_allclose(conceded_bottom_lines(past, IDEALS, np.ones((1, 2))), past)
