"""Tests of the month loop: tracks, deadlines, fixed packages and the battlefield path."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from detente.dynamics import sampling, simulate
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.engine import run_chunk
from detente.dynamics.noise import Noise
from detente.dynamics.probe import Probe
from detente.dynamics.world import compile_world, month_labels
from detente.scenario import Scenario
from detente.scenario.overrides import load_with_overrides
from detente.whatif.proposals import proposal_package

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


def _chunk(s: Scenario, n: int, n_months: int) -> tuple[Any, Any, Any, Any]:
    """World, inputs, calibration and noise of chunk 0 of ``s`` (seed 0), as ``simulate``."""
    world, cal = compile_world(s), resolve_calibration(s)
    space = sampling.input_space(s)
    entropy = int(np.random.SeedSequence(0).entropy)
    vals = dict(sampling.by_name(space, space.quantiles(sampling.uniforms(space, n, entropy, 0))))
    return world, vals, cal, Noise.draw(entropy, 0, n, n_months, len(world.lever_ids))


def test_a_tabled_settlement_fixes_its_terms_and_negotiates_the_rest(mini: Scenario) -> None:
    """Tabled alone, 'freeze' (territory and line) is signed; the issues it leaves open are
    negotiated in each draw (the Nash point of the zone around its terms), not frozen."""
    w = compile_world(mini)
    freeze = next(p for p in mini.proposals if p.id == "freeze")
    pkg = dict(zip(w.issues, proposal_package(w, freeze).tolist(), strict=True))
    r = simulate(mini, n_draws=5000, seed=0, package=pkg)
    assert r.p_deal > 0.3
    t = r.terms.set_index("issue")
    assert t.loc["territory", "q05"] == t.loc["territory", "q95"] == 0
    assert t.loc["army", "q05"] < t.loc["army", "q95"]  # open: it varies with the draws


def test_a_tabled_interim_proposal_is_a_ceasefire_not_a_settlement(mini: Scenario) -> None:
    """An interim package beyond Ukraine's red line ('Ukraine leaves Donbas first') is the
    only ceasefire on offer: no ceasefire comes without a settlement, and the settlement track
    is untouched (not forced onto the interim term, which would rule every settlement out)."""
    s = load_with_overrides(MINI, ["positions.ukraine.line.red_line={limit: current_line}"])
    w = compile_world(s)
    pkg = {i: (1.0 if i == "line" else float("nan")) for i in w.issues}  # donbas_out
    base = simulate(s, n_draws=5000, seed=0)
    r = simulate(s, n_draws=5000, seed=0, package=pkg)
    assert base.p_ceasefire_reached["p"].iloc[-1] > base.p_deal + 0.02
    assert r.p_ceasefire_reached["p"].iloc[-1] == pytest.approx(r.p_deal)
    assert r.p_deal == pytest.approx(base.p_deal, abs=0.03)


def test_the_probe_changes_nothing_and_agrees_with_the_month_loop(mini: Scenario) -> None:
    """With a probe the outcomes are identical; where a fixed package is signed, the probe
    says both sides accepted it that month (one rule, not two)."""
    world, vals, cal, noise = _chunk(mini, 3000, 12)
    x = np.array([0.3, 2 / 3, 0.3, 0.9, 0.0])
    plain = run_chunk(world, vals, cal, 12, noise, package=x)
    probe = Probe(x[None], world.ceasefire_issues)
    probed = run_chunk(world, vals, cal, 12, noise, package=x, probe=probe)
    assert np.array_equal(plain.settled_month, probed.settled_month)
    assert np.array_equal(plain.ceasefire, probed.ceasefire)
    rows = np.flatnonzero(probed.settled_month >= 0)
    assert rows.size > 100
    assert probe.accepted[rows, probed.settled_month[rows], 0].all()


def test_a_ceasefire_the_settlement_track_does_not_follow_is_called_off() -> None:
    """Coupling runs both ways: a ceasefire held while no settlement is in reach is called
    off by the side that tied it to its terms (Minsk), so ceasefires without a settlement
    are shorter than with the same draws' exit uniforms never firing; with no coupling
    nobody calls one off and the two runs agree exactly."""
    for coupling, bites in ((0.5, True), (0.0, False)):
        s = load_with_overrides(
            MINI,
            [f"calibration.coupling.russia={coupling}", f"calibration.coupling.ukraine={coupling}"],
        )
        world, vals, cal, noise = _chunk(s, 4000, 24)
        never = dataclasses.replace(noise, ceasefire_exit=np.ones_like(noise.ceasefire_exit))
        real, kept = run_chunk(world, vals, cal, 24, noise), run_chunk(world, vals, cal, 24, never)

        def held_without_settlement(out: Any) -> int:
            month = np.arange(24)[None, :]
            unsettled = (out.settled_month[:, None] < 0) | (month < out.settled_month[:, None])
            return int((out.ceasefire & unsettled).sum())

        if bites:
            assert held_without_settlement(kept) > 500, (
                "ceasefires must be held for the test to bite"
            )
            assert held_without_settlement(real) < 0.8 * held_without_settlement(kept)
        else:
            assert np.array_equal(real.ceasefire, kept.ceasefire)
            assert np.array_equal(real.settled_month, kept.settled_month)


def test_a_settlement_needs_the_ceasefire_tracks_terms(mini: Scenario) -> None:
    """Talks that leave out how the fighting stops sign nothing (Charap & Radchenko: the
    tracks advance side by side): with the sides' red lines on the ceasefire line excluding
    each other, no settlement is signed, though the same draws sign when the line is open."""
    base = simulate(mini, n_draws=4000, seed=0)
    assert base.p_deal > 0.05, "the open scenario must sign for the test to bite"
    s = load_with_overrides(
        MINI,
        [
            "positions.russia.line.red_line={limit: donbas_out}",
            "positions.ukraine.line.red_line={limit: current_line}",
        ],
    )
    r = simulate(s, n_draws=4000, seed=0)
    assert r.p_deal == 0.0
    assert r.p_ceasefire_reached["p"].iloc[-1] == 0.0
