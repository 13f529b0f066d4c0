"""Fitted rates enter the simulation per draw, and an analyst's explicit value always wins."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics import sampling, simulate
from detente.dynamics.calibration import DrawRates, resolve_calibration
from detente.dynamics.durability import relapse_probability
from detente.dynamics.engine import run_chunk
from detente.dynamics.montecarlo import deal_rates
from detente.dynamics.noise import Noise
from detente.dynamics.rates import (
    PREFIX,
    TIMING,
    Discrete,
    fitted_inputs,
    load_termination_dists,
    load_timing,
    with_timing,
)
from detente.dynamics.world import compile_world
from detente.scenario import Scenario
from detente.scenario.overrides import load_with_overrides

from .conftest import MINI


def test_every_fitted_rate_is_an_input_unless_the_scenario_sets_it(mini: Scenario) -> None:
    names = set(sampling.input_space(mini).names)
    fitted = {PREFIX + k for k in load_termination_dists()}
    assert fitted and fitted <= names
    own = load_with_overrides(MINI, ["calibration.relapse_5y=0.2"])
    assert PREFIX + "relapse_5y" not in set(sampling.input_space(own).names)
    assert PREFIX + "relapse_shape" in set(sampling.input_space(own).names)
    assert PREFIX + "learning_rate" not in set(sampling.input_space(own).names)
    assert all(n != PREFIX + "relapse_5y" for n, _ in fitted_inputs(frozenset({"relapse_5y"})))


def test_a_discrete_grid_index_follows_its_weights() -> None:
    d = Discrete((0.2, 0.0, 0.8))
    u = np.random.default_rng(0).random(20_000)
    idx = d.ppf(u)
    assert set(np.unique(idx)) == {0.0, 2.0}
    assert (idx == 2).mean() == pytest.approx(0.8, abs=0.01)


def test_a_rate_grid_wins_over_the_timing_posterior() -> None:
    values = {TIMING: np.zeros(3), PREFIX + "grid": np.zeros(3), PREFIX + "sign_hazard": np.ones(3)}
    assert with_timing(values) is values


def _chunk(mini: Scenario, values_extra: dict[str, np.ndarray], n: int = 4000):  # type: ignore[no-untyped-def]
    world, cal = compile_world(mini), resolve_calibration(mini)
    space = sampling.input_space(mini)
    u = sampling.uniforms(space, n, 7, 0)
    values = dict(sampling.by_name(space, space.quantiles(u)))
    values.update(values_extra)
    noise = Noise.for_world(world, 7, 0, n, 24)
    return run_chunk(world, values, cal, 24, noise), cal


def test_each_draw_relapses_at_its_own_rate(mini: Scenario) -> None:
    """Half the draws get relapse_5y 0.05, half 0.9: their deals' relapse risks split so."""
    n = 4000
    r5 = np.where(np.arange(n) % 2 == 0, 0.05, 0.9)
    out, cal = _chunk(mini, {PREFIX + "relapse_5y": r5}, n)
    has = np.flatnonzero(out.settled_month >= 0)
    assert has.size > 100, "deals are needed for the test to say anything"
    p5 = relapse_probability(
        5.0, out.hazard_multiplier[has], out.implemented[has], deal_rates(out, cal, has)
    )
    low, high = p5[r5[has] == 0.05], p5[r5[has] == 0.9]
    assert np.median(low) < 0.3 < 0.7 < np.median(high)


def test_learning_from_battles_moves_the_forecast(mini: Scenario) -> None:
    """Sides whose priors weigh little learn from the fighting, shed their optimism and settle
    more often than sides whose priors no battle can move (same seed: common numbers)."""
    fast = simulate(mini, n_draws=4000, seed=7, calibration={"belief_strength": 0.25})
    deaf = simulate(mini, n_draws=4000, seed=7, calibration={"belief_strength": 1000.0})
    assert fast.p_deal > deaf.p_deal + 0.05
    # optimism alone: without collapse hopes, only the bias the battles correct is left
    hopeless = load_with_overrides(
        MINI, [f"war.beliefs.{s}.collapse_hope=0" for s in ("russia", "ukraine")]
    )
    fast = simulate(hopeless, n_draws=4000, seed=7, calibration={"belief_strength": 0.25})
    deaf = simulate(hopeless, n_draws=4000, seed=7, calibration={"belief_strength": 1000.0})
    assert fast.p_deal > deaf.p_deal + 0.02, (fast.p_deal, deaf.p_deal)


