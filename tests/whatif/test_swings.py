"""The tornado's numbers: lever, proposal and input swings of P(deal by the horizon)."""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.whatif.levers import rank_levers
from detente.whatif.swings import input_swings, lever_swings, screen_inputs, swing_table


def test_a_tougher_bottom_line_lowers_p_deal(small: Any) -> None:
    """Red demanding more land at its bottom line (95th vs 5th percentile) makes a deal rarer."""
    swings = input_swings(small, n_draws=300, n_months=12, seed=1).set_index("name")
    red = swings.loc["positions.red.land.bottom_line"]
    blue = swings.loc["positions.blue.land.bottom_line"]
    assert red["p_high"] < red["p_low"]
    assert blue["p_high"] > blue["p_low"]  # Blue conceding more at its bottom line helps


def test_only_uncertain_inputs_are_swung(small: Any) -> None:
    """Fixed values are not swung; uncertain ones all are, and report progress per variant."""
    seen: list[tuple[int, int]] = []
    swings = input_swings(
        small, n_draws=50, n_months=6, seed=1, progress=lambda d, t: seen.append((d, t))
    )
    names = set(swings["name"])
    assert "actors.blue.capability" in names
    assert "actors.red.capability" not in names  # a fixed 0.6
    assert seen[-1] == (2, 2)  # the pilot, then the rest


def test_levers_and_proposals_are_reported_off_to_on(small: Any) -> None:
    """Each lever and non-reference proposal appears once with its kind."""
    swings = lever_swings(rank_levers(small, n_draws=100, n_months=6, seed=1))
    assert dict(zip(swings["name"], swings["kind"], strict=True)) == {
        "aid": "lever",
        "split": "proposal",
        "blue_plan": "proposal",
    }


def test_screen_keeps_the_inputs_that_matter_and_only_top_are_swung(small: Any) -> None:
    """With ``top`` the given-data screen picks the inputs to swing; the frame is sorted."""
    swings = input_swings(small, n_draws=2000, n_months=12, seed=1, top=2)
    assert len(swings) == 2
    screen = swings.attrs["screen"]
    assert list(swings["name"]) == list(screen["name"].iloc[:2])
    levers = lever_swings(rank_levers(small, n_draws=200, n_months=6, seed=1))
    frame = swing_table(levers, swings)
    swing = (frame["p_high"] - frame["p_low"]).abs()
    assert list(swing) == sorted(swing, reverse=True)


def test_the_screen_ranks_a_deciding_input_first_and_an_idle_one_near_zero() -> None:
    """Bias-corrected correlation ratio: an input that decides y leads; noise scores about 0."""
    rng = np.random.default_rng(3)
    u = rng.random((20_000, 2))
    y = u[:, 0] > 0.7  # only the first column matters
    screen = screen_inputs(u, y, ["decides", "idle"]).set_index("name")
    assert screen.loc["decides", "eta2"] > 0.5
    assert abs(screen.loc["idle", "eta2"]) < 0.002  # bias (B-1)/N removed; SE ≈ 0.0007
