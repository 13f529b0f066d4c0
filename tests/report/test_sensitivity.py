"""The tornado's numbers: lever, proposal and input swings of P(deal by the horizon)."""

from __future__ import annotations

from typing import Any

from detente.report.sensitivity import input_swings, lever_swings, sensitivity_frame


def test_a_tougher_bottom_line_lowers_p_deal(small: Any) -> None:
    """Red demanding more land at its bottom line (95th vs 5th percentile) makes a deal rarer."""
    swings = input_swings(small, n_draws=300, n_months=12, seed=1).set_index("name")
    red = swings.loc["positions.red.land.bottom_line"]
    blue = swings.loc["positions.blue.land.bottom_line"]
    assert red["p_high"] < red["p_low"]
    assert blue["p_high"] > blue["p_low"]  # Blue conceding more at its bottom line helps


def test_only_uncertain_inputs_are_swung(small: Any) -> None:
    """Fixed values are not swung; uncertain ones all are, and report progress."""
    seen: list[tuple[int, int]] = []
    swings = input_swings(
        small, n_draws=50, n_months=6, seed=1, progress=lambda d, t: seen.append((d, t))
    )
    names = set(swings["name"])
    assert "actors.blue.capability" in names
    assert "actors.red.capability" not in names  # a fixed 0.6
    assert seen[-1] == (len(swings), len(swings))


def test_levers_and_proposals_are_reported_off_to_on(small: Any) -> None:
    """Each lever and non-reference proposal appears once with its kind."""
    swings = lever_swings(small, n_draws=100, n_months=6, seed=1)
    assert dict(zip(swings["name"], swings["kind"], strict=True)) == {
        "aid": "lever",
        "split": "proposal",
        "blue_plan": "proposal",
    }


def test_frame_is_sorted_by_swing_and_keeps_top_inputs(small: Any) -> None:
    """The combined frame is ordered by absolute swing and holds at most top_inputs inputs."""
    frame = sensitivity_frame(small, n_draws=100, n_months=6, seed=1, top_inputs=1)
    swing = (frame["p_high"] - frame["p_low"]).abs()
    assert list(swing) == sorted(swing, reverse=True)
    assert (frame["kind"] == "input").sum() == 1
