"""Tests of ``--set path=value`` what-ifs (applied to the raw mapping, then re-validated)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import ScenarioError
from detente.scenario.overrides import apply_overrides, load_with_overrides, parse_assignment
from detente.scenario.uncertain import Fixed, Uniform

MINI = Path(__file__).parents[1] / "dynamics" / "data" / "mini_ukraine.yaml"


def test_values_are_parsed_as_yaml_scalars_and_flow_mappings() -> None:
    """Numbers, booleans and {…} mappings arrive typed."""
    assert parse_assignment("a.b=0.3") == ("a.b", 0.3)
    assert parse_assignment("a=true") == ("a", True)
    assert parse_assignment("a={dist: uniform, low: 0, high: 1}") == (
        "a",
        {"dist": "uniform", "low": 0, "high": 1},
    )


def test_list_items_are_addressed_by_id_or_index() -> None:
    """levers.<id>.x and levers.<k>.x reach the same item."""
    data = {"levers": [{"id": "a", "x": 1}, {"id": "b", "x": 2}]}
    assert apply_overrides(data, [("levers.b.x", 5)])["levers"][1]["x"] == 5
    assert apply_overrides(data, [("levers.0.x", 7)])["levers"][0]["x"] == 7
    assert data["levers"][1]["x"] == 2  # the input is not mutated


def test_overrides_reach_the_validated_scenario() -> None:
    """A what-if on beliefs, seats and levers shows in the loaded scenario."""
    s = load_with_overrides(
        MINI,
        [
            "war.beliefs.russia.optimism=0",
            "actors.europe.at_table=true",
            "levers.us_secondary_sanctions.credibility={dist: uniform, low: 0.5, high: 0.9}",
            "calibration.coupling.ukraine=0.3",
        ],
    )
    assert s.war is not None and s.war.beliefs["russia"].optimism == Fixed(value=0)
    assert s.actor("europe").at_table is True
    assert isinstance(s.levers[0].credibility, Uniform)
    assert s.calibration is not None and s.calibration.coupling["ukraine"] == 0.3


def test_a_misspelt_path_gives_a_did_you_mean() -> None:
    """Unknown keys and ids are reported with the closest match."""
    with pytest.raises(ScenarioError, match="did you mean 'optimism'"):
        load_with_overrides(MINI, ["war.beliefs.russia.optimsm=0"])
    with pytest.raises(ScenarioError, match="did you mean 'us_secondary_sanctions'"):
        load_with_overrides(MINI, ["levers.us_secondary_sanction.credibility=0"])


def test_an_invalid_value_fails_validation_like_a_file_would() -> None:
    """Out-of-range values are caught by the same checks as a file."""
    with pytest.raises(ScenarioError, match=r"within \[-1.0, 1.0\]"):
        load_with_overrides(MINI, ["war.beliefs.russia.optimism=2"])
    with pytest.raises(ScenarioError, match="expected path=value"):
        load_with_overrides(MINI, ["war.beliefs.russia.optimism"])


def test_no_overrides_loads_the_file_unchanged() -> None:
    """Without --set the scenario is the file's."""
    from detente.scenario import load_scenario

    assert load_with_overrides(MINI) == load_scenario(MINI)
