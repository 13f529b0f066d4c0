"""Tests of lever weights and effects."""

from __future__ import annotations

import numpy as np

from detente.dynamics.levers import lever_weight
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
