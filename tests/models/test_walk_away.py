"""Walk-away values reproduce Fearon's (1995) bargaining range."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.models.utility import package_utility
from detente.models.walk_away import war_walk_away


@given(
    p_a=st.floats(0, 1),
    opt_a=st.floats(0, 0.5),
    opt_b=st.floats(0, 0.5),
    c_a=st.floats(0, 0.02),
    c_b=st.floats(0, 0.02),
    horizon=st.floats(1, 36),
)
def test_one_issue_range_opens_exactly_when_fearons_condition_holds(
    p_a: float, opt_a: float, opt_b: float, c_a: float, c_b: float, horizon: float
) -> None:
    """With ideals at the ends of one issue, a deal exists iff p̃_A + p̃_B ≤ 1 + H(c_A + c_B)."""
    ideals = np.array([[1.0], [0.0]])
    sal = np.ones((2, 1))
    believed_a_wins = np.array([min(1, p_a + opt_a), 1 - min(1, (1 - p_a) + opt_b)])
    w = war_walk_away(ideals, sal, 0, 1, p_a, believed_a_wins, np.array([c_a, c_b]), horizon)
    # best deal for A that B accepts: x = 1 - w_B (B's utility is 1 - x)
    exists = (1 - w[1]) >= w[0] - 1e-12
    p_sum = believed_a_wins[0] + (1 - believed_a_wins[1])
    assert exists == (p_sum <= 1 + horizon * (c_a + c_b) + 1e-12)


def test_walk_away_is_the_lottery_minus_costs() -> None:
    """W = p u(x_A) + (1 − p) u(x_B) − H c for a two-issue case computed by hand."""
    ideals = np.array([[1.0, 1.0], [0.0, 0.0], [0.5, 0.0]])
    sal = np.array([[0.5, 0.5], [0.7, 0.3], [1.0, 0.0]])
    w = war_walk_away(
        ideals, sal, 0, 1, 0.5, np.array([0.6, 0.3, 0.5]), np.array([0.01, 0.02, 0.0]), 10
    )
    u = package_utility(ideals, sal, ideals[:2])
    assert w[0] == pytest.approx(0.6 * 1 + 0.4 * u[1, 0] - 0.1)
    assert w[1] == pytest.approx(0.3 * u[0, 1] + 0.7 * 1 - 0.2)
    assert w[2] == pytest.approx(0.5 * 0.5 + 0.5 * 0.5)
