"""Military decision: the reference class's victory hazard, a competing ending of the war."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from detente.dynamics import simulate
from detente.dynamics.decision import decide, decision_hazard, elapsed_months
from detente.history.reference_class import CAUSES, ReferenceClass, load_hazards
from detente.scenario import Scenario
from detente.scenario.overrides import load_with_overrides

from .conftest import MINI

AS_OF = dt.date(2025, 9, 1)
AT_WAR = ["war.kind=interstate", "war.started=2022-02-24"]


def test_the_hazard_is_the_reference_class_victory_rate_with_its_uncertainty() -> None:
    """Posterior means equal the UCDP table's own victory hazard; draws scatter around them."""
    h = decision_hazard("interstate", dt.date(2022, 2, 24), AS_OF)
    assert h is not None
    ref = ReferenceClass(load_hazards())
    np.testing.assert_allclose(
        h.shape / h.rate, ref.rates("interstate")[:, CAUSES.index("victory")]
    )
    u = np.random.default_rng(1).random((20_000, len(h.shape)))
    draws = h.monthly(u, 24)
    np.testing.assert_allclose(draws.mean(axis=0), h.mean_monthly(24), rtol=0.05)
    assert draws[:, 0].std() > 0, "the rate's uncertainty must reach the draws"


def test_each_month_reads_the_band_of_the_time_the_war_has_lasted() -> None:
    """A war 40 months old at as_of is in the band holding month 40.5, not month 0."""
    h = decision_hazard("civil", dt.date(2022, 5, 1), AS_OF)
    assert h is not None and abs(elapsed_months(dt.date(2022, 5, 1), AS_OF) - h.elapsed) < 1e-9
    band = int(np.searchsorted(h.edges, h.elapsed + 0.5, side="right") - 1)
    assert h.bands(1)[0] == band and h.edges[band] <= h.elapsed < h.edges[band + 1]


def test_without_kind_and_start_there_is_no_decision_hazard() -> None:
    assert decision_hazard(None, dt.date(2022, 2, 24), AS_OF) is None
    assert decision_hazard("interstate", None, AS_OF) is None


def test_the_victor_is_side_a_with_its_chance_of_prevailing() -> None:
    """P(decision) = h and P(A | decision) = p_t, from one uniform."""
    rng = np.random.default_rng(2)
    n, h, p = 200_000, np.full(200_000, 0.3), np.full(200_000, 0.7)
    ends, a = decide(h, p, rng.random(n), np.ones(n, dtype=bool))
    assert abs(ends.mean() - 0.3) < 0.005 and abs(a[ends].mean() - 0.7) < 0.005
    none, _ = decide(h, p, rng.random(n), np.zeros(n, dtype=bool))
    assert not none.any(), "a ceasefire in force stops the battlefield from deciding"


@pytest.fixture
def at_war() -> Scenario:
    return load_with_overrides(MINI, AT_WAR)


def test_a_war_the_battlefield_decides_is_never_settled_afterwards(at_war: Scenario) -> None:
    """Competing endings: each draw ends at most one way, and the series add up."""
    r = simulate(at_war, n_draws=4000, seed=5)
    d = r.p_military_decision["p"].to_numpy()
    assert d[-1] > 0.05, "decisions must happen for the test to bite"
    assert np.all(np.diff(d) >= 0)
    assert np.all(d + r.p_settlement["p"].to_numpy() <= 1 + 1e-12)
    assert 0 < r.headline["p_decision_for_first"] < 1


def test_a_decision_removes_deals_it_would_otherwise_leave(
    mini: Scenario, at_war: Scenario
) -> None:
    """With the hazard on, fewer draws settle than with it off (same seed: common numbers)."""
    off = simulate(mini, n_draws=4000, seed=5)
    on = simulate(at_war, n_draws=4000, seed=5)
    assert off.headline["p_military_decision_by_horizon"] == 0.0
    assert on.p_deal < off.p_deal


def test_the_decision_rate_matches_the_hazard_where_nothing_else_ends_the_war(
    at_war: Scenario,
) -> None:
    """With no deal and no ceasefire possible, P(decided by m) = 1 − ∏(1 − h̄) up to the rate's
    posterior spread and Monte Carlo error."""
    s = load_with_overrides(
        MINI, [*AT_WAR, "positions.ukraine.security.red_line={limit: western_troops}"]
    )
    r = simulate(s, n_draws=20_000, n_months=24, seed=7, calibration={"sign_hazard": 1e-9})
    h = decision_hazard("interstate", dt.date(2022, 2, 24), s.as_of)
    assert h is not None
    u = np.random.default_rng(0).random((200_000, len(h.shape)))
    expect = 1 - np.prod(1 - h.monthly(u, 24), axis=1).mean()
    assert r.p_deal == 0.0
    assert abs(r.p_military_decision["p"].iloc[-1] - expect) < 0.02
