"""Tests of inclusion and spoilers (Stedman 1997)."""

from __future__ import annotations

import numpy as np

from detente.dynamics.spoilers import dislike, implementation_probability


def test_a_deal_within_tolerance_is_not_disliked() -> None:
    """Utility above the public's floor means no dislike."""
    assert dislike(np.array([0.9]), np.array([0.3]))[0] == 0.0


def test_excluded_spoiler_lowers_implementation_in_proportion_to_capacity() -> None:
    """Harm = capacity × dislike, only for actors off the table."""
    u, tol = np.array([[0.35]]), np.array([[0.3]])
    half = implementation_probability(u, tol, np.array([[0.5]]), np.array([[True]]))
    full = implementation_probability(u, tol, np.array([[1.0]]), np.array([[True]]))
    seated = implementation_probability(u, tol, np.array([[1.0]]), np.array([[False]]))
    assert seated[0] == 1.0
    assert np.isclose(1 - half[0], 0.5 * (1 - full[0]))
