"""Tests of the Sobol sensitivity analysis."""

from __future__ import annotations

import pytest

from detente.dynamics.sensitivity import sobol_indices
from detente.errors import InvalidParameterError
from detente.scenario import Scenario
from detente.scenario.overrides import load_with_overrides

from .conftest import MINI


def test_indices_cover_every_uncertain_input(mini: Scenario) -> None:
    """One row per non-fixed input, with S1 and ST columns."""
    df = sobol_indices(mini, n_base=16, n_months=6, replicates=1)
    assert list(df.columns) == ["input", "S1", "S1_conf", "ST", "ST_conf"]
    assert "positions.russia.territory.bottom_line" in set(df["input"])
    assert "actors.russia.capability" not in set(df["input"])  # fixed in the miniature


@pytest.mark.slow
def test_an_input_that_decides_everything_dominates_the_total_indices() -> None:
    """If Ukraine's tolerance alone opens or closes the range, it has the largest ST.

    War-weariness is switched off (concession_rate 0) so the tolerance stays what it is drawn.
    """
    s = load_with_overrides(
        MINI,
        [
            "actors.ukraine.domestic_tolerance={dist: uniform, low: 0.0, high: 1.0}",
            "calibration.concession_rate=0",
        ],
    )
    df = sobol_indices(s, n_base=128, n_months=24, replicates=2)
    assert df["input"].iloc[0] in {
        "actors.ukraine.domestic_tolerance",
        "actors.russia.domestic_tolerance",
    }


def test_base_size_must_be_a_power_of_two(mini: Scenario) -> None:
    """Saltelli designs need a power-of-two base."""
    with pytest.raises(InvalidParameterError, match="'n_base' parameter"):
        sobol_indices(mini, n_base=100)
