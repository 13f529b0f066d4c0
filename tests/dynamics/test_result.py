"""Tests of the SimulationResult contract shared with the report."""

from __future__ import annotations

import json
import math

import numpy as np

from detente.dynamics import SimulationResult, simulate
from detente.dynamics.result import jeffreys_interval
from detente.scenario import Scenario


def test_jeffreys_interval_matches_the_beta_quantiles() -> None:
    """10 of 100 gives about [0.059, 0.158] at 90% (Brown, Cai & DasGupta 2001); 0 starts at 0."""
    lo, hi = jeffreys_interval(10, 100)
    assert abs(float(lo) - 0.0591) < 0.001 and abs(float(hi) - 0.1578) < 0.001
    assert float(jeffreys_interval(0, 50)[0]) == 0.0


def test_result_has_the_contract_columns(mini: Scenario) -> None:
    """Every frame carries exactly the columns the report consumes."""
    r = simulate(mini, n_draws=3000, n_months=6, seed=1)
    assert isinstance(r, SimulationResult)
    assert list(r.p_ceasefire.columns) == ["month", "p", "low", "high"]
    assert list(r.p_settlement.columns) == ["month", "p", "low", "high"]
    assert (
        list(r.time_to_deal.columns) == ["month", "p"]
        and r.time_to_deal["month"].iloc[-1] == "never"
    )
    assert list(r.terms.columns) == [
        "issue",
        "issue_name",
        "q05",
        "q25",
        "q50",
        "q75",
        "q95",
        "mean",
        "label_q50",
        "n",
    ]
    assert list(r.p_relapse["years"]) == [1, 3, 5]
    assert list(r.blockers.columns) == ["constraint", "kind", "actor", "issue", "share"]
    assert set(r.blockers["kind"]) <= {
        "red_line",
        "walk_away",
        "public_tolerance",
        "not_at_table",
        "coupling",
    }
    for key in (
        "p_deal_by_horizon",
        "p_deal_by_horizon_low",
        "p_deal_by_horizon_high",
        "p_ceasefire_at_horizon",
        "median_months_to_deal",
        "p_relapse_5y",
    ):
        assert key in r.headline
    json.dumps(r.params)
    assert set(r.to_frames()) >= {
        "p_ceasefire",
        "p_settlement",
        "time_to_deal",
        "terms",
        "p_relapse",
        "blockers",
    }


def test_terms_are_in_native_units_within_each_scale(mini: Scenario) -> None:
    """Deal terms lie on each issue's own scale and samples are capped at 5,000."""
    r = simulate(mini, n_draws=20_000, n_months=24, seed=2)
    t = r.terms.set_index("issue")
    assert 0 <= t.loc["territory", "q05"] <= t.loc["territory", "q95"] <= 100
    assert all(len(v) <= 5000 for v in r.terms_samples.values())
    assert int(t.loc["territory", "n"]) == round(r.p_deal * r.n_draws)
    assert (
        math.isnan(r.headline["median_months_to_deal"]) or r.headline["median_months_to_deal"] >= 1
    )
    assert np.all(np.isfinite(r.terms_samples["territory"]))
