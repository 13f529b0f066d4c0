"""The monthly agreement check agrees with a brute-force Nash search on random small cases."""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics.agreement import (
    admissible_intervals,
    check_agreement,
    floor_blame,
    interval_blame,
    is_interim,
    restrict_to_terms,
    third_party_accepts,
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


def test_a_third_party_accepts_what_it_likes_as_much_as_its_bottom_line() -> None:
    """Ideal 0.5, bottom line 0.7: it accepts [0.3, 0.7] on either side of its ideal, within
    its red line; open issues (NaN) are not its to accept; the binding issue is named."""
    ideal, red_lo, red_hi = np.array([0.5, 0.5]), np.zeros(2), np.array([1.0, 0.6])
    bottom = np.array([[0.7, 1.0], [0.55, 1.0]])
    ok, reason, issue, margin = third_party_accepts(
        np.array([0.3, np.nan]), ideal, bottom, red_lo, red_hi
    )
    assert ok.tolist() == [True, False] and reason.tolist() == [0, 2] and issue.tolist() == [-1, 0]
    assert margin[0] == pytest.approx(0.0) and margin[1] < 0
    ok, reason, issue, _ = third_party_accepts(np.array([0.5, 0.65]), ideal, bottom, red_lo, red_hi)
    assert not ok.any() and reason.tolist() == [1, 1] and issue.tolist() == [1, 1]


def test_named_terms_fix_the_zone_and_ceasefire_only_terms_are_interim() -> None:
    """The zone around a package is the term itself where both sides admit it, empty where
    not; a package naming ceasefire issues only is interim."""
    ideals = np.array([[0.0, 0.0], [1.0, 1.0]])
    iv = admissible_intervals(
        ideals, np.array([[[0.6, 0.6], [0.4, 0.4]]]), np.zeros((2, 2)), np.ones((2, 2)), ((), ())
    )
    z = restrict_to_terms(iv, np.array([0.5, np.nan]))
    assert z.joint_low[0, 0] == z.joint_high[0, 0] == 0.5 and z.issue_ok[0].all()
    assert z.joint_low[0, 1] == pytest.approx(0.4) and z.joint_high[0, 1] == pytest.approx(0.6)
    assert not restrict_to_terms(iv, np.array([0.9, np.nan])).issue_ok[0, 0]
    cf = np.array([False, True])
    assert is_interim(np.array([np.nan, 0.5]), cf)
    assert not is_interim(np.array([0.5, 0.5]), cf) and not is_interim(np.full(2, np.nan), cf)
