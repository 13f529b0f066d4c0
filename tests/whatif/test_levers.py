"""Tests of lever ranking with common random numbers."""

from __future__ import annotations

from detente.scenario import Scenario
from detente.whatif.levers import rank_levers, with_levers


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
    # seating Europe changes implementation only, so P(deal) moves by exactly nothing
    assert df.loc["europe_seat", "delta_p_deal"] == 0.0
    assert df.loc["europe_seat", "delta_low"] == df.loc["europe_seat", "delta_high"] == 0.0


def test_paired_intervals_bracket_the_effects_and_match_simulate(mini: Scenario) -> None:
    """Each delta lies in its paired interval; the variant's P(deal) is simulate's."""
    from detente.dynamics import simulate

    df = rank_levers(mini, n_draws=3000, n_months=12, seed=2, include_proposals=False)
    inside = (df["delta_low"] <= df["delta_p_deal"]) & (df["delta_p_deal"] <= df["delta_high"])
    assert inside.all()
    row = df.set_index("item").loc["europe_guarantee"]
    pulled = simulate(
        with_levers(mini, {"europe_guarantee": True}), n_draws=3000, n_months=12, seed=2
    )
    assert row["p_deal"] == pulled.p_deal
    assert row["delta_low"] > 0  # a real effect, not noise


def test_with_levers_switches_only_the_named_levers(mini: Scenario) -> None:
    """Other levers keep their state."""
    s = with_levers(mini, {"europe_guarantee": True})
    assert [lv.active for lv in s.levers] == [True, True, True, False]
