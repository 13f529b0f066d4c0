"""The compiled kernels give exactly what their numpy formulas give, on random inputs.

The reference functions below are the plain numpy statements of each formula (as documented
in ``detente.dynamics.agreement``); the kernels must agree with them bit for bit on the
verdicts and intervals, and to rounding on the blame shares.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.dynamics import kernels
from detente.dynamics.agreement import admissible_intervals, could_agree, interval_blame
from detente.models.utility import issue_loss

OPTS = ((), (0.0, 0.5, 1.0), (), (0.0, 1 / 3, 2 / 3, 1.0), ())


def _ref_intervals(ideals, bottom, red_low, red_high, opts, within):  # type: ignore[no-untyped-def]
    rival = ideals[::-1]
    up = (rival >= ideals)[None]
    lo = np.where(up, 0.0, np.minimum(bottom, ideals[None]))
    hi = np.where(up, np.maximum(bottom, ideals[None]), 1.0)
    rl = red_low if red_low.ndim == 3 else red_low[None]
    rh = red_high if red_high.ndim == 3 else red_high[None]
    lo, hi = np.maximum(lo, rl), np.minimum(hi, rh)
    jl, jh = lo.max(axis=1), hi.min(axis=1)
    if within is not None:
        jl, jh = np.maximum(jl, within[0]), np.minimum(jh, within[1])
    ok = jl <= jh + 1e-12
    for d, pts in enumerate(opts):
        if pts:
            p = np.asarray(pts)
            ok[:, d] = (
                (p[None] >= jl[:, d, None] - 1e-9) & (p[None] <= jh[:, d, None] + 1e-9)
            ).any(axis=1)
    return lo, hi, jl, jh, ok


def _ref_could_agree(ideals, w, low, high, floors, opts, utility):  # type: ignore[no-untyped-def]
    n, n_i = low.shape
    loss = np.zeros((n, 3))
    for d in range(n_i):
        if opts[d]:
            cand = np.broadcast_to(np.asarray(opts[d])[None], (n, len(opts[d])))
            inside = (cand >= low[:, d, None] - 1e-9) & (cand <= high[:, d, None] + 1e-9)
        else:
            cols = [low[:, d], high[:, d], np.clip(ideals[0, d], low[:, d], high[:, d])]
            cols.append(np.clip(ideals[1, d], low[:, d], high[:, d]))
            if utility != "linear":
                tot = w[0, d] + w[1, d]
                mean = (w[0, d] * ideals[0, d] + w[1, d] * ideals[1, d]) / tot if tot > 0 else 0.5
                cols.append(np.clip(mean, low[:, d], high[:, d]))
            cand = np.stack(cols, axis=1)
            inside = np.ones_like(cand, dtype=bool)
        la = w[0, d] * issue_loss(cand - ideals[0, d], utility)
        lb = w[1, d] * issue_loss(cand - ideals[1, d], utility)
        for j, cost in enumerate((la, lb, la + lb)):
            loss[:, j] += np.where(inside, cost, np.inf).min(axis=1)
    best = np.array([1.0, 1.0, 2.0]) - loss
    need = np.column_stack([floors[:, 0], floors[:, 1], floors.sum(axis=1)])
    return (best >= need - 1e-9).all(axis=1)


def _random(seed: int, n: int = 400):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    n_i = len(OPTS)
    ideals = rng.choice([0.0, 0.2, 0.5, 0.8, 1.0], size=(2, n_i))
    bottom = rng.random((n, 2, n_i))
    red_lo = np.where(rng.random((n, 2, n_i)) < 0.3, rng.random((n, 2, n_i)) * 0.5, 0.0)
    red_hi = np.where(rng.random((n, 2, n_i)) < 0.3, 0.5 + rng.random((n, 2, n_i)) * 0.5, 1.0)
    within = (rng.random((n, n_i)) * 0.3, 0.7 + rng.random((n, n_i)) * 0.3)
    bottom[rng.random((n, 2, n_i)) < 0.01] = np.nan  # NaN semantics must match numpy's
    sal = rng.random((2, n_i))
    sal /= sal.sum(axis=1, keepdims=True)
    return ideals, bottom, red_lo, red_hi, within, sal, rng


@pytest.mark.parametrize("seed", range(6))
def test_intervals_kernel_equals_the_numpy_formula(seed: int) -> None:
    ideals, bottom, red_lo, red_hi, within, _, _ = _random(seed)
    for rl, rh, wi in ((red_lo, red_hi, within), (red_lo[0], red_hi[0], None)):
        got = admissible_intervals(ideals, bottom, rl, rh, OPTS, wi)
        ref = _ref_intervals(ideals, bottom, rl, rh, OPTS, wi)
        for a, b in zip(
            (got.low, got.high, got.joint_low, got.joint_high, got.issue_ok), ref, strict=True
        ):
            np.testing.assert_array_equal(a, b)
    assert 0 < got.issue_ok.mean() < 1, "both verdicts must occur for the test to bite"


@pytest.mark.parametrize("utility", ["linear", "quadratic"])
@pytest.mark.parametrize("seed", range(4))
def test_zone_prefilter_kernel_equals_the_numpy_formula(seed: int, utility: str) -> None:
    ideals, bottom, red_lo, red_hi, within, sal, rng = _random(seed)
    iv = admissible_intervals(ideals, bottom, red_lo, red_hi, OPTS, within)
    floors = rng.random((len(bottom), 2)) * 0.9
    got = could_agree(ideals, sal, iv.joint_low, iv.joint_high, floors, OPTS, utility)
    ref = _ref_could_agree(ideals, sal, iv.joint_low, iv.joint_high, floors, OPTS, utility)
    np.testing.assert_array_equal(got, ref)
    assert 0 < got.mean() < 1


def test_an_unknown_utility_is_refused() -> None:
    ideals, bottom, red_lo, red_hi, within, sal, _ = _random(0, 5)
    iv = admissible_intervals(ideals, bottom, red_lo, red_hi, OPTS, within)
    with pytest.raises(ValueError, match="utility"):
        could_agree(ideals, sal, iv.joint_low, iv.joint_high, np.zeros((5, 2)), OPTS, "cubic")


@pytest.mark.parametrize("weighted", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_blame_kernel_is_the_sum_of_the_per_draw_shares(seed: int, weighted: bool) -> None:
    ideals, bottom, red_lo, red_hi, within, sal, _ = _random(seed)
    iv = admissible_intervals(ideals, bottom, red_lo, red_hi, OPTS, within)
    rows = np.flatnonzero(~iv.issue_ok.all(axis=1))
    assert rows.size > 50
    s = sal if weighted else None
    got = kernels.blame_sum(ideals, iv.low, iv.high, iv.issue_ok, rows, s)
    ref = interval_blame(ideals, iv, rows, s).sum(axis=0)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)
