"""The explorer's controls: each becomes a --set that moves the centre and keeps the spread."""

from __future__ import annotations

import pytest

from detente.errors import ScenarioError
from detente.scenario import load_scenario
from detente.scenario.overrides import load_with_overrides
from detente.whatif.controls import control_sets, controls, scale_dist, shift_dist

NAME = "ukraine-2025-09"


def test_shift_keeps_the_spread_and_the_bounds() -> None:
    tri = {"dist": "triangular", "low": 0.2, "mode": 0.35, "high": 0.5}
    moved = shift_dist(tri, 0.5, 0.0, 1.0)
    assert moved == pytest.approx({"dist": "triangular", "low": 0.35, "mode": 0.5, "high": 0.65})
    clipped = shift_dist(tri, 0.95, 0.0, 1.0)
    assert clipped["high"] == 1.0 and clipped["mode"] == pytest.approx(0.95)
    assert shift_dist({"dist": "fixed", "value": 0.1}, 0.3, 0, 1) == {"dist": "fixed", "value": 0.3}
    beta = shift_dist({"dist": "beta", "mean": 0.5, "sd": 0.2}, 0.99, 0, 1)
    assert beta["sd"] ** 2 < beta["mean"] * (1 - beta["mean"])


def test_scale_multiplies_every_end() -> None:
    tri = {"dist": "triangular", "low": -0.008, "mode": -0.005, "high": -0.002}
    assert scale_dist(tri, 2.0) == pytest.approx(
        {"dist": "triangular", "low": -0.016, "mode": -0.01, "high": -0.004}
    )
    assert scale_dist(tri, 0.0) == {"dist": "fixed", "value": 0.0}


def test_controls_round_trip_through_the_loader() -> None:
    """Every control moved off its baseline yields sets that load and land where asked."""
    sc = load_scenario(NAME)
    cs = {c.id: c for c in controls(sc)}
    assert control_sets(sc, {c: v.value for c, v in cs.items()}) == []  # baseline: nothing
    values = {
        "cred.coalition_reassurance": 0.8,
        "on.credible_western_guarantee": True,
        "opt.ukraine": -0.1,
        "level.stalemate_aid": 2.0,
        "seat.europe": True,
    }
    moved = load_with_overrides(NAME, control_sets(sc, values))
    lever = {lv.id: lv for lv in moved.levers}
    base = {lv.id: lv for lv in sc.levers}
    assert lever["coalition_reassurance"].credibility.mode == pytest.approx(0.8)  # type: ignore[union-attr]
    assert lever["credible_western_guarantee"].active
    assert moved.war is not None and sc.war is not None
    assert moved.war.beliefs["ukraine"].optimism.mode == pytest.approx(-0.1)  # type: ignore[union-attr]
    for new, old in zip(lever["stalemate_aid"].effects, base["stalemate_aid"].effects, strict=True):
        assert new.delta.mode == pytest.approx(2 * old.delta.mode)  # type: ignore[union-attr]
    assert next(a for a in moved.actors if a.id == "europe").at_table


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"cred.nope": 0.1}, "no such control"),
        ({"cred.us_sanctions": 1.5}, "outside"),
        ({"seat.europe": 1.0}, "true or false"),
        ({"opt.russia": True}, "a number"),
    ],
)
def test_bad_controls_are_refused_by_name(values: dict[str, object], says: str) -> None:
    with pytest.raises(ScenarioError) as err:
        control_sets(load_scenario(NAME), values)  # type: ignore[arg-type]
    assert says in err.value.problems[0].message
    assert err.value.problems[0].path == next(iter(values))
