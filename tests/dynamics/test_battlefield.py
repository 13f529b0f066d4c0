"""Tests of the front line and economic strain."""

from __future__ import annotations

import numpy as np

from detente.dynamics.battlefield import P_BOUNDS, front_step, monthly_cost


def test_front_moves_by_trend_without_shocks() -> None:
    """With no shock the front moves exactly by the trend."""
    p = front_step(np.array([0.5]), np.array([0.01]), np.array([0.2]), np.array([0.0]))
    assert p[0] == 0.51


def test_front_never_reaches_certainty() -> None:
    """Huge shocks are clipped inside (0, 1)."""
    p = front_step(np.array([0.5, 0.5]), np.zeros(2), np.ones(2), np.array([10.0, -10.0]))
    assert p.tolist() == [P_BOUNDS[1], P_BOUNDS[0]]


def test_costs_escalate_with_strain_and_stay_constant_without_escalation() -> None:
    """Monthly cost grows with cumulative cost when escalation is on, not otherwise."""
    base, cum = np.array([0.01]), np.array([0.5])
    assert monthly_cost(base, cum, 1.0)[0] == 0.015
    assert monthly_cost(base, cum, 0.0)[0] == 0.01
