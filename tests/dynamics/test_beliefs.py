"""Tests of optimism and its correction by fighting."""

from __future__ import annotations

import numpy as np

from detente.dynamics.beliefs import believed_own_chance, corrected_bias


def test_fighting_shrinks_optimism_geometrically() -> None:
    """After k months the bias is o·(1−λ)^k."""
    assert np.isclose(corrected_bias(np.array([0.2]), 0.1, 3)[0], 0.2 * 0.9**3)


def test_no_learning_keeps_the_bias() -> None:
    """A zero learning rate leaves optimism unchanged."""
    assert corrected_bias(np.array([0.2]), 0.0, 12)[0] == 0.2


def test_collapse_hope_raises_the_believed_chance() -> None:
    """Hoping the rival collapses adds to the believed chance of prevailing."""
    base = believed_own_chance(np.array([0.4]), np.array([0.0]), np.array([0.0]), np.array([12.0]))
    hope = believed_own_chance(np.array([0.4]), np.array([0.0]), np.array([0.02]), np.array([12.0]))
    assert base[0] == 0.4
    assert hope[0] > 0.5
