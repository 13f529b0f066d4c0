"""The shared rerun loop: variants on common random numbers, prefix-stable draws."""

from __future__ import annotations

import numpy as np

from detente.dynamics import DrawOutcomes, simulate
from detente.scenario import Scenario
from detente.whatif.levers import rank_levers, with_levers
from detente.whatif.rerun import Variant, rerun, variant_outcomes


def _same(a: object, b: object) -> bool:
    return all(
        np.array_equal(getattr(a, f), getattr(b, f), equal_nan=f == "relapse_5y")
        for f in ("settled_month", "relapse_5y", "ceasefire_at_horizon")
    )


def test_a_variant_outcome_is_simulates_own(mini: Scenario) -> None:
    """The loop's per-draw outcomes are exactly ``simulate(...).draws`` of the same run."""
    v = Variant("guarantee", with_levers(mini, {"europe_guarantee": True}))
    got = variant_outcomes(v, n_draws=700, n_months=10, seed=4, chunk_size=300)
    want = simulate(v.scenario, n_draws=700, n_months=10, seed=4, chunk_size=300).draws
    assert _same(got, want)


def test_fewer_draws_are_the_first_draws_of_more(mini: Scenario) -> None:
    """Prefix stability: a run of 250 draws is the first 250 of a run of 700 (chunks of 300)."""
    v = Variant("base", mini)
    small = variant_outcomes(v, n_draws=250, n_months=10, seed=4, chunk_size=300)
    big = variant_outcomes(v, n_draws=700, n_months=10, seed=4, chunk_size=300)
    assert _same(small, big.head(250))


def test_extending_a_pilot_equals_a_fresh_run(mini: Scenario) -> None:
    """A pilot of 400 extended to 900 draws is the fresh 900-draw run, draw by draw."""
    vs = [Variant("base", mini), Variant("pin", mini, pinned={"war.p_first_prevails": 0.9})]
    pilot = rerun(vs, n_draws=400, n_months=10, seed=8, chunk_size=300)
    more = rerun(vs, n_draws=900, n_months=10, seed=8, chunk_size=300, start=400)
    grown = [DrawOutcomes.concat([p, m]) for p, m in zip(pilot, more, strict=True)]
    fresh = rerun(vs, n_draws=900, n_months=10, seed=8, chunk_size=300, workers=2)
    assert all(_same(g, f) for g, f in zip(grown, fresh, strict=True))


def test_precision_chosen_draws_give_the_fixed_draw_numbers(mini: Scenario) -> None:
    """Choosing the draws by precision changes how many, never what they give."""
    chosen = rank_levers(mini, n_draws=4000, n_months=12, seed=1, half_width=0.03, pilot=500)
    n = chosen.attrs["precision"].n_draws
    assert 500 <= n <= 4000
    fixed = rank_levers(mini, n_draws=n, n_months=12, seed=1)
    cols = ["item", "p_deal", "delta_p_deal"]
    assert chosen[cols].equals(fixed[cols])
    assert chosen.attrs["precision"].achieved_half_width <= 0.03 + 1e-9
