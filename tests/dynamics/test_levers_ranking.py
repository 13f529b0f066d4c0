"""Tests of lever ranking with common random numbers."""

from __future__ import annotations

from detente.dynamics.levers_ranking import rank_levers, with_levers
from detente.scenario import Scenario


def test_every_lever_and_live_proposal_is_ranked(mini: Scenario) -> None:
    """Each lever appears once with its what-if, sorted by the size of its effect."""
    df = rank_levers(mini, n_draws=2000, n_months=12, seed=1)
    assert set(df["item"]) == {lv.id for lv in mini.levers} | {p.id for p in mini.proposals}
    assert (df["delta_p_deal"].abs().diff().dropna() <= 1e-12).all()
    assert set(df.loc[df["kind"] == "lever", "change"]) <= {"pull", "drop"}


def test_a_lever_without_effect_on_deals_moves_p_deal_by_exactly_zero(mini: Scenario) -> None:
    """With common random numbers a lever that cannot change any deal shows no noise."""
    df = rank_levers(mini, n_draws=2000, n_months=12, seed=1, include_proposals=False).set_index(
        "item"
    )
    assert (
        df.loc["europe_seat", "delta_p_deal"] == 0.0
    )  # seating Europe changes implementation only


def test_with_levers_switches_only_the_named_levers(mini: Scenario) -> None:
    """Other levers keep their state."""
    s = with_levers(mini, {"europe_guarantee": True})
    assert [lv.active for lv in s.levers] == [True, True, True, False]