def test_an_explicit_override_keeps_the_rate_a_point(mini: Scenario) -> None:
    cal = resolve_calibration(mini, {"relapse_5y": 0.2})
    dr = DrawRates.of(cal, {PREFIX + "relapse_5y": np.array([0.9, 0.9])}, 2)
    assert dr.relapse_5y == 0.2
    assert "relapse_5y" in cal.overridden


def test_the_timing_posterior_is_one_input_that_moves_both_rates(tiny: Scenario) -> None:
    """A scenario that sets no timing rate draws them jointly from the library posterior."""
    space = sampling.input_space(tiny)
    assert TIMING in space.names
    timing = load_timing()
    assert timing is not None and len(timing.points) == len(timing.weights)
    assert sum(timing.weights) == pytest.approx(1.0)
    idx = np.arange(len(timing.points), dtype=float)
    cols = with_timing({TIMING: idx})
    assert np.array_equal(cols[PREFIX + "sign_hazard"], [p["sign_hazard"] for p in timing.points])


def test_sobol_indices_include_the_fitted_rates(tiny: Scenario) -> None:
    """The rates' uncertainty is apportioned like any input's (issue: 'in Sobol indices')."""
    from detente.whatif.sobol import sobol_indices

    df = sobol_indices(tiny, n_base=8, replicates=1, n_months=6, seed=1)
    assert TIMING in set(df["input"]) and PREFIX + "relapse_shape" in set(df["input"])


def test_the_drawn_timing_point_sets_each_draws_rates(tiny: Scenario) -> None:
    """Draws at the grid's slowest timing point settle less than draws at its fastest."""
    timing = load_timing()
    assert timing is not None
    speed = [p["sign_hazard"] / p["belief_strength"] for p in timing.points]
    slow, fast = int(np.argmin(speed)), int(np.argmax(speed))
    n = 3000
    world, cal = compile_world(tiny), resolve_calibration(tiny)
    space = sampling.input_space(tiny)
    base = dict(sampling.by_name(space, space.quantiles(sampling.uniforms(space, n, 3, 0))))
    noise = Noise.for_world(world, 3, 0, n, 24)
    settled = []
    for k in (slow, fast):
        out = run_chunk(world, {**base, TIMING: np.full(n, float(k))}, cal, 24, noise)
        settled.append((out.settled_month >= 0).mean())
    assert settled[0] < settled[1]


def test_the_headline_says_how_far_the_timing_rates_move_p_deal(
    tiny: Scenario, mini: Scenario
) -> None:
    """Drawn timing rates give a range over the grid's points; pinned ones give none."""
    from detente.dynamics import simulate

    h = simulate(tiny, n_draws=4000, n_months=24, seed=2).headline
    lo, hi = h["p_deal_by_horizon_rates_low"], h["p_deal_by_horizon_rates_high"]
    assert 0.0 <= lo < hi <= 1.0
    assert "p_deal_by_horizon_rates_low" not in simulate(mini, n_draws=500, seed=2).headline


def test_the_rate_range_weighs_points_by_their_draws() -> None:
    from detente.dynamics.rates import rate_range

    settled = np.array([0.0, 50.0, 90.0])
    draws = np.array([100.0, 100.0, 100.0])
    assert rate_range(settled, draws) == (0.0, 0.9)
    assert rate_range(settled, np.array([1.0, 1000.0, 1.0])) == (0.05, 0.05)  # 50 of 1000
    assert rate_range(np.array([1.0]), np.array([2.0])) is None
