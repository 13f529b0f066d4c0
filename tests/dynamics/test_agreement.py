"""The monthly agreement check agrees with a brute-force Nash search on random small cases."""

from __future__ import annotations

import numpy as np

from detente.dynamics.agreement import (
    admissible_intervals,
    check_agreement,
    floor_blame,
    interval_blame,
)

OPTS = ((), (0.0, 0.5, 1.0))  # one numeric issue, one ordinal issue with three options


def _brute(
    ideals: np.ndarray, sal: np.ndarray, lo: np.ndarray, hi: np.ndarray, floors: np.ndarray
) -> tuple[bool, float]:
    """Existence and the best Nash product by enumerating a fine grid of packages."""
    xs = np.linspace(0, 1, 2001)
    xs = xs[(xs >= lo[0] - 1e-12) & (xs <= hi[0] + 1e-12)]
    ys = np.array([o for o in OPTS[1] if lo[1] - 1e-9 <= o <= hi[1] + 1e-9])
    if xs.size == 0 or ys.size == 0:
        return False, -np.inf
    X, Y = np.meshgrid(xs, ys, indexing="ij")
    pk = np.stack([X.ravel(), Y.ravel()], axis=1)
    u = 1 - (sal[None] * np.abs(pk[:, None, :] - ideals[None])).sum(-1)
    gain = u - floors[None]
    ok = (gain >= -1e-9).all(axis=1)
    if not ok.any():
        return False, -np.inf
    return True, float(
        np.max(
            np.where(
                ok,
                np.log(np.maximum(gain[:, 0], 1e-300)) + np.log(np.maximum(gain[:, 1], 1e-300)),
                -np.inf,
            )
        )
    )


def test_fast_check_matches_brute_force_nash_on_thousands_of_cases() -> None:
    """Existence agrees, and the fast deal is at least as good as the best grid package."""
    rng = np.random.default_rng(7)
    ideals = np.array([[1.0, 1.0], [0.0, 0.0]])
    sal = np.array([[0.6, 0.4], [0.3, 0.7]])
    n = 6000
    bottom = rng.random((n, 2, 2))
    bottom[:, :, 1] = np.array(OPTS[1])[rng.integers(0, 3, (n, 2))]
    iv = admissible_intervals(ideals, bottom, np.zeros((2, 2)), np.ones((2, 2)), OPTS)
    floors = rng.uniform(0.2, 0.8, (n, 2))
    rows = np.flatnonzero(iv.issue_ok.all(axis=1))
    exists, deal = check_agreement(ideals, sal, iv, rows, floors, np.ones((n, 2)), OPTS)
    mismatches = 0
    for k, r in enumerate(rows):
        ok, best = _brute(ideals, sal, iv.joint_low[r], iv.joint_high[r], floors[r])
        if ok != bool(exists[k]):
            mismatches += 1
            continue
        if ok:
            u = 1 - (sal * np.abs(deal[k][None] - ideals)).sum(-1)
            g = u - floors[r]
            assert (g >= -1e-9).all()
            assert np.log(max(g[0], 1e-300)) + np.log(max(g[1], 1e-300)) >= best - 1e-6
    # the grid (step 0.0005) can miss a ZOPA narrower than its step: allow a handful
    assert len(rows) > 1500
    assert mismatches <= 5


def test_blame_shares_sum_to_one_per_blocked_draw() -> None:
    """Red-line and floor blame each distribute one unit per blocked draw."""
    ideals = np.array([[1.0, 1.0], [0.0, 0.0]])
    sal = np.array([[0.5, 0.5], [0.5, 0.5]])
    bottom = np.array([[[0.2, 0.5], [0.8, 0.5]], [[0.9, 0.5], [0.1, 0.5]]])
    iv = admissible_intervals(ideals, bottom, np.zeros((2, 2)), np.ones((2, 2)), OPTS)
    assert iv.issue_ok[0].all() and not iv.issue_ok[1, 0]
    assert np.isclose(interval_blame(ideals, iv, np.array([1])).sum(), 1.0)
    assert np.isclose(
        floor_blame(ideals, sal, iv, np.array([0]), np.array([[0.9, 0.9], [0.9, 0.9]])).sum(), 1.0
    )


def test_an_incompatibility_on_a_weightier_issue_takes_more_of_the_blame() -> None:
    """Where two issues are both blocked, the one with the larger stake gets the larger share."""
    ideals = np.array([[1.0, 1.0], [0.0, 0.0]])
    sal = np.array([[0.8, 0.2], [0.8, 0.2]])
    bottom = np.array([[[0.9, 0.9], [0.1, 0.1]]])  # both issues blocked (numeric only)
    iv = admissible_intervals(ideals, bottom, np.zeros((2, 2)), np.ones((2, 2)), ((), ()))
    share = interval_blame(ideals, iv, np.array([0]), sal)[0].sum(axis=0)
    assert np.isclose(share.sum(), 1.0)
    assert np.isclose(share[0], 0.8) and np.isclose(share[1], 0.2)
