"""Tests of the relapse hazard after a deal (Fortna 2003, 2004; Walter 2002)."""

from __future__ import annotations

import numpy as np

from detente.dynamics.calibration import DEFAULTS
from detente.dynamics.durability import hazard_multiplier, relapse_probability, relapse_time_years


def test_reference_deal_relapses_at_the_calibrated_five_year_rate() -> None:
    """With multiplier 1 and full implementation R(5) is relapse_5y."""
    assert np.isclose(
        relapse_probability(5.0, np.array([1.0]), np.array([1.0]), DEFAULTS)[0], DEFAULTS.relapse_5y
    )


def test_guarantee_lowers_and_tolerance_breach_raises_the_hazard() -> None:
    """A credible guarantee divides the hazard; a deal beyond tolerance multiplies it."""
    z = np.zeros(1)
    assert hazard_multiplier(np.ones(1), z, z, DEFAULTS)[0] == DEFAULTS.guarantee_hazard_ratio
    assert hazard_multiplier(z, z, np.array([0.1]), DEFAULTS)[0] == DEFAULTS.tolerance_hazard_ratio


def test_sampled_relapse_times_match_the_relapse_curve() -> None:
    """Inverting R at uniforms reproduces R's probabilities."""
    rng = np.random.default_rng(0)
    u = rng.random(200_000)
    m, impl = np.full(u.size, 1.7), np.full(u.size, 0.9)
    t = relapse_time_years(u, m, impl, DEFAULTS)
    for y in (1.0, 3.0, 5.0):
        assert abs((t <= y).mean() - relapse_probability(y, m[:1], impl[:1], DEFAULTS)[0]) < 0.005
