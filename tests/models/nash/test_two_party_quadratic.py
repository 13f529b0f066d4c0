"""The two-party search under quadratic loss: against SLSQP (numeric), enumeration (ordinal)."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import minimize

from detente.models.nash.two_party import zopa_two_party
from detente.models.nash.two_party_quadratic import zopa_two_party_quadratic
from detente.models.utility import package_utility


def _slsqp(
    ideals: np.ndarray,
    sal: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    floors: np.ndarray,
    weights: np.ndarray,
    rng: np.random.Generator,
) -> tuple[float, np.ndarray | None]:
    """Maximin t* (multi-start SLSQP), then the Nash point from the maximin package."""
    n = ideals.shape[1]

    def u(x: np.ndarray) -> np.ndarray:
        return package_utility(ideals, sal, x, "quadratic")

    bounds = [(lo[d], hi[d]) for d in range(n)]
    best, x_mm = -np.inf, None
    for _ in range(4):
        x0 = lo + (hi - lo) * rng.random(n)
        r = minimize(
            lambda z: -z[-1],
            np.append(x0, 0.0),
            method="SLSQP",
            bounds=[*bounds, (None, None)],
            constraints=[{"type": "ineq", "fun": lambda z: u(z[:-1]) - floors - z[-1]}],
            options={"ftol": 1e-14, "maxiter": 500},
        )
        if r.x[-1] > best:
            best, x_mm = float(r.x[-1]), r.x[:-1]
    if best <= 1e-6:
        return best, None
    w = weights / weights.sum()
    r = minimize(
        lambda x: -float((w * np.log(np.maximum(u(x) - floors, 1e-300))).sum()),
        x_mm,
        method="SLSQP",
        bounds=bounds,
        constraints=[{"type": "ineq", "fun": lambda x: u(x) - floors - 1e-12}],
        options={"ftol": 1e-14, "maxiter": 500},
    )
    return best, np.asarray(r.x)


def _log_nash(ideals, sal, x, floors, weights) -> float:  # type: ignore[no-untyped-def]
    s = package_utility(ideals, sal, x, "quadratic") - floors
    return float((weights / weights.sum() * np.log(s)).sum())


def test_numeric_nash_point_matches_slsqp() -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(120):
        n = int(rng.integers(1, 5))
        ideals, sal = rng.random((2, n)), rng.random((2, n)) + 0.05
        lo, hi = 0.3 * rng.random(n), 1.0 - 0.3 * rng.random(n)
        floors, weights = 0.75 + 0.25 * rng.random(2), 0.2 + rng.random(2)
        z = zopa_two_party_quadratic(ideals, sal, lo, hi, floors, weights, (None,) * n)
        t_star, x = _slsqp(ideals, sal, lo, hi, floors, weights, rng)
        assert bool(z.exists) == (t_star >= -1e-9)
        assert abs(float(z.gap) - max(0.0, -t_star)) < 1e-6
        if x is None:
            continue
        checked += 1
        ours = _log_nash(ideals, sal, z.deal, floors, weights)
        theirs = _log_nash(ideals, sal, x, floors, weights)
        assert ours >= theirs - 1e-6
        assert np.exp(ours) >= np.exp(theirs) - 1e-6
    assert checked > 60


def test_ordinal_against_enumeration() -> None:
    """Deals are always admissible and above both floors; the supported point is the best
    package in nearly every case (the rest are unsupported Pareto points it cannot see)."""
    rng = np.random.default_rng(5)
    trials, found, missed, same = 600, 0, 0, 0
    for _ in range(trials):
        n = int(rng.integers(2, 5))
        opts = tuple(tuple(np.linspace(0, 1, int(k))) for k in rng.integers(3, 6, size=n))
        ideals = np.array([[rng.choice(o) for o in opts] for _ in range(2)])
        sal = rng.random((2, n)) + 0.05
        floors, weights = 0.6 + 0.3 * rng.random(2), 0.2 + rng.random(2)
        z = zopa_two_party_quadratic(ideals, sal, np.zeros(n), np.ones(n), floors, weights, opts)
        pk = np.array(list(itertools.product(*opts)))
        s = package_utility(ideals, sal, pk, "quadratic") - floors
        ok = (s >= -1e-12).all(axis=1)
        assert not (bool(z.exists) and not ok.any()), "a ZOPA that does not exist"
        if not ok.any():
            continue
        if not z.exists:
            missed += 1
            continue
        found += 1
        assert any(np.allclose(z.deal, p) for p in pk), "not an option combination"
        s_deal = package_utility(ideals, sal, z.deal, "quadratic") - floors
        assert (s_deal >= -1e-12).all()
        w = weights / weights.sum()
        with np.errstate(divide="ignore"):
            v = np.where((s > 0).all(1), (w * np.log(np.where(s > 0, s, 1.0))).sum(1), -np.inf)
        same += bool(np.isclose(_log_nash(ideals, sal, z.deal, floors, weights), v.max()))
    assert missed <= 0.03 * (found + missed)
    assert same >= 0.9 * found


def test_splits_issues_where_linear_trades_them() -> None:
    """Opposed ideals, each side caring most about a different issue: linear loss gives each
    side its issue (a corner); quadratic loss splits both, on the contract curve."""
    ideals = np.array([[0.0, 0.0], [1.0, 1.0]])
    sal = np.array([[0.7, 0.3], [0.3, 0.7]])
    args = (np.zeros(2), np.ones(2), np.zeros(2), np.ones(2), (None, None))
    lin = zopa_two_party(ideals, sal, *args).deal
    quad = zopa_two_party_quadratic(ideals, sal, *args).deal
    np.testing.assert_allclose(lin, [0.0, 1.0], atol=1e-12)
    assert ((quad > 0.1) & (quad < 0.9)).all()
    # symmetric case: x_2 = 1 - x_1, and both issues share one weight λ (Pareto optimality)
    np.testing.assert_allclose(quad[0] + quad[1], 1.0, atol=1e-9)
    ratio = quad / (1 - quad) * sal[0] / sal[1]
    np.testing.assert_allclose(ratio[0], ratio[1], rtol=1e-7)


def test_batch_shapes_and_want_deal() -> None:
    rng = np.random.default_rng(0)
    ideals, sal = rng.random((2, 3)), rng.random((2, 3)) + 0.1
    lo, hi = np.zeros((50, 3)), np.ones((50, 3))
    floors = 0.7 + 0.3 * rng.random((50, 2))
    want = rng.random(50) < 0.5
    opts = (None, (0.0, 0.5, 1.0), None)
    full = zopa_two_party_quadratic(ideals, sal, lo, hi, floors, np.ones(2), opts)
    part = zopa_two_party_quadratic(ideals, sal, lo, hi, floors, np.ones(2), opts, want)
    assert full.deal.shape == (50, 3) and full.exists.shape == (50,)
    np.testing.assert_array_equal(full.exists, part.exists)
    assert np.isnan(part.deal[~want]).all()
    np.testing.assert_allclose(part.deal[want & full.exists], full.deal[want & full.exists])
    # per-row ideals equal to the shared ones give the same answer
    rows = zopa_two_party_quadratic(
        np.broadcast_to(ideals, (50, 2, 3)), sal, lo, hi, floors, np.ones(2), opts
    )
    np.testing.assert_array_equal(rows.exists, full.exists)
    np.testing.assert_allclose(rows.deal, full.deal)
    # an empty numeric interval or no admissible option: no ZOPA, infinite gap
    lo2, hi2 = lo.copy(), hi.copy()
    lo2[0, 0], hi2[0, 0] = 0.6, 0.4
    lo2[1, 1], hi2[1, 1] = 0.6, 0.9
    z = zopa_two_party_quadratic(ideals, sal, lo2, hi2, np.zeros((50, 2)), np.ones(2), opts)
    assert not z.exists[0] and not z.exists[1] and np.isinf(z.gap[:2]).all()
    assert z.exists[2:].all()
