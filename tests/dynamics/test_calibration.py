"""Tests of the calibrated defaults and their overrides."""

from __future__ import annotations

import math

import pytest

from detente.dynamics.calibration import DEFAULTS, resolve_calibration
from detente.errors import InvalidParameterError
from detente.scenario import Scenario


def test_signing_hazard_reproduces_the_cow_median_war_duration() -> None:
    """A constant hazard h gives a median of 139 days (Correlates of War)."""
    median_months = math.log(2) / -math.log(1 - DEFAULTS.sign_hazard)
    assert abs(median_months * 30.44 - 139) < 0.5


def test_scenario_block_overrides_defaults_and_keeps_the_rest(mini: Scenario) -> None:
    """The scenario's coupling is used; unset rates keep their defaults."""
    cal = resolve_calibration(mini)
    assert cal.coupling["russia"] == 0.95
    assert cal.sign_hazard == DEFAULTS.sign_hazard


def test_out_of_range_override_is_rejected(mini: Scenario) -> None:
    """A rate outside its domain raises InvalidParameterError in sklearn's wording."""
    with pytest.raises(InvalidParameterError, match="'sign_hazard' parameter"):
        resolve_calibration(mini, {"sign_hazard": 1.5})
