"""Tests of the month loop: tracks, deadlines, fixed packages and the battlefield path."""

from __future__ import annotations

import numpy as np

from detente.dynamics import simulate
from detente.dynamics.world import compile_world, month_labels
from detente.scenario import Scenario
from detente.scenario.overrides import load_with_overrides

from .conftest import MINI


def test_ceasefire_and_settlement_probabilities_differ(mini: Scenario) -> None:
    """A ceasefire can hold without a settlement, and break down after one."""
    r = simulate(mini, n_draws=5000, seed=0)
    assert not np.allclose(r.p_ceasefire["p"], r.p_settlement["p"])


def test_a_ceasefire_reached_stays_reached_though_it_may_break(mini: Scenario) -> None:
    """'Reached by month m' counts every first ceasefire or settlement, held or broken since.

    It is never below 'in force' or 'settled', never falls, and rises above 'in force' once
    some ceasefires have broken down (what the backtest scores against the date one was agreed).
    """
    r = simulate(mini, n_draws=5000, seed=0)
    reached = r.p_ceasefire_reached["p"].to_numpy()
    in_force = r.p_ceasefire["p"].to_numpy()
    settled = r.p_settlement["p"].to_numpy()
    assert np.all(np.diff(reached) >= 0)
    assert np.all(reached >= in_force - 1e-12) and np.all(reached >= settled - 1e-12)
    assert reached[-1] > in_force[-1], "some ceasefires must break for the test to bite"


def test_a_deadline_on_or_before_as_of_has_already_passed(mini: Scenario) -> None:
    """A lever whose deadline is as_of resolves in month 0 (carried out or exposed)."""
    s = load_with_overrides(MINI, ["levers.us_secondary_sanctions.deadline=2025-09-01"])
    w = compile_world(s)
    assert w.lever_deadline_month[w.lever_ids.index("us_secondary_sanctions")] == -1


def test_month_labels_are_the_end_of_each_simulated_month(mini: Scenario) -> None:
    """Month 1 ends a month after as_of and labels roll over the year."""
    assert month_labels(mini.as_of, 5) == ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02")


def test_a_fixed_package_is_signed_only_on_its_own_terms(mini: Scenario) -> None:
    """With a proposal on offer every deal has exactly its terms."""
    pkg = {"territory": 0.3, "security": 2 / 3, "army": 0.3, "sanctions": 0.9, "line": 0.0}
    r = simulate(mini, n_draws=20_000, seed=0, package=pkg)
    assert r.p_deal > 0, "the package must be signed in some draws for the test to say anything"
    t = r.terms.set_index("issue")
    assert np.isclose(t.loc["territory", "q05"], 30)
    assert np.isclose(t.loc["territory", "q95"], 30)


def test_a_hopeless_scenario_never_signs_and_blames_the_intervals(mini: Scenario) -> None:
    """Incompatible red lines on security block every draw, and the blockers say so."""
    s = load_with_overrides(MINI, ["positions.ukraine.security.red_line={limit: western_troops}"])
    r = simulate(s, n_draws=3000, seed=0)
    assert r.p_deal == 0.0
    top = r.blockers[r.blockers["kind"] == "red_line"].groupby("issue")["share"].sum()
    assert top.idxmax() == "security"
