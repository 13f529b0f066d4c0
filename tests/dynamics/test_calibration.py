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


def test_the_schema_and_the_simulation_share_one_set_of_bounds() -> None:
    """Every calibrated rate: the scenario schema's limits are CALIBRATION_BOUNDS, and the
    simulation's CalibrationValues refuses exactly what the schema refuses (e.g. a relapse
    shape of 4, which the simulation used to accept)."""
    import dataclasses

    from detente.dynamics.calibration import DEFAULTS, CalibrationValues
    from detente.errors import InvalidParameterError
    from detente.scenario.schema import CALIBRATION_BOUNDS, Calibration

    props = Calibration.model_json_schema()["properties"]
    names = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}
    for key, bound in CALIBRATION_BOUNDS.items():
        spec = next(x for x in props[key]["anyOf"] if x.get("type") == "number")
        for attr, word in names.items():
            assert spec.get(word) == getattr(bound, attr), (key, word)
    for value, ok in ((3.0, True), (4.0, False), (0.0, False)):
        try:
            dataclasses.replace(DEFAULTS, relapse_shape=value)
            accepted = True
        except InvalidParameterError:
            accepted = False
        assert accepted is ok
        assert isinstance(DEFAULTS, CalibrationValues)
    with pytest.raises(InvalidParameterError, match=r"in \(0, 1\]"):
        dataclasses.replace(DEFAULTS, sign_hazard=float("nan"))
