"""Two-level games: a public floor that moves with the war's prospects, and votes at home.

Most tests run the month loop on ``data/duel.yaml`` (one issue, solvable by hand: see its
header) with the battlefield shocks set by the test, so a reverse or a success happens on a
known month in every draw.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from detente.dynamics import sampling, simulate
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.domestic import (
    accountability,
    domestic_inputs,
    public_tolerance,
    ratified,
)
from detente.dynamics.engine import ChunkOutcome, run_chunk
from detente.dynamics.noise import NOISE_STREAMS, Noise
from detente.dynamics.walk_away import floor_utility
from detente.dynamics.world import NO_DEADLINE, RatificationSpec, compile_world
from detente.scenario import Scenario

DUEL = Path(__file__).parent / "data" / "duel.yaml"
N = 2000
MONTHS = 24


def _duel(*ratification: dict[str, Any], tolerance_b: float = 0.2) -> Scenario:
    doc = yaml.safe_load(DUEL.read_text(encoding="utf-8"))
    b = doc["actors"][1]
    b["domestic_tolerance"] = tolerance_b
    b["ratification"] = [{**r, "evidence": [{"judgement": "test"}]} for r in ratification]
    return Scenario.model_validate(doc)


def _run(s: Scenario, shock: dict[int, float] | None = None, seed: int = 5) -> ChunkOutcome:
    """The month loop on ``s`` with every draw's battlefield shocks zero except ``shock``
    (month → standard-normal shock, + favours side A)."""
    world, cal = compile_world(s), resolve_calibration(s)
    space = sampling.input_space(s)
    values = dict(sampling.by_name(space, space.quantiles(sampling.uniforms(space, N, seed, 0))))
    noise = Noise.draw(seed, 0, N, MONTHS, len(world.lever_ids), world.ratification.n_votes)
    shocks = np.zeros((N, MONTHS))
    for month, z in (shock or {}).items():
        shocks[:, month] = z
    return run_chunk(world, values, cal, MONTHS, dataclasses.replace(noise, shocks=shocks))


def _p_deal(out: ChunkOutcome) -> float:
    return float((out.settled_month >= 0).mean())


# --- the public's tolerance ------------------------------------------------------------------


def test_tolerance_follows_the_value_of_fighting_on_one_for_one() -> None:
    """θ_t = clip(θ_0 + W_0 − W_t, 0, max(S, θ_0)): up after a reverse, down after a success."""
    tol0 = np.array([[0.3, 0.3]])
    war0 = np.array([[0.4, 0.4]])
    war_t = np.array([[0.2, 0.5]])  # side 0 suffered a reverse, side 1 a success
    theta = public_tolerance(tol0, war0, war_t, np.array([[1.0, 1.0]]))
    np.testing.assert_allclose(theta, [[0.5, 0.2]])
    np.testing.assert_allclose(public_tolerance(tol0, war0, war0, np.ones((1, 2))), tol0)
    clipped = public_tolerance(tol0, war0, np.array([[-1.0, 1.0]]), np.array([[0.6, 0.6]]))
    np.testing.assert_allclose(clipped, [[0.6, 0.0]])


def test_a_bad_peace_stays_refused_while_the_front_holds() -> None:
    """Constant front, constant beliefs: B's public floor (0.8) never moves, so no deal in 24
    months although the war's cost mounts (the old timer let tolerance creep to the stake)."""
    out = _run(_duel())
    assert _p_deal(out) == 0.0


def test_a_reverse_widens_what_the_public_accepts() -> None:
    """B's chance falls from 0.5 to 0.05 in month 1: its public's floor falls by as much as its
    value of fighting on (0.45), to 0.35, and x in [0.6, 0.65] becomes a deal."""
    steady = _run(_duel())
    reverse = _run(_duel(), shock={1: 4.5})
    assert _p_deal(steady) == 0.0
    assert _p_deal(reverse) > 0.95
    assert (reverse.settled_month[reverse.settled_month >= 0] >= 2).all()
    np.testing.assert_array_less(reverse.terms[reverse.settled_month >= 0, 0], 0.65 + 1e-9)


def test_a_success_narrows_what_the_public_accepts() -> None:
    """With B's floor at 0.35 a deal exists from month 0; a success (B's chance 0.5 → 0.58 in
    month 0) raises its public's floor to 0.43 and closes it, though B's own value of fighting
    on (0.34) stays below the old floor."""
    open_ = _run(_duel(tolerance_b=0.65))
    rally = _run(_duel(tolerance_b=0.65), shock={0: -0.8})
    assert _p_deal(open_) > 0.95
    assert _p_deal(rally) < 0.6
    assert _p_deal(open_) - _p_deal(rally) > 0.3


