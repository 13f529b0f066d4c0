"""Gaps to each actor's acceptable set, against the scenario's own bottom lines."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.sampling import input_space
from detente.scenario import load_scenario
from detente.whatif.gaps import offer_gaps


def test_gap_is_the_distance_to_the_median_bottom_line_towards_the_ideal() -> None:
    sc = load_scenario("ukraine-2025-09")
    space = input_space(sc)
    median = space.medians()[0]
    g = offer_gaps(sc, {"donbas": 0.0, "nato": "permanent_neutrality"})
    for row in g.itertuples(index=False):
        bl = float(median[space.index(f"positions.{row.actor}.{row.issue}.bottom_line")])
        assert row.bottom_line == pytest.approx(bl, abs=0.02)
        toward = np.sign(row.ideal - row.bottom_line)
        if toward:
            want = max(0.0, (row.bottom_line - row.offer) * toward)
            assert row.gap == pytest.approx(want, abs=1e-9)
            assert (
                (row.p_within > 0.5) == (row.gap == 0 and row.offer != row.bottom_line)
                or (row.gap > 0 and row.p_within <= 0.5)
                or row.offer == pytest.approx(row.bottom_line)
            )


def test_an_offer_at_an_actors_ideal_is_within_and_beyond_a_red_line_is_flagged() -> None:
    sc = load_scenario("ukraine-2025-09")
    pos = sc.positions["ukraine"]["donbas"]
    g = offer_gaps(sc, {"donbas": pos.ideal})
    ua = g[g["actor"] == "ukraine"].iloc[0]
    assert ua["gap"] == 0 and ua["p_within"] == 1.0 and not ua["crosses_red_line"]
    usa = offer_gaps(sc, {"security_guarantees": "binding_collective"})
    assert usa.set_index("actor").loc["usa", "crosses_red_line"]


def test_an_unknown_issue_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        offer_gaps(load_scenario("ukraine-2025-09"), {"nope": 0.5})
