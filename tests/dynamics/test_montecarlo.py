"""Tests of the Monte Carlo driver: reproducibility, chunking, progress, parameters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.dynamics import simulate
from detente.errors import InvalidParameterError
from detente.scenario import Scenario


def test_same_seed_gives_identical_outputs(mini: Scenario, seed: int) -> None:
    """Two runs with one seed agree on every frame, sample and headline number."""
    a = simulate(mini, n_draws=3000, n_months=12, seed=seed)
    b = simulate(mini, n_draws=3000, n_months=12, seed=seed)
    for name, frame in a.to_frames().items():
        pd.testing.assert_frame_equal(frame, b.to_frames()[name], check_exact=True, obj=name)
    for k, v in a.terms_samples.items():
        assert np.array_equal(v, b.terms_samples[k], equal_nan=True)
    assert a.params == b.params


def test_different_seeds_give_different_draws(mini: Scenario) -> None:
    """The seed matters."""
    a = simulate(mini, n_draws=3000, n_months=12, seed=1)
    b = simulate(mini, n_draws=3000, n_months=12, seed=2)
    assert not a.p_ceasefire.equals(b.p_ceasefire)


def test_progress_reports_every_chunk_up_to_the_total(mini: Scenario) -> None:
    """The callback sees cumulative counts ending at n_draws."""
    seen: list[tuple[int, int]] = []
    simulate(
        mini,
        n_draws=2500,
        n_months=3,
        seed=0,
        chunk_size=1000,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_probabilities_are_consistent(mini: Scenario) -> None:
    """P(settled by t) never falls; the time-to-deal pmf sums to one; intervals bracket p."""
    r = simulate(mini, n_draws=4000, n_months=12, seed=0)
    p = r.p_settlement["p"].to_numpy()
    assert (np.diff(p) >= 0).all()
    assert np.isclose(r.time_to_deal["p"].sum(), 1.0)
    assert np.isclose(r.time_to_deal["p"].iloc[:-1].sum(), p[-1])
    for f in (r.p_settlement, r.p_ceasefire, r.p_relapse):
        assert ((f["low"] <= f["p"]) & (f["p"] <= f["high"])).all()
    assert len(r.months) == 12 and r.months[0] == "2025-10"


@pytest.mark.parametrize(("name", "value"), [("n_draws", 0), ("n_months", 0), ("chunk_size", -1)])
def test_invalid_parameters_raise(mini: Scenario, name: str, value: int) -> None:
    """Bad draws, months or chunk sizes raise InvalidParameterError."""
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter"):
        simulate(mini, **{name: value})  # type: ignore[arg-type]


def test_scenario_without_war_cannot_be_simulated(mini: Scenario) -> None:
    """The simulation needs the alternative to a deal."""
    with pytest.raises(InvalidParameterError, match="no `war` block"):
        simulate(mini.model_copy(update={"war": None}), n_draws=10)


def test_parallel_workers_give_identical_numbers() -> None:
    """Two worker processes reproduce the single-process result exactly (chunks own their streams)."""
    from detente.scenario import load_scenario

    s = load_scenario("ukraine-2025-09")
    one = simulate(s, n_draws=3000, n_months=24, seed=9, chunk_size=1000)
    two = simulate(s, n_draws=3000, n_months=24, seed=9, chunk_size=1000, workers=2)
    for name, frame in one.to_frames().items():
        pd.testing.assert_frame_equal(frame, two.to_frames()[name])