# --- votes on the deal -----------------------------------------------------------------------


def test_a_referendum_voids_a_deal_below_the_publics_floor() -> None:
    """A leader that ignores its public (accountability 0) signs x in [0.6, 0.74] (its value of
    fighting on is 0.26), far below the public's floor of 0.8: every referendum fails and no
    settlement stands; with only a distant election the same leader's deals stand."""
    unbound = {"instrument": "election", "date": "2035-01-01", "accountability": 0.0}
    vote = {"instrument": "referendum", "margin": 0.0, "accountability": 0.0}
    free = _run(_duel(unbound))
    voted = _run(_duel(vote))
    assert _p_deal(free) > 0.95
    assert _p_deal(voted) == 0.0
    assert (voted.ratification_failed > 0).mean() > 0.95
    assert (free.ratification_failed == 0).all()


def test_a_referendum_lowers_p_settlement_on_the_builtin() -> None:
    """On the built-in, a referendum in Ukraine that its leader does not anticipate voids
    deals: P(settlement) falls and the failures are recorded."""
    from detente.scenario import load_scenario

    base = load_scenario("ukraine-2025-09")
    doc = base.model_dump(mode="json", exclude_none=True)
    for a in doc["actors"]:
        if a["id"] == "ukraine":
            a["ratification"] = [
                {"instrument": "election", "date": "2035-01-01", "accountability": 0.0}
            ]
    free = Scenario.model_validate(doc)
    for a in doc["actors"]:
        if a["id"] == "ukraine":
            a["ratification"] = [{"instrument": "referendum", "margin": 0.0, "accountability": 0.0}]
    voted = Scenario.model_validate(doc)
    r_free = simulate(free, n_draws=4000, seed=3)
    r_vote = simulate(voted, n_draws=4000, seed=3)
    assert r_vote.p_ratification_failed > 0.01
    assert r_free.p_ratification_failed == 0.0
    assert r_vote.p_deal < r_free.p_deal - 0.01, (r_vote.p_deal, r_free.p_deal)


def test_a_fully_accountable_leader_with_a_zero_margin_keeps_todays_floor() -> None:
    """a = 1 and m = 0 give max(W, 1 − θ) exactly; a = 0 gives W; a margin raises the public's
    floor by itself."""
    war, tol = np.array([[0.3, 0.7]]), np.array([[0.4, 0.4]])
    zero = (np.zeros((1, 2)), 0.0, np.zeros((1, 2)))
    today, _ = floor_utility(war, tol, *zero)
    np.testing.assert_array_equal(today, np.maximum(war, 1 - tol))
    full, _ = floor_utility(war, tol, *zero, accountability=np.ones((1, 2)))
    np.testing.assert_array_equal(full, today)
    none, binds = floor_utility(war, tol, *zero, accountability=np.zeros((1, 2)))
    np.testing.assert_allclose(none, war)
    assert not binds.any()
    half, _ = floor_utility(war, tol, *zero, accountability=0.5, margin=0.1)
    np.testing.assert_allclose(half, [[0.3 + 0.5 * 0.4, 0.7]])


def test_a_vote_passes_by_its_margin_and_noise() -> None:
    """pass iff u − (1 − θ) + σ z ≥ m: a deal 0.05 above the floor passes a 0-margin vote at
    z = 0, fails a 0.1-margin one, and at σ = 0.05 fails when z = −2."""
    spec = RatificationSpec(
        np.array([1]), np.array([True]), np.array([NO_DEADLINE]), ("m",), (None,), np.array([0.05])
    )
    rows = np.arange(3)
    u = np.array([[0.5, 0.65]] * 3)
    tol = np.array([[0.5, 0.4]] * 3)
    z = np.array([[0.0], [0.0], [-2.0]])
    dom = domestic_inputs(spec, {"m": np.array([0.0, 0.1, 0.0])}, 3)
    assert ratified(dom, rows, u, tol, z).tolist() == [True, False, False]


# --- elections --------------------------------------------------------------------------------


