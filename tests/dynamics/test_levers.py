"""Tests of lever weights and effects."""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.dynamics.levers import lever_effects, lever_weight
from detente.dynamics.world import NO_DEADLINE


def test_threat_weight_is_its_credibility_before_the_deadline() -> None:
    """Before the deadline a lever weighs by its credibility."""
    w = lever_weight(np.array([True]), np.array([[0.3]]), np.array([2]), np.array([[0.1]]), 1)
    assert w[0, 0] == 0.3


def test_deadline_carries_out_or_exposes_the_threat() -> None:
    """After the deadline the lever applies in full or not at all."""
    cred, dl = np.array([[0.3, 0.3]]), np.array([2, 2])
    w = lever_weight(np.array([True, True]), cred, dl, np.array([[0.1, 0.9]]), 3)
    assert w.tolist() == [[1.0, 0.0]]


def test_zero_credibility_or_inactive_lever_weighs_nothing() -> None:
    """A threat nobody believes, or one not made, has no weight in any month."""
    for month in range(5):
        w = lever_weight(
            np.array([True, False]),
            np.array([[0.0, 0.8]]),
            np.array([2, NO_DEADLINE]),
            np.array([[0.0, 0.0]]),
            month,
        )
        assert w.tolist() == [[0.0, 0.0]]


def _world_with_threat(deadline: int, mode: int = 0) -> Any:
    """A two-actor world with one monthly-cost lever on actor 0 (mode 0 threat, 2 action)."""
    from types import SimpleNamespace

    from detente.dynamics.world import QUANTITIES, LeverSpec

    spec = LeverSpec(
        np.array([0]),
        np.array([0]),
        np.array([QUANTITIES.index("monthly_cost")]),
        np.array([mode]),
    )
    return SimpleNamespace(n_actors=2, effects=spec, lever_deadline_month=np.array([deadline]))


def test_a_threat_is_borne_only_once_carried_out() -> None:
    """Contingent costs: before its deadline a threat costs nothing, and its expected value
    counts only for the part of the horizon after the deadline; carried out, it is borne in
    full; exposed as a bluff, it neither costs nor threatens any more."""
    world = _world_with_threat(deadline=6)
    delta, H = np.array([[0.01]]), np.array([12.0])
    args = (np.array([True]), np.array([[0.4]]), np.array([6]))
    for month, u, borne, expected in (
        (2, 0.1, 0.0, 0.4 * 0.01 * (12 - 4) / 12),
        (5, 0.1, 0.0, 0.4 * 0.01 * (12 - 1) / 12),
        (7, 0.1, 0.01, 0.01),  # carried out
        (7, 0.9, 0.0, 0.0),  # exposed
    ):
        w = lever_weight(*args, np.array([[u]]), month)
        eff = lever_effects(world, w, delta, H, month)
        assert np.isclose(eff.borne_cost[0, 0], borne), month
        assert np.isclose(eff.war_cost[0, 0], expected), month


def test_a_threat_without_deadline_threatens_but_is_never_borne() -> None:
    world = _world_with_threat(deadline=NO_DEADLINE)
    args = (np.array([True]), np.array([[0.5]]), np.array([NO_DEADLINE]))
    w = lever_weight(*args, np.array([[0.0]]), 30)
    eff = lever_effects(world, w, np.array([[0.02]]), np.array([12.0]), 30)
    assert eff.borne_cost[0, 0] == 0.0 and np.isclose(eff.war_cost[0, 0], 0.01)


def test_an_action_is_borne_as_it_is_weighed() -> None:
    world = _world_with_threat(deadline=NO_DEADLINE, mode=2)
    w = np.array([[0.5]])
    eff = lever_effects(world, w, np.array([[0.02]]), np.array([12.0]), 0)
    assert np.isclose(eff.borne_cost[0, 0], 0.01) and np.isclose(eff.war_cost[0, 0], 0.01)
