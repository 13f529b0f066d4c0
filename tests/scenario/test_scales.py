"""Issue scales map native values and option ids to [0, 1] and back."""

from __future__ import annotations

import pytest

from detente.scenario import Scenario, scale_of


def test_numeric_scale_round_trips(tiny: Scenario) -> None:
    """Native → unit → native is the identity on a numeric scale."""
    sc = scale_of(tiny.issue("land"))
    assert sc.to_unit(25) == pytest.approx(0.25)
    assert sc.from_unit(sc.to_unit(37.5)) == pytest.approx(37.5)


def test_ordinal_options_are_evenly_spaced_by_default(tiny: Scenario) -> None:
    """Two options sit at 0 and 1 and label their points."""
    sc = scale_of(tiny.issue("alliance"))
    assert sc.to_unit("member") == 0.0 and sc.to_unit("neutral") == 1.0
    assert sc.describe(0.8) == "Blue stays neutral"


def test_off_scale_values_raise_with_the_range(tiny: Scenario) -> None:
    """Values outside the scale and unknown options raise ValueError naming the problem."""
    with pytest.raises(ValueError, match=r"outside issue 'land''s scale \[0, 100\]"):
        scale_of(tiny.issue("land")).to_unit(120)
    with pytest.raises(ValueError, match="options: member, neutral"):
        scale_of(tiny.issue("alliance")).to_unit("observer")


def test_red_line_at_the_ideal_leaves_only_that_point() -> None:
    """A red line equal to the ideal admits nothing else; otherwise it cuts one side."""
    from detente.scenario.scales import red_line_interval

    assert red_line_interval(0.0, 0.0) == (0.0, 0.0)
    assert red_line_interval(1.0, 0.4) == (0.4, 1.0)
    assert red_line_interval(0.0, 0.3) == (0.0, 0.3)
