"""Durability from the terms (dynamics/terms.py): provisions and the post-war power shift."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics import durability
from detente.dynamics.calibration import resolve_calibration
from detente.dynamics.provisions import PROVISIONS, load_provision_effects
from detente.dynamics.terms import compile_terms
from detente.dynamics.world import compile_world
from detente.scenario import load_scenario


def _world():  # type: ignore[no-untyped-def]
    return compile_world(load_scenario("ukraine-2025-09"))


def test_provisions_are_read_off_the_terms() -> None:
    w = _world()
    dt = w.deal_terms
    assert dt is not None and dt.any_provisions
    ft = w.issues.index("foreign_troops")
    deals = np.full((2, w.n_issues), 0.5)
    deals[0, ft] = w.option_points[ft][3]  # neutral monitors
    deals[1, ft] = w.option_points[ft][4]  # no foreign forces
    z = dt.provisions(deals, w.option_points)
    pk = PROVISIONS.index("peacekeepers")
    assert z[0, pk] == 1.0 and z[1, pk] == 0.0


def test_the_average_agreement_keeps_the_reference_rate_and_draws_differ() -> None:
    """At the fitted sample's mean provisions the ratio is 1 in every bootstrap row; a deal
    with monitors gets the fitted (per-row) peacekeeping ratio relative to the mean."""
    s = load_scenario("ukraine-2025-09")
    w = compile_world(s)
    dt = compile_terms(s, w.scales)
    rows = np.arange(len(dt.log_hr_draws))
    assert np.allclose(dt.hazard_ratio(np.tile(dt.mean_z, (len(rows), 1)), rows), 1.0)
    z = np.zeros((len(rows), len(PROVISIONS)))
    z[:, PROVISIONS.index("peacekeepers")] = 1.0
    hr = dt.hazard_ratio(z, rows)
    fx = load_provision_effects()
    j = PROVISIONS.index("peacekeepers")
    beta = np.asarray(fx.draws)[:, fx.names.index("peacekeepers")]
    others = -(dt.mean_z * dt.log_hr_draws).sum(axis=1) + dt.mean_z[j] * dt.log_hr_draws[:, j]
    assert np.allclose(hr, np.exp(beta * (1 - dt.mean_z[j]) + others))
    assert hr.std() > 0  # the fit's uncertainty is carried per draw


def test_power_shift_follows_the_army_cap() -> None:
    """Powell (2006): a deal that caps Ukraine's army near zero shifts power to Russia after the
    war; the shift (and so the relapse hazard) falls as the cap rises."""
    w = _world()
    dt = w.deal_terms
    assert dt is not None and dt.any_shift
    k = w.issues.index("army_cap")
    deals = np.full((3, w.n_issues), 0.5)
    deals[:, k] = [0.0, 0.3, 1.0]
    shift = dt.power_shift(deals)
    assert shift[0] > shift[1] > shift[2] >= 0
    cal = resolve_calibration(load_scenario("ukraine-2025-09"))
    m = durability.hazard_multiplier(np.zeros(3), shift, np.zeros(3), cal)
    assert m[0] > m[2]


def test_the_engine_multiplies_a_deals_hazard_by_its_provisions() -> None:
    """The signed deal's multiplier carries the provisions' ratio (per draw row)."""
    from detente.dynamics.calibration import DrawRates
    from detente.dynamics.engine import _deal_multiplier

    s = load_scenario("ukraine-2025-09")
    w = compile_world(s)
    dt = w.deal_terms
    assert dt is not None
    ft = w.issues.index("foreign_troops")
    deals = np.full((2, w.n_issues), 0.5)
    deals[:, w.issues.index("army_cap")] = 1.0
    deals[0, ft] = w.option_points[ft][3]  # neutral monitors: peacekeepers + commission
    deals[1, ft] = w.option_points[ft][4]
    cal = resolve_calibration(s)
    dr = DrawRates.of(cal, {}, 2)
    u = np.array([0.3, 0.3])
    m = _deal_multiplier(w, deals, np.zeros(2), np.zeros(2), np.zeros(2), dr, u)
    rows = np.floor(u * len(dt.log_hr_draws)).astype(int)
    ratio = dt.hazard_ratio(dt.provisions(deals, w.option_points), rows)
    assert m[0] / m[1] == pytest.approx(ratio[0] / ratio[1], rel=1e-12)
    assert not np.isclose(ratio[0], ratio[1])


def test_the_engine_takes_the_power_shift_from_the_terms() -> None:
    """Two deals alike but for the army cap: the one that caps Ukraine's army near zero gets
    the higher relapse multiplier, whatever the front's trend."""
    from detente.dynamics.calibration import DrawRates
    from detente.dynamics.engine import _deal_multiplier

    s = load_scenario("ukraine-2025-09")
    w = compile_world(s)
    deals = np.full((2, w.n_issues), 0.5)
    deals[:, w.issues.index("army_cap")] = [0.0, 1.0]
    dr = DrawRates.of(resolve_calibration(s), {}, 2)
    m = _deal_multiplier(w, deals, np.zeros(2), np.zeros(2), np.zeros(2), dr, np.full(2, 0.3))
    assert m[0] > m[1]