def test_accountability_rises_as_an_election_nears() -> None:
    """a_t = a + (1 − a) clip(1 − (M − t)/H, 0, 1) before the election, a after it."""
    spec = RatificationSpec(
        np.array([0]), np.array([False]), np.array([6]), (None,), ("acc",), np.array([0.0])
    )
    dom = domestic_inputs(spec, {"acc": np.array([0.2])}, 1)
    h = np.array([12.0])
    got = [float(accountability(dom, t, h)[0, 0]) for t in (0, 3, 6, 7)]
    np.testing.assert_allclose(got, [0.2 + 0.8 * 0.5, 0.2 + 0.8 * 0.75, 1.0, 0.2])
    assert (accountability(dom, 0, h)[:, 1] == 1.0).all()  # a side without instruments: bound


def test_a_leader_facing_an_election_waits_until_it_is_over() -> None:
    """Accountability 0, election in month 6 (horizon 12): the leader holds to the public's
    floor before it (no deal) and signs below it after; with the election years away it signs
    at once."""
    soon = _run(_duel({"instrument": "election", "date": "2026-03-15", "accountability": 0.0}))
    far = _run(_duel({"instrument": "election", "date": "2035-01-01", "accountability": 0.0}))
    signed = soon.settled_month[soon.settled_month >= 0]
    assert _p_deal(soon) > 0.9 and _p_deal(far) > 0.9
    assert signed.min() >= 7
    assert (far.settled_month == 0).mean() > 0.15


# --- random numbers ---------------------------------------------------------------------------


def test_the_vote_noise_is_its_own_stream() -> None:
    """The vote noise is a new named stream: every other stream draws the same numbers with or
    without it, and its rows keep the prefix property."""
    with_votes = Noise.draw(11, 2, 50, 6, 3, n_votes=2)
    without = Noise.draw(11, 2, 50, 6, 3)
    for f in ("lever_timing", "lever_seat", "shocks", "sign", "ceasefire", "relapse"):
        np.testing.assert_array_equal(getattr(with_votes, f), getattr(without, f))
    assert NOISE_STREAMS.count("ratification:vote") == 1
    assert with_votes.vote.shape == (50, 6, 2) and without.vote.shape == (50, 6, 0)
    np.testing.assert_array_equal(Noise.draw(11, 2, 20, 6, 3, n_votes=2).vote, with_votes.vote[:20])
    direct = sampling.stream(11, 2, "hazard:sign").random((50, 6))
    np.testing.assert_array_equal(with_votes.sign, direct)


def test_same_seed_same_numbers_with_a_referendum() -> None:
    """Two runs with one seed agree to the last digit, failures included."""
    s = _duel({"instrument": "referendum", "margin": 0.0, "accountability": 0.0}, tolerance_b=0.3)
    a, b = simulate(s, n_draws=3000, seed=9), simulate(s, n_draws=3000, seed=9)
    assert a.p_settlement.equals(b.p_settlement)
    assert a.p_ratification_failed == b.p_ratification_failed


def test_the_engine_refuses_noise_without_the_vote_columns() -> None:
    """Noise drawn without the scenario's votes is a caller's bug, said so."""
    s = _duel({"instrument": "referendum", "margin": 0.0})
    world, cal = compile_world(s), resolve_calibration(s)
    space = sampling.input_space(s)
    values = dict(sampling.by_name(space, space.quantiles(sampling.uniforms(space, 10, 1, 0))))
    with pytest.raises(ValueError, match="n_votes"):
        run_chunk(world, values, cal, 3, Noise.draw(1, 0, 10, 3, 0))


def test_a_rubber_stamp_chamber_never_lowers_the_publics_floor() -> None:
    """A negative margin makes the vote easy to pass but leaves the anticipated floor at the
    public's own (the leader still answers to its public), while the largest margin binds."""
    spec = RatificationSpec(
        np.array([0, 0]),
        np.array([True, True]),
        np.array([NO_DEADLINE, NO_DEADLINE]),
        ("m0", "m1"),
        (None, None),
        np.array([0.05, 0.05]),
    )
    low = domestic_inputs(spec, {"m0": np.array([-0.3]), "m1": np.array([-0.1])}, 1)
    np.testing.assert_array_equal(low.side_margin(), [[0.0, 0.0]])
    high = domestic_inputs(spec, {"m0": np.array([-0.3]), "m1": np.array([0.07])}, 1)
    np.testing.assert_allclose(high.side_margin(), [[0.07, 0.0]])
    u, tol = np.array([[0.5, 0.5]]), np.array([[0.45, 0.5]])  # 0.05 below the public's floor
    assert ratified(low, np.arange(1), u, tol, np.zeros((1, 2))).tolist() == [True]
